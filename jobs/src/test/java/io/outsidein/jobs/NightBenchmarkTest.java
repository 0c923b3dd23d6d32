package io.outsidein.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.HeapSampler;
import io.outsidein.common.testing.Repetitions;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.ExitCodes;
import io.outsidein.jobs.cli.Main;
import io.outsidein.jobs.generate.SampleDataGenerator;
import io.outsidein.jobs.generate.SampleDelivery;
import io.outsidein.jobs.testing.StageHarness;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The whole night (issue 15): {@code outsidein nightly --date D} with days of history already in the tables, each
 * stage's time from the run log, the total and the peak heap. Per history length and scale (1x, 2x, 4x: that many
 * times the customers, every day of the history as busy as the day, as in the stage benchmarks) the generator writes
 * the history's and the day's raw deliveries, one backfill ({@code nightly --from --to}) loads the history through
 * every stage, and the day's night runs, repeated, each repetition on the warehouse as the backfill left it (every
 * Delta table restored to its version after the backfill). Not a unit test:
 * {@code mvn -B -o test -pl jobs -Dtest=NightBenchmarkTest -Doutsidein.benchmark=true
 * [-Doutsidein.benchmark.customers=5000] [-Doutsidein.benchmark.history=30,60] [-Doutsidein.benchmark.scales=1,2,4]
 * [-Doutsidein.benchmark.reps=2]}. The generator makes about 4 interaction events per customer and day (its
 * {@code events-per-customer-day}, prospects and late events included), so a day of 10 million events is about
 * {@code customers=2500000}. Prints one BENCHMARK line per history and scale.
 */
@EnabledIfSystemProperty(named = "outsidein.benchmark", matches = "true")
class NightBenchmarkTest {
  private static final LocalDate DAY = LocalDate.of(2026, 9, 30);
  private static final List<String> STAGES = List.of("ingest", "journeys", "scores", "customers", "insights",
      "publish");

  @Test
  void theWholeNightWithHistoryBehindIt() {
    SparkSession spark = TestSpark.session();
    int customers = Integer.getInteger("outsidein.benchmark.customers", 5000);
    int reps = Integer.getInteger("outsidein.benchmark.reps", 2);
    List<Integer> histories = ints("outsidein.benchmark.history", "30,60");
    List<Integer> scales = ints("outsidein.benchmark.scales", "1,2,4");
    for (int history : histories) {
      for (int scale : scales) {
        night(spark, history, scale, customers * scale, reps);
      }
    }
  }

  /**
   * One world: {@code history} days and the day, every day as busy (the generator's customers), the history
   * backfilled, then the day's night {@code reps} times on the warehouse as the backfill left it.
   */
  private static void night(SparkSession spark, int history, int scale, int customers, int reps) {
    String name = "night_h" + history + "_x" + scale;
    Path folder = TestSpark.newFolder("night-bench-" + history + "-" + scale);
    Path raw = folder.resolve("raw");
    List<String> settings = settings(name, folder, raw, customers);
    // The history and the day in one generation, so that the day continues the history's customers (ids count
    // per customer over the range: a day generated on its own would repeat the history's); the backfill reads
    // only the history's delivery folders.
    long started = System.nanoTime();
    new SampleDataGenerator(StageHarness.of(settings).generator().forRange(DAY.minusDays(history), DAY))
        .generate(spark, raw.toString());
    double generated = (System.nanoTime() - started) / 1e9;
    started = System.nanoTime();
    nightly(settings, "--from", DAY.minusDays(history).toString(), "--to", DAY.minusDays(1).toString());
    double backfill = (System.nanoTime() - started) / 1e9;
    long historyEvents = spark.table("silver_" + name + ".interactions").count();
    Map<String, Long> afterBackfill = versions(spark, name);

    List<Double> totals = new ArrayList<>();
    Map<String, List<Double>> stages = new LinkedHashMap<>();
    long peakHeap = 0;
    long dayEvents = 0;
    for (int rep = 0; rep < reps; rep++) {
      restore(spark, afterBackfill);
      System.gc();
      HeapSampler sampler = HeapSampler.start();
      Instant nightStarted = Instant.now();
      nightly(settings, "--date", DAY.toString());
      totals.add((Instant.now().toEpochMilli() - nightStarted.toEpochMilli()) / 1000.0);
      peakHeap = Math.max(peakHeap, sampler.stop());
      stageSeconds(spark, name, nightStarted).forEach((stage, s) -> stages.computeIfAbsent(stage,
          k -> new ArrayList<>()).add(s));
      dayEvents = spark.table("silver_" + name + ".interactions").count() - historyEvents;
    }
    assertThat(dayEvents).isPositive();
    String perStage = stages.entrySet().stream().map(e -> e.getKey() + "_s=" + String.format(Locale.ROOT,
        "%.1f/%.1f", Repetitions.min(e.getValue()), Repetitions.median(e.getValue())))
        .collect(Collectors.joining(" "));
    System.out.printf(Locale.ROOT, "BENCHMARK history_days=%d scale=%dx customers=%d day_events=%d history_events=%d "
            + "generate_s=%.0f backfill_s=%.0f night_s(min/median)=%.1f/%.1f %s peak_heap_mb=%d%n", history, scale,
        customers, dayEvents, historyEvents, generated, backfill, Repetitions.min(totals), Repetitions.median(totals),
        perStage, peakHeap / (1024 * 1024));
  }

