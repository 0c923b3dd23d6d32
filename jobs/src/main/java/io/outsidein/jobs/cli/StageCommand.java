package io.outsidein.jobs.cli;

import io.outsidein.common.runlog.RunContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code outsidein <stage> --date D | --from D1 --to D2}: one stage of the night on its own, one instance per
 * stage of {@link Stages#nightly()}, named and described by the stage.
 */
@Command(mixinStandardHelpOptions = true)
final class StageCommand implements Callable<Integer> {
  private final String stage;
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @ArgGroup(exclusive = false, multiplicity = "1") DateRangeOptions dates;

  private StageCommand(String stage) {
    this.stage = stage;
  }

  /** The command of {@code stage}, with its name and description. */
  static CommandLine of(String name, String description) {
    CommandLine command = new CommandLine(new StageCommand(name));
    command.getCommandSpec().name(name);
    command.getCommandSpec().usageMessage().description(description,
        "Recomputes the run's dates and those its inputs changed, as the run log of these delivery dates records them.");
    return command;
  }

  @Override
  public Integer call() {
    dates.validate(spec);
    try (Environment environment = Environment.open(common, System.out)) {
      new StageRunner(environment, System.out).stage(environment.stage(stage), RunContext.start(dates.from(), dates.to()));
    }
    return ExitCodes.SUCCESS;
  }
}
