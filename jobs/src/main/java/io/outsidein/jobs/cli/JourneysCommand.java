package io.outsidein.jobs.cli;

import io.outsidein.common.runlog.RunContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "journeys", mixinStandardHelpOptions = true,
    description = {"Silver to gold.journeys (session, case, order) and gold.ownership.",
        "Recomputes the dates of the range and every event date that ingest runs of the range recorded "
            + "(late data), with the journeys those events belong to."})
final class JourneysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @ArgGroup(exclusive = false, multiplicity = "1") DateRangeOptions dates;

  @Override
  public Integer call() {
    dates.validate(spec);
    try (Environment environment = Environment.open(common, System.out)) {
      NightlyPipeline pipeline = new NightlyPipeline(environment, System.out);
      RunContext run = RunContext.start(dates.from(), dates.to());
      pipeline.journeys(run, pipeline.changedDates(run));
    }
    return ExitCodes.SUCCESS;
  }
}
