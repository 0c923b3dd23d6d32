package io.outsidein.jobs.cli;

import io.outsidein.common.runlog.RunContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {"Run every stage for a date, or for a range (a backfill) as one batch per stage.",
        "Stages today: ingest. Each is recorded in ops.run_log."})
final class NightlyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @ArgGroup(exclusive = false, multiplicity = "1") DateRangeOptions dates;

  @Override
  public Integer call() {
    dates.validate(spec);
    try (Environment environment = Environment.open(common, System.out)) {
      new NightlyPipeline(environment, System.out).nightly(RunContext.start(dates.from(), dates.to()));
    }
    return ExitCodes.SUCCESS;
  }
}
