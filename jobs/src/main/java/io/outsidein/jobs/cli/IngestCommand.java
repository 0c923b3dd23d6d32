package io.outsidein.jobs.cli;

import io.outsidein.common.runlog.RunContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Raw to silver: validate, type, pseudonymise, quarantine and deduplicate the deliveries of a date or range.")
final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @ArgGroup(exclusive = false, multiplicity = "1") DateRangeOptions dates;

  @Override
  public Integer call() {
    dates.validate(spec);
    try (Environment environment = Environment.open(common, System.out)) {
      new NightlyPipeline(environment, System.out).ingest(RunContext.start(dates.from(), dates.to()));
    }
    return ExitCodes.SUCCESS;
  }
}
