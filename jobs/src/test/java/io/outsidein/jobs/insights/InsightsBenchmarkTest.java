package io.outsidein.jobs.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.io.TableReader;
import io.outsidein.common.schema.Source;
import io.outsidein.common.tables.JourneyTables;
import io.outsidein.common.tables.SilverTables;
import io.outsidein.common.testing.HeapSampler;
import io.outsidein.common.testing.Repetitions;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.BenchmarkSilver;
import io.outsidein.jobs.testing.StageHarness;
import io.outsidein.jobs.testing.TableWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Each miner of the insights stage on one day with 60 days of history, against a bare scan of the same inputs in
 * the same JVM: the basket miner (FP-growth) over the orders of the window, the context lift over in-store sales,
 * the journey patterns (PrefixSpan) and the drivers over rated case and order journeys. Silver and the journeys
 * are synthesised inside Spark straight into Delta: orders of 1-6 lines from a catalogue of 2,000 SKUs whose
 * popularity falls off as a power law, a fifth of them in stores of four regions, and a hurricane warning, a
 * promotion and a holiday. Not a unit test:
 * {@code mvn -B test -pl jobs -Dtest=InsightsBenchmarkTest -Dinsights.benchmark=true
 * [-Dinsights.benchmark.scales=1,4] [-Dinsights.benchmark.reps=3] [-Dinsights.benchmark.day-events=1250000]
 * [-Dinsights.benchmark.supports=0.01,0.001] [-Dinsights.benchmark.miners=false]}. Prints one BENCHMARK line per
 * miner and scale (none with {@code miners=false}), and one FPGROWTH line per support tried, lowest last.
 */
@EnabledIfSystemProperty(named = "insights.benchmark", matches = "true")
class InsightsBenchmarkTest {
  private static final LocalDate DAY = LocalDate.of(2026, 9, 30);
  private static final int HISTORY_DAYS = 60;