  private static List<Integer> ints(String property, String defaults) {
    return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
        .map(Integer::parseInt).toList();
  }

  private static List<String> settings(String name, Path folder, Path raw, int customers) {
    List<String> overrides = new ArrayList<>(List.of(
        "outsidein.storage.raw=" + raw,
        "outsidein.storage.warehouse=" + folder.resolve("warehouse"),
        "outsidein.catalog.silver-database=silver_" + name,
        "outsidein.catalog.gold-database=gold_" + name,
        "outsidein.catalog.ops-database=ops_" + name,
        "outsidein.generate.customers=" + customers,
        "outsidein.ingest.max-quarantine-share=1.0",
        // No static dashboard: it is a browser's work, not the night's.
        "outsidein.publish.dashboard=false"));
    overrides.addAll(SampleDelivery.overrides());
    return overrides;
  }

  private static void nightly(List<String> settings, String... dates) {
    List<String> args = new ArrayList<>(List.of("nightly"));
    args.addAll(List.of(dates));
    for (String override : settings) {
      args.add("--set");
      args.add(override);
    }
    assertThat(Main.execute(args.toArray(new String[0]))).as(String.join(" ", args.subList(0, 3)))
        .isEqualTo(ExitCodes.SUCCESS);
  }

  /** Every Delta table of the run's three databases and its current version. */
  private static Map<String, Long> versions(SparkSession spark, String name) {
    Map<String, Long> versions = new TreeMap<>();
    for (String database : List.of("silver_" + name, "gold_" + name, "ops_" + name)) {
      for (Row table : spark.sql("SHOW TABLES IN " + database).collectAsList()) {
        String qualified = database + "." + table.getString(1);
        if (table.getBoolean(2) || !isDelta(spark, qualified)) {
          continue;
        }
        versions.put(qualified, spark.sql("DESCRIBE HISTORY " + qualified + " LIMIT 1").first().getLong(0));
      }
    }
    return versions;
  }

  private static boolean isDelta(SparkSession spark, String table) {
    return spark.sql("DESCRIBE EXTENDED " + table).where("col_name = 'Provider'").collectAsList().stream()
        .anyMatch(r -> r.getString(1).equalsIgnoreCase("delta"));
  }

  /** Every table back to its version after the backfill, so that each repetition runs the same night. */
  private static void restore(SparkSession spark, Map<String, Long> versions) {
    versions.forEach((table, version) -> {
      long now = spark.sql("DESCRIBE HISTORY " + table + " LIMIT 1").first().getLong(0);
      if (now != version) {
        spark.sql("RESTORE TABLE " + table + " TO VERSION AS OF " + version);
      }
    });
  }

  /** Each stage's seconds in the night started at {@code since}: its run-log rows' first start to last end. */
  private static Map<String, Double> stageSeconds(SparkSession spark, String name, Instant since) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    List<Row> rows = spark.table("ops_" + name + ".run_log").where(
            col("started_at").geq(Timestamp.from(since)))
        .groupBy("stage").agg(expr(
            "(unix_millis(max(ended_at)) - unix_millis(min(started_at))) / 1000.0")).collectAsList();
    Map<String, Double> byStage = rows.stream().collect(Collectors.toMap(r -> r.getString(0),
        r -> ((Number) r.get(1)).doubleValue()));
    for (String stage : STAGES) {
      seconds.put(stage, byStage.getOrDefault(stage, 0.0));
    }
    return seconds;
  }
}
