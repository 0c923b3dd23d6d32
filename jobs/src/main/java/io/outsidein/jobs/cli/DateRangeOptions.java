package io.outsidein.jobs.cli;

import java.time.LocalDate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --date D} or {@code --from D1 --to D2} (a backfill, inclusive). */
final class DateRangeOptions {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Choice choice;

  static final class Choice {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", required = true, description = "One delivery date.")
    LocalDate date;

    @ArgGroup(exclusive = false)
    Range range;
  }

  static final class Range {
    @Option(names = "--from", paramLabel = "YYYY-MM-DD", required = true, description = "First delivery date of a range.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", required = true, description = "Last delivery date of a range, inclusive.")
    LocalDate to;
  }

  LocalDate from() {
    return choice.date != null ? choice.date : choice.range.from;
  }

  LocalDate to() {
    return choice.date != null ? choice.date : choice.range.to;
  }

  void validate(CommandSpec spec) {
    if (to().isBefore(from())) {
      throw new ParameterException(spec.commandLine(), "--to " + to() + " is before --from " + from());
    }
  }
}