  @Test
  void eachMinerOnOneDayWithSixtyDaysOfHistory() {
    SparkSession spark = TestSpark.session();
    int reps = Integer.getInteger("insights.benchmark.reps", 3);
    long dayEvents = Long.getLong("insights.benchmark.day-events", 1_250_000L);
    List<Integer> scales = Arrays.stream(System.getProperty("insights.benchmark.scales", "1").split(","))
        .map(String::trim).map(Integer::parseInt).collect(Collectors.toList());
    for (int scale : scales) {
      String suffix = "ibench_" + scale;
      StageHarness harness = StageHarness.of(List.of(
          "outsidein.storage.warehouse=" + TestSpark.root().resolve("insights-bench-warehouse"),
          "outsidein.catalog.silver-database=silver_" + suffix,
          "outsidein.catalog.gold-database=gold_" + suffix,
          "outsidein.catalog.ops-database=ops_" + suffix,
          "outsidein.insights.baskets.window=61d", "outsidein.insights.context-lift.window=61d",
          "outsidein.insights.journey-patterns.window=61d", "outsidein.insights.drivers.window=61d"));
      long events = synthesise(spark, harness, dayEvents * scale);
      InsightSettings settings = harness.settings(new InsightsJob());
      LocalDate first = DAY.minusDays(HISTORY_DAYS);
      TableReader reader = new TableReader(spark);
      Dataset<Row> orderLines = reader.window(SilverTables.of(harness.catalog(), Source.ORDER_LINES), first, DAY);
      long lines = orderLines.count();
      Map<String, LongSupplier> miners = new LinkedHashMap<>();
      long[] examined = new long[4];
      miners.put("baskets (FP-growth)", () -> {
        BasketMiner.Mined mined = new BasketMiner(settings.baskets(), settings.confidence(),
            settings.falseDiscoveryRate(), harness.settings().spark().shufflePartitions())
            .mine(Baskets.lines(orderLines, settings.baskets()));
        examined[0] = mined.itemsets().count();
        return mined.rules().count();
      });
      miners.put("context lift", () -> {
        Dataset<Row> lifts = InsightsJob.contextLift(reader, harness.catalog(), settings, orderLines, first, DAY);
        long rows = lifts.count();
        examined[1] = rows;
        return rows;
      });
      miners.put("journey patterns (PrefixSpan)", () -> {
        JourneyPatterns.Mined mined = InsightsJob.journeyPatterns(settings.journeyPatterns(), settings.confidence(),
            rated(reader, harness, first, settings), reader.window(JourneyTables.journeys(harness.catalog()), first,
                DAY), first, DAY);
        long rows = mined.patterns().map(Dataset::count).orElse(0L);
        examined[2] = rows;
        return rows;
      });
      miners.put("drivers", () -> {
        long rows = new Drivers(settings.drivers(), settings.confidence()).drivers(spark, rated(reader, harness,
            first, settings)).count();
        examined[3] = rows;
        return rows;
      });
      int m = 0;
      if (!Boolean.parseBoolean(System.getProperty("insights.benchmark.miners", "true"))) {
        miners.clear();
      }
      for (Map.Entry<String, LongSupplier> miner : miners.entrySet()) {
        List<Double> bare = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        long peak = 0;
        long rows = 0;
        for (int rep = 0; rep < reps; rep++) {
          bare.add(bareScan(spark, harness, m));
          System.gc();
          HeapSampler sampler = HeapSampler.start();
          long started = System.nanoTime();
          rows = miner.getValue().getAsLong();
          times.add((System.nanoTime() - started) / 1e9);
          peak = Math.max(peak, sampler.stop());
        }
        assertThat(rows).as(miner.getKey()).isPositive();
        System.out.printf(Locale.ROOT, "BENCHMARK scale=%dx day_events=%d events_in_window=%d order_lines=%d "
                + "miner=\"%s\" rows=%d examined=%d bare_scan_s(min/median)=%.1f/%.1f miner_s(min/median)=%.1f/%.1f "
                + "ratio=%.2f peak_heap_mb=%d%n", scale, dayEvents * scale, events, lines, miner.getKey(), rows,
            examined[m], Repetitions.min(bare), Repetitions.median(bare), Repetitions.min(times),
            Repetitions.median(times), Repetitions.median(times) / Repetitions.median(bare), peak / (1024 * 1024));
        m++;
      }
      lowestSupport(spark, harness, settings, orderLines);
    }
  }

  /** FP-growth at falling supports until one fails or the list ends: the lowest that fits in the test JVM's heap. */
  private static void lowestSupport(SparkSession spark, StageHarness harness, InsightSettings settings,
      Dataset<Row> orderLines) {
    String supports = System.getProperty("insights.benchmark.supports", "");
    if (supports.isBlank()) {
      return;
    }
    Dataset<Row> baskets = Baskets.lines(orderLines, settings.baskets()).localCheckpoint();
    for (String support : supports.split(",")) {
      BasketSettings at = new BasketSettings(Double.parseDouble(support.trim()), 1, settings.baskets().minConfidence(),
          settings.baskets().maxSize(), 50_000_000L, settings.baskets().kind(), settings.baskets().customerWindow(),
          settings.baskets().window());
      System.gc();
      HeapSampler sampler = HeapSampler.start();
      long started = System.nanoTime();
      try {
        BasketMiner.Mined mined = new BasketMiner(at, settings.confidence(), settings.falseDiscoveryRate(),
            harness.settings().spark().shufflePartitions()).mine(baskets);
        long itemsets = mined.itemsets().count();
        long rules = mined.rules().count();
        System.out.printf(Locale.ROOT, "FPGROWTH support=%s min_count=%d baskets=%d itemsets=%d rules=%d s=%.1f "
                + "peak_heap_mb=%d%n", support.trim(), mined.minCount(), mined.baskets(), itemsets, rules,
            (System.nanoTime() - started) / 1e9, sampler.stop() / (1024 * 1024));
      } catch (Throwable e) {
        System.out.printf(Locale.ROOT, "FPGROWTH support=%s FAILED after %.1f s (peak heap %d MB): %s%n",
            support.trim(), (System.nanoTime() - started) / 1e9, sampler.stop() / (1024 * 1024), e);
        return;
      }
    }
  }

