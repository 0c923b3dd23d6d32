package io.outsidein.jobs.cli;

import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.runlog.ChangedDatesReader;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunStatus;
import io.outsidein.common.runlog.StageFailedException;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.stage.ConfiguredStage;
import io.outsidein.common.stage.QualityGateBreachedException;
import io.outsidein.common.stage.StageContext;
import io.outsidein.common.stage.StageResult;
import io.outsidein.common.stage.StageVerdict;
import io.outsidein.common.tables.OpsTables;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stages in order over a run's dates: each is fed the dates the stages before it changed (in this run, and
 * as the run log records them for these delivery dates, so that a rerun after a failure recomputes what the
 * first run changed), its rows go to the run log, one progress line per row is printed, and its verdict decides
 * whether the night goes on. In a night, a stage none of whose inputs changed is skipped, and says so. A failed stage stops
 * the night (exit 1); a breached quality gate stops it after the stage has written what it had (exit 3).
 */
final class StageRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);
  static final String NIGHTLY = "nightly";

  private final Environment environment;
  private final PrintStream out;

  StageRunner(Environment environment, PrintStream out) {
    this.environment = environment;
    this.out = out;
  }

  /**
   * The whole night: every stage in order, plus a stage-level row for the night itself. When the latest earlier
   * night over the same dates stopped part-way, the stages it finished are skipped unless {@code force}.
   */
  void nightly(RunContext run, boolean force) {
    // A run refused by the lock writes nothing, not even its night's row.
    try (RunLock lock = lock(run, NIGHTLY)) {
      Instant started = Instant.now();
      RunStatus status = RunStatus.FAILED;
      String message = "";
      try {
        environment.tables().ensure(OpsTables.runLog(environment.settings().catalog()));
        Optional<ResumePoint> resume = force ? Optional.empty() : ResumePoint.of(environment.spark(),
            OpsTables.runLog(environment.settings().catalog()).name(), run.from(), run.to(), run.runId());
        run(environment.stages(), run, true, resume);
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
  }


  /** One stage on its own, as its command runs it: it recomputes its run's dates even if nothing changed. */
  void stage(ConfiguredStage<?> stage, RunContext run) {
    try (RunLock lock = lock(run, stage.name())) {
      run(List.of(stage), run, false, Optional.empty());
    }
  }

  /**
   * Stages in order, fed {@code changed} (not the run log's dates): what a command that changed tables itself
   * (an erasure) needs recomputed. The caller holds the run lock; a stage none of whose inputs changed is
   * skipped.
   */
  void recompute(List<ConfiguredStage<?>> stages, RunContext run, ChangedDates changed) {
    StageContext context = new StageContext(run, environment.spark(), environment.settings(), environment.tables(),
        environment.pseudonymizer());
    ChangedDates all = changed;
    for (ConfiguredStage<?> stage : stages) {
      all = all.plus(runStage(stage, context, all, true));
    }
  }

  RunLock lock(RunContext run, String command) {
    return RunLock.acquire(environment.spark().sparkContext().hadoopConfiguration(),
        SparkSessionFactory.uri(environment.settings().storage().warehouse()), run,
        command + " " + (run.isRange() ? "--from " + run.from() + " --to " + run.to() : "--date " + run.to()),
        environment.runLockExpiry(), out);
  }

  /**
   * The given stages in order. In a night ({@code skipUnchanged}), a stage none of whose inputs changed is
   * skipped: an empty day costs nothing after ingest.
   */
  private void run(List<ConfiguredStage<?>> stages, RunContext run, boolean skipUnchanged,
      Optional<ResumePoint> resume) {
    ChangedDates changed = new ChangedDatesReader(environment.spark(), environment.settings().catalog())
        .recorded(run.from(), run.to());
    StageContext context = new StageContext(run, environment.spark(), environment.settings(), environment.tables(),
        environment.pseudonymizer());
    for (ConfiguredStage<?> stage : stages) {
      if (resume.isPresent() && resume.get().finished().contains(stage.name())) {
        String why = "finished for deliveries " + run.from() + ".." + run.to() + " by run " + resume.get().runId()
            + ", which stopped before the night's end: skipped (--force runs it again)";
        out.printf(Locale.ROOT, "%-8s %s%n", stage.name(), why);
        environment.runLog().write(List.of(RunLogEntry.builder(run, stage.name(), "", Instant.now()).message(why)
            .build()));
        continue;
      }
      changed = changed.plus(runStage(stage, context, changed, skipUnchanged));
    }
  }

  private ChangedDates runStage(ConfiguredStage<?> stage, StageContext context, ChangedDates changed,
      boolean skipUnchanged) {
    RunContext run = context.run();
    List<TableDefinition> reads = stage.stage().reads(environment.settings().catalog());
    List<TableDefinition> tables = new ArrayList<>(reads);
    tables.addAll(stage.stage().writes(environment.settings().catalog()));
    tables.forEach(environment.tables()::ensure);
    if (skipUnchanged && !reads.isEmpty() && changed.in(reads).isEmpty()) {
      String why = "nothing changed in " + reads.stream().map(t -> t.name().toString()).collect(Collectors.joining(", "))
          + " for deliveries " + run.from() + ".." + run.to() + ": skipped";
      out.printf(Locale.ROOT, "%-8s %s%n", stage.name(), why);
      environment.runLog().write(List.of(RunLogEntry.builder(run, stage.name(), "", Instant.now()).message(why).build()));
      return ChangedDates.none();
    }
    Instant started = Instant.now();
    out.printf(Locale.ROOT, "%-8s %s..%s started%n", stage.name(), run.from(), run.to());
    StageResult result;
    try {
      result = stage.run(context, changed);
    } catch (StageFailedException | ConfigurationException e) {
      // A stage that finds its configuration wrong (a raw root that does not exist) is exit 2, not a failure.
      throw e;
    } catch (RuntimeException e) {
      throw new StageFailedException(stage.name(), Failures.rootMessage(e), e);
    }
    out.printf(Locale.ROOT, "%-8s done in %.1f s%n", stage.name(), seconds(started, Instant.now()));
    environment.runLog().write(result.entries());
    result.entries().forEach(this::report);
    StageVerdict.of(stage.name(), result.entries()).ifPresent(e -> {
      throw e;
    });
    return result.changed();
  }

  private void report(RunLogEntry e) {
    out.printf(Locale.ROOT, "  %-22s read %,10d  written %,10d  quarantined %,8d  duplicate %,8d  %5.1f s  %s%n",
        e.source(), e.rowsRead(), e.rowsWritten(), e.rowsQuarantined(), e.rowsDuplicate(),
        seconds(e.startedAt(), e.endedAt()),
        e.status() == RunStatus.SUCCEEDED ? e.message() : e.status().code() + ": " + e.message());
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  /** The stage-level row of the night; a failure to write it never hides why the night failed. */
  private void recordNight(RunContext run, Instant started, RunStatus status, String message) {
    try {
      environment.runLog().write(List.of(RunLogEntry.builder(run, NIGHTLY, "", started).status(status, message)
          .build()));
    } catch (RuntimeException e) {
      if (status == RunStatus.SUCCEEDED) {
        throw new StageFailedException(NIGHTLY, "cannot write the run log: " + Failures.rootMessage(e), e);
      }
      LOG.error("Cannot record the night's {} status in the run log", status.code(), e);
    }
  }
}
