package io.outsidein.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run one SQL statement against the catalog and print the result.")
final class SqlCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "STATEMENT", description = "e.g. \"SELECT reason, count(*) FROM ops.quarantine GROUP BY reason\"")
  String statement;

  @Option(names = "--format", defaultValue = "TABLE", description = "TABLE or CSV with a header (default ${DEFAULT-VALUE}).")
  TablePrinter.Format format;

  @Option(names = "--limit", defaultValue = "1000", description = "Most rows printed, 0 for all (default ${DEFAULT-VALUE}); a cut is always said.")
  int limit;

  @Override
  public Integer call() {
    try (Environment environment = Environment.open(common, System.err)) {
      new TablePrinter(System.out, System.err).print(environment.spark().sql(statement), format, limit);
    }
    return ExitCodes.SUCCESS;
  }
}
