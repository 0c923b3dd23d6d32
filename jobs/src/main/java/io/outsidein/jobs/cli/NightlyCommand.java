package io.outsidein.jobs.cli;

import io.outsidein.common.runlog.RunContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code outsidein nightly}: every stage of {@link Stages#nightly()} in order; its description comes from that list. */
@Command(name = "nightly", mixinStandardHelpOptions = true)
final class NightlyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @ArgGroup(exclusive = false, multiplicity = "1") DateRangeOptions dates;

  @Option(names = "--force", description = "Run every stage, also those the last night over the same dates "
      + "finished before it stopped (by default a rerun after a failure skips them, and says so).")
  boolean force;

  static String[] description() {
    return new String[] {"Run every stage for a date, or for a range (a backfill) as one batch per stage.",
        "Stages, in order: " + Stages.order() + ". Each is recorded in ops.run_log."};
  }

  @Override
  public Integer call() {
    dates.validate(spec);
    try (Environment environment = Environment.open(common, System.out)) {
      new StageRunner(environment, System.out).nightly(RunContext.start(dates.from(), dates.to()), force);
    }
    return ExitCodes.SUCCESS;
  }
}
