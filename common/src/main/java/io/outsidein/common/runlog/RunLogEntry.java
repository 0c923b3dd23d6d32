package io.outsidein.common.runlog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One row of {@code ops.run_log}: what one stage did to one source in one run. {@code source} is empty
 * for a stage-level row. Every ingest row reconciles {@code rowsRead = rowsWritten + rowsQuarantined +
 * rowsDuplicate}; the job fails when it does not.
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

  /** Whether read = written + quarantined + duplicate. */
  public boolean reconciles() {
    return rowsRead == rowsWritten + rowsQuarantined + rowsDuplicate;
  }

  public double quarantineShare() {
    return rowsRead == 0 ? 0.0 : (double) rowsQuarantined / rowsRead;
  }

  public RunLogEntry withStatus(RunStatus newStatus, String newMessage) {
    return new RunLogEntry(runId, stage, runDate, runFrom, source, rowsRead, rowsWritten, rowsQuarantined,
        rowsDuplicate, eventDates, filesRead, filesQuarantined, startedAt, endedAt, newStatus, newMessage);
  }
}
