package io.outsidein.jobs.cli;

import io.outsidein.common.io.TableName;
import io.outsidein.common.runlog.OpsTables;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunLogWriter;
import io.outsidein.common.runlog.RunStatus;
import io.outsidein.common.runlog.StageFailedException;
import io.outsidein.jobs.ingest.IngestJob;
import io.outsidein.jobs.journeys.JourneysJob;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs the stages of a night in order over a run's dates, records each in the run log and prints one
 * progress line per stage. A failed stage stops the night (exit 1); a breached quality gate stops it after
 * the stage has written what it had (exit 3), so later stages never build on data that failed its gate.
 */
final class NightlyPipeline {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NightlyPipeline.class);
  private final Environment environment;
  private final PrintStream out;

  NightlyPipeline(Environment environment, PrintStream out) {
    this.environment = environment;
    this.out = out;
  }

  /**
   * Only ingest, as {@code outsidein ingest} runs it; returns the event dates it wrote rows to in the sources
   * the journeys read.
   */
  List<LocalDate> ingest(RunContext run) {
    RunLogWriter runLog = environment.runLog();
    List<RunLogEntry> entries = timed(run, IngestJob.STAGE, () ->
        new IngestJob(environment.spark(), environment.settings(), environment.tables(), environment.pseudonymizer())
            .run(run));
    runLog.write(entries);
    report(entries);
    List<RunLogEntry> failed = entries.stream().filter(e -> e.status() == RunStatus.FAILED).toList();
    if (!failed.isEmpty()) {
      throw new StageFailedException(IngestJob.STAGE, failed.get(0).source() + ": " + failed.get(0).message());
    }
    List<RunLogEntry> breached = entries.stream().filter(e -> e.status() == RunStatus.GATE_BREACHED).toList();
    if (!breached.isEmpty()) {
      throw new QualityGateBreachedException("Data-quality gate breached in " + IngestJob.STAGE + ": "
          + breached.stream().map(RunLogEntry::message).collect(Collectors.joining("; ")));
    }
    return entries.stream().filter(e -> JourneysJob.INPUTS.contains(e.source()))
        .flatMap(e -> e.eventDates().stream()).distinct().sorted().toList();
  }

  /** Only journeys, as {@code outsidein journeys} runs it, over the run's dates and the changed event dates. */
  void journeys(RunContext run, List<LocalDate> changedEventDates) {
    TreeSet<LocalDate> dates = new TreeSet<>(changedEventDates);
    run.from().datesUntil(run.to().plusDays(1)).forEach(dates::add);
    List<RunLogEntry> entries = timed(run, JourneysJob.STAGE, () ->
        new JourneysJob(environment.spark(), environment.settings(), environment.tables())
            .run(run, List.copyOf(dates)));
    environment.runLog().write(entries);
    for (RunLogEntry e : entries) {
      out.printf(Locale.ROOT, "  %-15s written %,10d  %5.1f s  %s%n", e.source(), e.rowsWritten(),
          Duration.between(e.startedAt(), e.endedAt()).toMillis() / 1000.0, e.message());
    }
  }

  /** The event dates that successful ingest runs of the run's delivery dates recorded (late data included). */
  List<LocalDate> changedDates(RunContext run) {
    TableName runLog = OpsTables.runLog(environment.settings().catalog()).name();
    if (!environment.spark().catalog().tableExists(runLog.sql())) {
      return List.of();
    }
    return environment.spark().table(runLog.sql())
        .where("stage = '" + IngestJob.STAGE + "' AND status <> 'failed' AND run_date BETWEEN DATE'" + run.from()
            + "' AND DATE'" + run.to() + "' AND source IN ('" + String.join("', '", JourneysJob.INPUTS) + "')")
        .selectExpr("explode(event_dates) AS d").distinct().collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate()).sorted().toList();
  }

  /** Every stage that exists, in order. */
  void nightly(RunContext run) {
    Instant started = Instant.now();
    RunStatus status = RunStatus.FAILED;
    String message = "";
    try {
      List<LocalDate> changed = ingest(run);
      journeys(run, changed);
      status = RunStatus.SUCCEEDED;
    } catch (QualityGateBreachedException e) {
      status = RunStatus.GATE_BREACHED;
      message = e.getMessage();
      throw e;
    } catch (RuntimeException e) {
      message = String.valueOf(e.getMessage());
      throw e;
    } finally {
      recordNight(run, started, status, message);
    }
  }

  /** The stage-level row of the night; a failure to write it never hides why the night failed. */
  private void recordNight(RunContext run, Instant started, RunStatus status, String message) {
    try {
      environment.runLog().write(List.of(new RunLogEntry(run.runId(), "nightly", run.to(), run.from(), "",
          0, 0, 0, 0, List.of(), 0, 0, started, Instant.now(), status, message)));
    } catch (RuntimeException e) {
      if (status == RunStatus.SUCCEEDED) {
        throw new StageFailedException("nightly", "cannot write the run log: " + rootMessage(e), e);
      }
      LOG.error("Cannot record the night's {} status in the run log", status.code(), e);
    }
  }

  private <T> T timed(RunContext run, String stage, java.util.function.Supplier<T> work) {
    Instant started = Instant.now();
    out.printf(Locale.ROOT, "%-8s %s..%s started%n", stage, run.from(), run.to());
    try {
      T result = work.get();
      out.printf(Locale.ROOT, "%-8s done in %.1f s%n", stage, Duration.between(started, Instant.now()).toMillis() / 1000.0);
      return result;
    } catch (StageFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StageFailedException(stage, rootMessage(e), e);
    }
  }

  private void report(List<RunLogEntry> entries) {
    for (RunLogEntry e : entries) {
      out.printf(Locale.ROOT, "  %-15s read %,10d  written %,10d  quarantined %,8d  duplicate %,8d  %5.1f s  %s%n",
          e.source(), e.rowsRead(), e.rowsWritten(), e.rowsQuarantined(), e.rowsDuplicate(),
          Duration.between(e.startedAt(), e.endedAt()).toMillis() / 1000.0,
          e.status() == RunStatus.SUCCEEDED ? "" : e.status().code() + ": " + e.message());
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
