package io.outsidein.jobs.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.Source;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.tables.SilverTables;
import io.outsidein.common.testing.HeapSampler;
import io.outsidein.common.testing.Repetitions;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.StageHarness;
import io.outsidein.jobs.testing.TableWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Journeys for one day with 30 days of history, against a bare scan of the same events, in the same JVM.
 * Silver is synthesised inside Spark (customers browsing in sessions, devices shared and logged into, cases
 * with transfers, orders with lines and fulfilment) straight into Delta: at this volume the generator and
 * ingest would take longer than what is measured. Not a unit test:
 * {@code mvn -B -o test -pl jobs -Dtest=JourneysBenchmarkTest -Djourneys.benchmark=true
 * [-Djourneys.benchmark.scales=1,2,4] [-Djourneys.benchmark.reps=3] [-Djourneys.benchmark.day-events=1250000]
 * [-Djourneys.benchmark.history-share=1.0] [-Djourneys.benchmark.day-customers=1.0]}: the history's days as busy
 * as the day (share of its events), and the share of the customers whose events the day holds (every customer
 * at 1.0; at 0.2 a fifth of them, each five times as busy). Prints one BENCHMARK line per scale, with events per
 * second per core counted two ways: every event of the window, and only the events of the day being recomputed.
 */
@EnabledIfSystemProperty(named = "journeys.benchmark", matches = "true")
class JourneysBenchmarkTest {
  private static final LocalDate DAY = LocalDate.of(2026, 9, 30);
  private static final int CORES = 2;

  @Test
  void journeysOfOneDayWithAMonthOfHistory() {
    SparkSession spark = TestSpark.session();
    int reps = Integer.getInteger("journeys.benchmark.reps", 3);
    long dayEvents = Long.getLong("journeys.benchmark.day-events", 1_250_000L);
    double historyShare = Double.parseDouble(System.getProperty("journeys.benchmark.history-share", "1.0"));
    double dayCustomers = Double.parseDouble(System.getProperty("journeys.benchmark.day-customers", "1.0"));
    List<Integer> scales = Arrays.stream(System.getProperty("journeys.benchmark.scales", "1,2,4").split(","))
        .map(String::trim).map(Integer::parseInt).collect(Collectors.toList());
    for (int scale : scales) {
      String suffix = "bench_" + scale;
      StageHarness settings = StageHarness.of(List.of(
          "outsidein.storage.warehouse=" + TestSpark.root().resolve("journeys-bench-warehouse"),
          "outsidein.catalog.silver-database=silver_" + suffix,
          "outsidein.catalog.gold-database=gold_" + suffix,
          "outsidein.catalog.ops-database=ops_" + suffix));
      long events = synthesise(spark, settings, settings.tables(), dayEvents * scale, historyShare,
          dayCustomers);
      String plan = planOf(spark, settings);

      List<Double> bare = new ArrayList<>();
      List<Double> journeys = new ArrayList<>();
      long peak = 0;
      long written = 0;
      for (int rep = 0; rep < reps; rep++) {
        bare.add(bareScan(spark, settings));
        System.gc();
        HeapSampler sampler = HeapSampler.start();
        long started = System.nanoTime();
        List<RunLogEntry> entries = settings.run(new JourneysJob(),
            new RunContext("bench-" + scale + "-" + rep, DAY, DAY, Instant.parse("2026-10-01T02:00:00Z")),
            ChangedDates.of(SilverTables.of(settings.catalog(), Source.INTERACTIONS).name(), List.of(DAY))).entries();
        journeys.add((System.nanoTime() - started) / 1e9);
        peak = Math.max(peak, sampler.stop());
        System.out.printf(Locale.ROOT, "BENCHMARK run %d: journeys %.1f s, bare scan %.1f s: %s%n", rep,
            journeys.get(rep), bare.get(rep), entries.get(0).message());
        // The first run writes the day's journeys; a run of the same day again finds them as they are and
        // writes nothing (the stage rewrites only dates whose rows differ).
        if (rep == 0) {
          written = entries.get(0).rowsWritten();
          assertThat(written).isPositive();
        } else {
          assertThat(entries.get(0).rowsWritten()).isZero();
        }
      }
      long exchanges = plan.lines().filter(l -> l.contains("Exchange hashpartitioning")).count();
      long byActor = plan.lines().filter(l -> l.contains("Exchange hashpartitioning(actor")).count();
      System.out.printf(Locale.ROOT,
          "BENCHMARK scale=%dx day_events=%d events_in_window=%d journeys_written=%d bare_scan_s(min/median)=%.1f/%.1f "
              + "journeys_s(min/median)=%.1f/%.1f ratio=%.2f window_events_per_s_per_core(median)=%.0f "
              + "day_events_per_s_per_core(median)=%.0f peak_heap_mb=%d "
              + "exchanges_in_build_plan=%d of_the_events_by_actor=%d%n",
          scale, dayEvents * scale, events, written, Repetitions.min(bare), Repetitions.median(bare), Repetitions.min(journeys), Repetitions.median(journeys),
          Repetitions.median(journeys) / Repetitions.median(bare), events / Repetitions.median(journeys) / CORES,
          dayEvents * scale / Repetitions.median(journeys) / CORES, peak / (1024 * 1024), exchanges, byActor);
    }
  }

