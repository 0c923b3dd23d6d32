package io.outsidein.jobs.cli;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.stage.QualityGateBreachedException;
import io.outsidein.jobs.generate.SampleDelivery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code outsidein demo}: sample data, the whole night over it, and a summary of what was written. */
@Command(name = "demo", mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
  /** A fixed range, so that every demo, here or on a colleague's machine, shows the same numbers. */
  static final LocalDate DEMO_FROM = LocalDate.of(2026, 9, 1);

  @Mixin CommonOptions common;

  @Option(names = "--days", defaultValue = "60", description = "Days of data (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--customers", paramLabel = "N", description = "Customers (default: outsidein.generate.customers).")
  Integer customers;

  @Option(names = "--bad-rate", paramLabel = "R",
      description = "Share of faulty records (default: outsidein.generate.bad-rate).")
  Double badRate;

  static String[] description() {
    return new String[] {"Generate sample data (60 days by default) and run the whole night over it on this machine.",
        "Stages, in order: generate -> " + Stages.order() + ".",
        "Then print what was written: tables, row counts, quarantine by reason, and where the warehouse is."};
  }

  @Override
  public Integer call() {
    // The demo reads what it generates: the sample order lines' own column names and zone, before any --set.
    common.overrides.addAll(0, SampleDelivery.overrides());
    if (customers != null) {
      common.overrides.add("outsidein.generate.customers=" + customers);
    }
    if (badRate != null) {
      common.overrides.add("outsidein.generate.bad-rate=" + badRate);
    }
    LocalDate to = DEMO_FROM.plusDays(days - 1L);
    Instant started = Instant.now();
    try (Environment environment = Environment.open(common, System.out)) {
      String raw = SparkSessionFactory.uri(environment.settings().storage().raw());
      System.out.printf(Locale.ROOT, "generate %s..%s for %,d customers into %s%n", DEMO_FROM, to,
          environment.generator().customers(), raw);
      Instant generateStart = Instant.now();
      GenerateCommand.generate(environment, DEMO_FROM, to, raw);
      System.out.printf(Locale.ROOT, "generate done in %.1f s%n", seconds(generateStart));
      int exit = ExitCodes.SUCCESS;
      try {
        new StageRunner(environment, System.out).nightly(RunContext.start(DEMO_FROM, to), false);
      } catch (QualityGateBreachedException e) {
        System.out.println(e.getMessage());
        exit = ExitCodes.QUALITY_GATE;
      }
      summary(environment, started);
      return exit;
    }
  }

  private static double seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1000.0;
  }

  private void summary(Environment environment, Instant started) {
    SparkSession spark = environment.spark();
    System.out.println();
    System.out.println("Tables:");
    for (String database : List.of(environment.settings().catalog().silverDatabase(),
        environment.settings().catalog().goldDatabase(), environment.settings().catalog().opsDatabase())) {
      if (!spark.catalog().databaseExists(database)) {
        continue;
      }
      for (Row table : spark.sql("SHOW TABLES IN `" + database + "`").collectAsList()) {
        String name = database + "." + table.getString(1);
        System.out.printf(Locale.ROOT, "  %-28s %,12d rows%n", name, spark.table(name).count());
      }
    }
    String quarantine = environment.settings().catalog().opsDatabase() + ".quarantine";
    if (spark.catalog().tableExists(quarantine)) {
      System.out.println();
      System.out.println("Quarantine by source and reason:");
      new TablePrinter(System.out, System.err).print(spark.sql("SELECT source, reason, count(*) AS records FROM " + quarantine
          + " GROUP BY source, reason ORDER BY source, records DESC"), TablePrinter.Format.TABLE, 200);
    }
    System.out.println();
    System.out.println("Warehouse: " + SparkSessionFactory.uri(environment.settings().storage().warehouse()));
    System.out.println("Raw data:  " + SparkSessionFactory.uri(environment.settings().storage().raw()));
    System.out.println("Dashboard: " + SparkSessionFactory.uri(environment.settings().storage().warehouse())
        .replaceAll("/+$", "") + "/dashboard/index.html (open it in a browser; no network needed)");
    System.out.println("SQL:       bin/outsidein serve, then jdbc:hive2://127.0.0.1:10000/default (Beeline, BI tools, "
        + "notebooks/)");
    System.out.printf(Locale.ROOT, "Demo finished in %.1f s. Look further with: bin/outsidein sql \"SELECT * FROM ops.run_log\"%n",
        seconds(started));
  }
}
