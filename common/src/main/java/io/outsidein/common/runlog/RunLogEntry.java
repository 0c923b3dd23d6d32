package io.outsidein.common.runlog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One row of {@code ops.run_log}: what one stage did to one source (or table) in one run. {@code source} is
 * empty for a stage-level row. Every ingest row reconciles {@code rowsRead = rowsWritten + rowsQuarantined +
 * rowsDuplicate}; the job fails when it does not. {@code rowsQuarantined} is what this run judged faulty,
 * {@code rowsQuarantinedNew} what of it the quarantine table did not hold yet: summed over runs, the latter is
 * the table's content (before retention). Build one with {@link #builder}.
 */
public record RunLogEntry(
    String runId,
    String stage,
    LocalDate runDate,
    LocalDate runFrom,
    String source,
    long rowsRead,
    long rowsWritten,
    long rowsQuarantined,
    long rowsDuplicate,
    long rowsQuarantinedNew,
    List<LocalDate> eventDates,
    long filesRead,
    long filesQuarantined,
    Instant startedAt,
    Instant endedAt,
    RunStatus status,
    String message) {

  public RunLogEntry {
    requireNonNull(runId, "runId is null");
    requireNonNull(stage, "stage is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(runFrom, "runFrom is null");
    requireNonNull(source, "source is null");
    eventDates = List.copyOf(eventDates);
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
    requireNonNull(status, "status is null");
    requireNonNull(message, "message is null");
  }

  /**
   * A row of {@code stage} about {@code source} (empty: the stage itself) in {@code run}, started at
   * {@code startedAt}; counts default to 0, the status to succeeded, the end to when {@link Builder#build} runs.
   */
  public static Builder builder(RunContext run, String stage, String source, Instant startedAt) {
    return new Builder(run, stage, source, startedAt);
  }

  /** Whether read = written + quarantined + duplicate. */
  public boolean reconciles() {
    return rowsRead == rowsWritten + rowsQuarantined + rowsDuplicate;
  }

  public double quarantineShare() {
    return rowsRead == 0 ? 0.0 : (double) rowsQuarantined / rowsRead;
  }

  public RunLogEntry withStatus(RunStatus newStatus, String newMessage) {
    return new RunLogEntry(runId, stage, runDate, runFrom, source, rowsRead, rowsWritten, rowsQuarantined,
        rowsDuplicate, rowsQuarantinedNew, eventDates, filesRead, filesQuarantined, startedAt, endedAt, newStatus, newMessage);
  }

  /** The same row with {@code added} as the records this run added to quarantine (known only once it wrote them). */
  public RunLogEntry withQuarantinedNew(long added) {
    return new RunLogEntry(runId, stage, runDate, runFrom, source, rowsRead, rowsWritten, rowsQuarantined,
        rowsDuplicate, added, eventDates, filesRead, filesQuarantined, startedAt, endedAt, status, message);
  }

  /** Collects one row's values; only used where the row is made, then turned into the immutable entry. */
  public static final class Builder {
    private final RunContext run;
    private final String stage;
    private final String source;
    private final Instant startedAt;
    private long read;
    private long written;
    private long quarantined;
    private long duplicate;
    private long quarantinedNew;
    private List<LocalDate> eventDates = List.of();
    private long filesRead;
    private long filesQuarantined;
    private RunStatus status = RunStatus.SUCCEEDED;
    private String message = "";
    private Instant endedAt;

    private Builder(RunContext run, String stage, String source, Instant startedAt) {
      this.run = requireNonNull(run, "run is null");
      this.stage = requireNonNull(stage, "stage is null");
      this.source = requireNonNull(source, "source is null");
      this.startedAt = requireNonNull(startedAt, "startedAt is null");
    }

    public Builder rows(long rowsRead, long rowsWritten, long rowsQuarantined, long rowsDuplicate) {
      this.read = rowsRead;
      this.written = rowsWritten;
      this.quarantined = rowsQuarantined;
      this.duplicate = rowsDuplicate;
      return this;
    }

    /** Of the quarantined records, how many this run added to the quarantine table (0 on a rerun). */
    public Builder quarantinedNew(long added) {
      this.quarantinedNew = added;
      return this;
    }

    public Builder eventDates(List<LocalDate> dates) {
      this.eventDates = List.copyOf(dates);
      return this;
    }

    public Builder files(long read, long quarantined) {
      this.filesRead = read;
      this.filesQuarantined = quarantined;
      return this;
    }

    public Builder status(RunStatus newStatus, String newMessage) {
      this.status = requireNonNull(newStatus, "status is null");
      this.message = requireNonNull(newMessage, "message is null");
      return this;
    }

    public Builder message(String newMessage) {
      this.message = requireNonNull(newMessage, "message is null");
      return this;
    }

    public Builder endedAt(Instant ended) {
      this.endedAt = requireNonNull(ended, "endedAt is null");
      return this;
    }

    public RunLogEntry build() {
      return new RunLogEntry(run.runId(), stage, run.to(), run.from(), source, read, written, quarantined, duplicate,
          quarantinedNew, eventDates, filesRead, filesQuarantined, startedAt, endedAt == null ? Instant.now() : endedAt, status,
          message);
    }
  }
}