  /** Writes silver interactions, order lines and surveys; returns the number of events in the window. */
  private static long synthesise(SparkSession spark, StageHarness settings, DeltaTables tables, long dayEvents,
      double historyShare, double dayCustomers) {
    long historyPerDay = Math.round(dayEvents * historyShare);
    long total = dayEvents + 30 * historyPerDay;
    long customers = Math.max(1000, dayEvents / 40);
    long dayCustomerCount = Math.max(1, Math.round(customers * dayCustomers));
    // Event i: its day (the last one is DAY), its customer, and a time that makes sessions of ~8 events.
    Dataset<Row> base = spark.range(total).selectExpr("id",
        "CASE WHEN id < " + dayEvents + " THEN 0 ELSE 1 + CAST((id - " + dayEvents + ") / " + historyPerDay
            + " AS INT) END AS days_back",
        "pmod(xxhash64(id, 1), CASE WHEN id < " + dayEvents + " THEN " + dayCustomerCount + " ELSE " + customers
            + " END) AS c",
        "pmod(xxhash64(id, 2), 1000) AS r");
    Dataset<Row> events = base.selectExpr(
        "concat('e', id) AS event_id",
        "timestamp_seconds(unix_seconds(TIMESTAMP'" + DAY + " 00:00:00') - days_back * 86400"
            + " + pmod(xxhash64(c, days_back, CAST(id / 8 AS BIGINT) % 6), 20) * 3600 + pmod(xxhash64(id, 3), 1500))"
            + " AS event_time",
        "CASE WHEN r < 300 THEN NULL ELSE concat('c', c) END AS customer_id",
        "CASE WHEN r < 450 THEN concat('d', pmod(c * 3 + r % 2, " + customers + " * 2)) END AS anonymous_id",
        "element_at(array('web', 'app', 'store', 'call_center', 'chat'), CAST(1 + r % 5 AS INT)) AS channel",
        "CASE WHEN r < 20 THEN 'contact' WHEN r < 30 THEN 'transfer' WHEN r < 36 THEN 'resolve' "
            + "WHEN r < 38 THEN 'complaint' WHEN r < 60 THEN 'purchase' WHEN r < 75 THEN 'delivered' "
            + "WHEN r BETWEEN 300 AND 330 THEN 'login' ELSE 'page_view' END AS event_type",
        "CASE WHEN r < 38 THEN concat('k', c, '-', days_back / 3) END AS case_id",
        "CASE WHEN r BETWEEN 38 AND 74 THEN concat('o', c, '-', days_back) END AS order_id",
        "CASE WHEN r < 38 THEN element_at(array('billing', 'tech', 'orders', 'returns'), CAST(1 + id % 4 AS INT)) END"
            + " AS department",
        "CASE WHEN r < 38 THEN concat('a', id % 200) END AS agent_id",
        "CAST(NULL AS STRING) AS store_id",
        "CASE WHEN r BETWEEN 38 AND 59 THEN concat('sku', id % 500) END AS sku",
        "CASE WHEN r BETWEEN 38 AND 59 THEN 20.0 END AS amount",
        "CASE WHEN r BETWEEN 38 AND 59 THEN map('promised_date', CAST(DATE'" + DAY + "' AS STRING)) "
            + "ELSE map() END AS properties")
        .withColumn(Source.EVENT_DATE, org.apache.spark.sql.functions.to_date(
            org.apache.spark.sql.functions.col("event_time")));
    write(spark, tables, SilverTables.of(settings.catalog(), Source.INTERACTIONS), events);
    Dataset<Row> silverEvents = spark.table(SilverTables.of(settings.catalog(), Source.INTERACTIONS).name().sql());
    write(spark, tables, SilverTables.of(settings.catalog(), Source.ORDER_LINES), silverEvents
        .where("event_type = 'purchase'")
        .selectExpr("order_id", "event_time AS order_time", "customer_id", "store_id", "sku", "1 AS quantity",
            "amount AS unit_price", "event_date"));
    write(spark, tables, SilverTables.of(settings.catalog(), Source.SURVEYS), silverEvents
        .where("case_id IS NOT NULL AND event_type = 'resolve'")
        .selectExpr("concat('s', event_id) AS response_id", "event_time + INTERVAL 2 HOURS AS submitted_at",
            "customer_id", "'nps' AS survey_type", "CAST(pmod(xxhash64(event_id), 11) AS INT) AS score", "case_id",
            "CAST(NULL AS STRING) AS order_id", "CAST(NULL AS MAP<STRING, INT>) AS attributes",
            "CAST(NULL AS STRING) AS comment", "event_date"));
    return silverEvents.count();
  }

  private static void write(SparkSession spark, DeltaTables tables, TableDefinition table, Dataset<Row> rows) {
    TableWriter.replace(spark, tables, table, rows);
  }

  private static Dataset<Row> window(SparkSession spark, StageHarness settings) {
    return spark.table(SilverTables.of(settings.catalog(), Source.INTERACTIONS).name().sql())
        .where("event_date BETWEEN DATE'" + DAY.minusDays(30) + "' AND DATE'" + DAY.plusDays(30) + "'");
  }

  /** The baseline: every column of the window's events read and written nowhere. */
  private static double bareScan(SparkSession spark, StageHarness settings) {
    long started = System.nanoTime();
    window(spark, settings).write().format("noop").mode("overwrite").save();
    return (System.nanoTime() - started) / 1e9;
  }

  private static String planOf(SparkSession spark, StageHarness settings) {
    JourneyBuilder.Result result = new JourneyBuilder(settings.settings(new JourneysJob()))
        .build(window(spark, settings), spark.table(SilverTables.of(settings.catalog(), Source.ORDER_LINES).name().sql()),
            List.of(DAY), Instant.parse("2026-10-01T00:00:00Z"));
    String plan = result.journeys().queryExecution().executedPlan().toString();
    System.out.println("JOURNEYS PLAN\n" + plan);
    return plan;
  }
}