  private static Dataset<Row> rated(TableReader reader, StageHarness harness, LocalDate first,
      InsightSettings settings) {
    return RatedJourneys.of(reader.window(JourneyTables.journeys(harness.catalog()), first, DAY),
        reader.window(SilverTables.of(harness.catalog(), Source.SURVEYS), first, DAY),
        reader.all(SilverTables.of(harness.catalog(), Source.CUSTOMERS)), List.of("case", "order"),
        settings.cxAreas());
  }

  /** The baseline of miner m: every column of what it reads, read and written nowhere. */
  private static double bareScan(SparkSession spark, StageHarness harness, int miner) {
    LocalDate first = DAY.minusDays(HISTORY_DAYS);
    String window = " WHERE event_date BETWEEN DATE'" + first + "' AND DATE'" + DAY + "'";
    List<String> tables = miner < 2
        ? List.of(SilverTables.of(harness.catalog(), Source.ORDER_LINES).name().sql() + window,
            SilverTables.of(harness.catalog(), Source.CONTEXT_EVENTS).name().sql())
        : List.of(JourneyTables.journeys(harness.catalog()).name().sql() + " WHERE journey_date BETWEEN DATE'" + first
                + "' AND DATE'" + DAY + "'", SilverTables.of(harness.catalog(), Source.SURVEYS).name().sql() + window,
            SilverTables.of(harness.catalog(), Source.CUSTOMERS).name().sql());
    long started = System.nanoTime();
    for (String table : tables) {
      spark.sql("SELECT * FROM " + table).write().format("noop").mode("overwrite").save();
    }
    return (System.nanoTime() - started) / 1e9;
  }

  /** The events of each {@code key} as steps, with its first time, its customer and its latest answer ({@code a}). */
  private static Dataset<Row> rated(Dataset<Row> silver, Dataset<Row> surveys, String key, String step) {
    Dataset<Row> answers = surveys.where(key + " IS NOT NULL").groupBy(key)
        .agg(org.apache.spark.sql.functions.expr("max_by(struct(response_id, survey_type, score), response_id) AS a"))
        .withColumnRenamed(key, "_key");
    return silver.where(key + " IS NOT NULL").groupBy(key)
        .agg(org.apache.spark.sql.functions.expr("min(event_time) AS started_at"),
            org.apache.spark.sql.functions.expr("max(customer_id) AS customer_id"),
            org.apache.spark.sql.functions.expr("sort_array(collect_list(" + step + ")) AS steps"))
        .join(answers, org.apache.spark.sql.functions.col(key).equalTo(org.apache.spark.sql.functions.col("_key")),
            "left");
  }

