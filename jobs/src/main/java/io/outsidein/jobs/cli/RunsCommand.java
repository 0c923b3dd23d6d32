package io.outsidein.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "Print the most recent rows of ops.run_log.")
final class RunsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--limit", defaultValue = "20", description = "How many rows (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--format", defaultValue = "TABLE", description = "TABLE or CSV (default ${DEFAULT-VALUE}).")
  TablePrinter.Format format;

  @Override
  public Integer call() {
    try (Environment environment = Environment.open(common, System.err)) {
      String table = environment.settings().catalog().opsDatabase() + ".run_log";
      if (!environment.spark().catalog().tableExists(table)) {
        System.out.println("No runs yet: " + table + " does not exist.");
        return ExitCodes.SUCCESS;
      }
      new TablePrinter(System.out, System.err).print(environment.spark().sql(
          "SELECT run_id, stage, run_from, run_date, source, rows_read, rows_written, rows_quarantined, rows_duplicate, "
              + "status, round((unix_millis(ended_at) - unix_millis(started_at)) / 1000.0, 1) AS seconds, message "
              + "FROM " + table + " ORDER BY started_at DESC, stage, source"), format, limit);
    }
    return ExitCodes.SUCCESS;
  }
}
