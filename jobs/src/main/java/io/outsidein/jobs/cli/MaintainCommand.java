package io.outsidein.jobs.cli;

import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.tables.OpsTables;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code outsidein maintain}: Delta's OPTIMIZE (small files compacted) and VACUUM (files no version within the
 * retention needs deleted) on every table of the night, each table one row of the run log.
 */
@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = {"Compact small files (Delta OPTIMIZE) and delete files older versions no longer need (VACUUM, "
        + "retention outsidein.maintain.vacuum-retention) in every table of the night; delete raw deliveries older "
        + "than outsidein.maintain.raw-retention-days once every source of their date is ingested; one run-log row "
        + "per table and raw feed."})
final class MaintainCommand implements Callable<Integer> {
  static final String NAME = "maintain";

  @Mixin CommonOptions common;

  @picocli.CommandLine.Option(names = "--table", paramLabel = "DATABASE.TABLE",
      description = "Only this table (repeatable); default: every table of the night.")
  List<String> only = new ArrayList<>();

  @Override
  public Integer call() {
    try (Environment environment = Environment.open(common, System.out)) {
      Settings maintain = Settings.read(environment);
      Duration retention = maintain.vacuumRetention();
      SparkSession spark = environment.spark();
      LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
      RunContext run = RunContext.start(today, today);
      Map<TableName, TableDefinition> tables = environment.allTables();
      TableDefinition runLog = OpsTables.runLog(environment.settings().catalog());
      List<RunLogEntry> entries = new ArrayList<>();
      spark.conf().set("spark.databricks.delta.vacuum.logging.enabled", "true");
      try (VacuumConf conf = VacuumConf.of(spark, retention, maintain.listingTasks(), System.out)) {
        for (TableDefinition table : tables.values()) {
          if (!only.isEmpty() && !only.contains(table.name().toString())) {
            continue;
          }
          if (!spark.catalog().tableExists(table.name().database(), table.name().table())) {
            continue;
          }
          entries.add(maintain(spark, run, table.name(), retention));
          System.out.printf(Locale.ROOT, "%-8s %-40s %s%n", NAME, table.name(), entries.get(entries.size() - 1)
              .message());
        }
      }
      int vacuumed = entries.size();
      if (maintain.rawRetentionDays() > 0 && only.isEmpty()) {
        List<RunLogEntry> raw = new RawRetention(environment).apply(run, today.minusDays(maintain.rawRetentionDays()));
        raw.forEach(e -> System.out.printf(Locale.ROOT, "%-8s %s%n", NAME, e.message()));
        entries.addAll(raw);
      }
      environment.tables().ensure(runLog);
      environment.runLog().write(entries);
      System.out.printf(Locale.ROOT, "%s: %d tables optimized and vacuumed (retention %d h); ops.run_log has a row "
          + "per table and raw feed (stage = '%s').%n", NAME, vacuumed, retention.toHours(), NAME);
    }
    return ExitCodes.SUCCESS;
  }

  private static RunLogEntry maintain(SparkSession spark, RunContext run, TableName table, Duration retention) {
    Instant started = Instant.now();
    Row optimized = spark.sql("OPTIMIZE " + table.sql()).first();
    Row metrics = optimized.getStruct(optimized.fieldIndex("metrics"));
    long removed = metrics.getLong(metrics.fieldIndex("numFilesRemoved"));
    long added = metrics.getLong(metrics.fieldIndex("numFilesAdded"));
    String retain = " RETAIN " + retention.toHours() + " HOURS";
    spark.sql("VACUUM " + table.sql() + retain).collectAsList();
    // The files deleted, from the VACUUM END commit's metrics (vacuum logging on), not a second listing.
    Row vacuumed = spark.sql("DESCRIBE HISTORY " + table.sql() + " LIMIT 1").first();
    scala.collection.Map<String, String> vacuumMetrics = vacuumed.getMap(vacuumed.fieldIndex("operationMetrics"));
    long deletable = Long.parseLong(vacuumMetrics.get("numDeletedFiles").getOrElse(() -> "0"));
    String message = String.format(Locale.ROOT, "OPTIMIZE compacted %,d files into %,d; VACUUM deleted %,d files "
        + "older than %d h that no version needs", removed, added, deletable, retention.toHours());
    return RunLogEntry.builder(run, NAME, table.toString(), started).rows(removed, added, 0, 0).message(message)
        .endedAt(Instant.now()).build();
  }

  /** {@code outsidein.maintain}, read once before Spark starts; {@code listingTasks} 0 for the session's cores. */
  private record Settings(Duration vacuumRetention, int listingTasks, int rawRetentionDays) {
    static Settings read(Environment environment) {
      ConfigReader maintain = OutsideinSettings.root(environment.config()).section("maintain");
      return new Settings(maintain.durationIn("vacuum-retention", Duration.ZERO, Duration.ofDays(3650)),
          maintain.intIn("listing-tasks", 0, 100_000), maintain.intIn("raw-retention-days", 0, 36_500));
    }
  }
}