  /** Silver (with order lines of several items and context events) and the rated case and order journeys. */
  private static long synthesise(SparkSession spark, StageHarness harness, long dayEvents) {
    long events = new BenchmarkSilver(spark, harness, DAY, HISTORY_DAYS, dayEvents).write(false);
    Dataset<Row> silver = spark.table(SilverTables.of(harness.catalog(), Source.INTERACTIONS).name().sql());
    // A tenth of the purchases are orders with 1-6 lines; a fifth of the orders in one of 48 stores.
    TableWriter.replace(spark, harness.tables(), SilverTables.of(harness.catalog(), Source.ORDER_LINES), silver
        .where("event_type = 'purchase' AND pmod(xxhash64(event_id, 7), 10) = 0")
        .selectExpr("concat('o', event_id) AS order_id", "event_time AS order_time", "customer_id",
            "CASE WHEN pmod(xxhash64(event_id, 12), 5) = 0 THEN concat(element_at(array('gulf', 'east', 'west', "
                + "'north'), CAST(1 + pmod(xxhash64(event_id, 13), 4) AS INT)), '-', lpad(CAST(1 + "
                + "pmod(xxhash64(event_id, 14), 12) AS STRING), 3, '0')) END AS store_id",
            "explode(sequence(1, CAST(1 + pmod(xxhash64(event_id, 11), 6) AS INT))) AS line", "event_id",
            "event_date")
        .selectExpr("order_id", "order_time", "customer_id", "store_id",
            "concat('sku', CAST(floor(2000 * pow(pmod(xxhash64(event_id, line), 1000000) / 1e6, 3)) AS INT)) AS sku",
            "CAST(CASE WHEN pmod(xxhash64(event_id, line, 8), 20) = 0 THEN -1 ELSE 1 + pmod(xxhash64(event_id, line), "
                + "3) END AS INT) AS quantity", "CAST(4.99 AS DECIMAL(12, 2)) AS unit_price", "event_date"));
    TableWriter.replace(spark, harness.tables(), SilverTables.of(harness.catalog(), Source.CONTEXT_EVENTS),
        spark.sql("SELECT * FROM VALUES ('region:gulf', 'hurricane_warning', DATE'" + DAY.minusDays(12) + "', DATE'"
            + DAY.minusDays(10) + "'), ('all', 'promotion', DATE'" + DAY.minusDays(30) + "', DATE'"
            + DAY.minusDays(28) + "'), ('all', 'holiday', DATE'" + DAY.minusDays(25) + "', DATE'" + DAY.minusDays(25)
            + "') AS t(scope, event_type, start_date, end_date)").selectExpr("*", "start_date AS event_date"));
    String step = "struct(event_time AS at, event_id, channel, event_type, department, "
        + "CAST(NULL AS STRING) AS agent_id, case_id, order_id, CAST(NULL AS STRING) AS sku, "
        + "CAST(amount AS DOUBLE) AS amount)";
    Dataset<Row> surveys = spark.table(SilverTables.of(harness.catalog(), Source.SURVEYS).name().sql());
    Dataset<Row> cases = rated(silver, surveys, "case_id", step)
        .selectExpr("concat('case-', case_id) AS journey_id", "'case' AS kind", "to_date(started_at) AS journey_date",
            "customer_id", "started_at", "steps", "case_id", "CAST(NULL AS STRING) AS order_id",
            "CAST(NULL AS STRING) AS store_id",
            "size(filter(steps, s -> s.event_type = 'transfer')) AS transfers",
            "greatest(size(filter(steps, s -> s.event_type = 'contact')) - 1, 0) AS repeat_contacts",
            "0 AS channel_switches", "exists(steps, s -> s.event_type = 'resolve') AS resolved",
            "CASE WHEN exists(steps, s -> s.event_type = 'resolve') THEN unix_seconds(element_at(filter(steps, "
                + "s -> s.event_type = 'resolve'), 1).at) - unix_seconds(started_at) END AS time_to_resolve_s",
            "array_distinct(filter(transform(steps, s -> s.department), d -> d IS NOT NULL)) AS departments",
            "a.response_id AS survey_response_id", "a.survey_type AS survey_type", "a.score AS survey_score");
    Dataset<Row> orders = rated(silver, surveys, "order_id", step)
        .selectExpr("concat('order-', order_id) AS journey_id", "'order' AS kind",
            "to_date(started_at) AS journey_date", "customer_id", "started_at", "steps",
            "CAST(NULL AS STRING) AS case_id", "order_id", "CAST(NULL AS STRING) AS store_id",
            "CAST(pmod(xxhash64(order_id), 7) * 43200 - 86400 AS BIGINT) AS delivery_delay_s",
            "pmod(xxhash64(order_id, 1), 10) = 0 AS returned",
            "size(filter(steps, s -> s.event_type = 'contact')) AS order_contacts",
            "a.response_id AS survey_response_id", "a.survey_type AS survey_type", "a.score AS survey_score");
    TableWriter.replace(spark, harness.tables(), JourneyTables.journeys(harness.catalog()), cases.unionByName(orders,
        true));
    return events;
  }
}
