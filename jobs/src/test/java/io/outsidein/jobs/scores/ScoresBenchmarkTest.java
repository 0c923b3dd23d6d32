package io.outsidein.jobs.scores;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.Source;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.tables.JourneyTables;
import io.outsidein.common.tables.SilverTables;
import io.outsidein.common.testing.HeapSampler;
import io.outsidein.common.testing.Repetitions;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.BenchmarkSilver;
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
 * The scores stage for one day with 60 days of history, against a bare scan of the same input window (the
 * interactions of the account window, the answers of the scorecard windows, the cases and orders, customers and
 * pulses), in the same JVM. Silver and the case and order journeys are synthesised inside Spark straight into
 * Delta. Not a unit test: {@code mvn -B test -pl jobs -Dtest=ScoresBenchmarkTest -Dscores.benchmark=true
 * [-Dscores.benchmark.scales=1,2,4] [-Dscores.benchmark.reps=3] [-Dscores.benchmark.day-events=1250000]}. Prints one
 * BENCHMARK line per scale.
 */
@EnabledIfSystemProperty(named = "scores.benchmark", matches = "true")
class ScoresBenchmarkTest {
  private static final LocalDate DAY = LocalDate.of(2026, 9, 30);
  private static final int HISTORY_DAYS = 60;

  @Test
  void scoresOfOneDayWithSixtyDaysOfHistory() {
    SparkSession spark = TestSpark.session();
    int reps = Integer.getInteger("scores.benchmark.reps", 3);
    long dayEvents = Long.getLong("scores.benchmark.day-events", 1_250_000L);
    List<Integer> scales = Arrays.stream(System.getProperty("scores.benchmark.scales", "1,2,4").split(","))
        .map(String::trim).map(Integer::parseInt).collect(Collectors.toList());
    for (int scale : scales) {
      String suffix = "sbench_" + scale;
      StageHarness settings = StageHarness.of(List.of(
          "outsidein.storage.warehouse=" + TestSpark.root().resolve("scores-bench-warehouse"),
          "outsidein.catalog.silver-database=silver_" + suffix,
          "outsidein.catalog.gold-database=gold_" + suffix,
          "outsidein.catalog.ops-database=ops_" + suffix,
          // The account window over the same 61 days as the rest of the history.
          "outsidein.scores.accounts.window=61d"));
      long events = synthesise(spark, settings, settings.tables(), dayEvents * scale);
      long answers = spark.table(SilverTables.of(settings.catalog(), Source.SURVEYS).name().sql()).count();
      ScoreSettings scoreSettings = settings.settings(new ScoresJob());
      String plan = new Scorecard(scoreSettings).cells(new RatedAnswers(scoreSettings).rate(
              spark.table(SilverTables.of(settings.catalog(), Source.SURVEYS).name().sql()),
              spark.table(JourneyTables.journeys(settings.catalog()).name().sql()),
              spark.table(SilverTables.of(settings.catalog(), Source.CUSTOMERS).name().sql())), List.of(DAY))
          .queryExecution().executedPlan().toString();
      System.out.println("SCORECARD PLAN\n" + plan);

      List<Double> bare = new ArrayList<>();
      List<Double> scores = new ArrayList<>();
      long peak = 0;
      long cells = 0;
      for (int rep = 0; rep < reps; rep++) {
        bare.add(bareScan(spark, settings));
        System.gc();
        HeapSampler sampler = HeapSampler.start();
        long started = System.nanoTime();
        List<RunLogEntry> entries = settings.run(new ScoresJob(),
            new RunContext("sbench-" + scale + "-" + rep, DAY, DAY, Instant.parse("2026-10-01T02:00:00Z")),
            ChangedDates.of(SilverTables.of(settings.catalog(), Source.SURVEYS).name(), List.of(DAY))).entries();
        scores.add((System.nanoTime() - started) / 1e9);
        peak = Math.max(peak, sampler.stop());
        cells = entries.get(0).rowsWritten();
        assertThat(cells).isPositive();
      }
      System.out.printf(Locale.ROOT,
          "BENCHMARK scale=%dx day_events=%d events_in_window=%d answers=%d cells_written=%d "
              + "bare_scan_s(min/median)=%.1f/%.1f scores_s(min/median)=%.1f/%.1f ratio=%.2f peak_heap_mb=%d "
              + "exchanges_in_scorecard_plan=%d%n",
          scale, dayEvents * scale, events, answers, cells, Repetitions.min(bare), Repetitions.median(bare),
          Repetitions.min(scores), Repetitions.median(scores), Repetitions.median(scores) / Repetitions.median(bare),
          peak / (1024 * 1024), plan.lines().filter(l -> l.contains("Exchange")).count());
    }
  }

  /** Silver interactions, surveys, customers and pulses, and the case and order journeys; returns the events. */
  private static long synthesise(SparkSession spark, StageHarness settings, DeltaTables tables, long dayEvents) {
    long events = new BenchmarkSilver(spark, settings, DAY, HISTORY_DAYS, dayEvents).write(false);
    Dataset<Row> silver = spark.table(SilverTables.of(settings.catalog(), Source.INTERACTIONS).name().sql());
    String step = "struct(event_time AS at, event_id, channel, event_type, department, "
        + "CAST(NULL AS STRING) AS agent_id, case_id, order_id, CAST(NULL AS STRING) AS sku, "
        + "CAST(amount AS DOUBLE) AS amount)";
    Dataset<Row> cases = silver.where("case_id IS NOT NULL").groupBy("case_id")
        .agg(org.apache.spark.sql.functions.expr("min(event_time) AS started_at"),
            org.apache.spark.sql.functions.expr("sort_array(collect_list(" + step + ")) AS steps"))
        .selectExpr("concat('case-', case_id) AS journey_id", "'case' AS kind", "to_date(started_at) AS journey_date",
            "started_at", "steps", "case_id", "CAST(NULL AS STRING) AS order_id", "CAST(NULL AS STRING) AS store_id");
    Dataset<Row> orders = silver.where("order_id IS NOT NULL").groupBy("order_id")
        .agg(org.apache.spark.sql.functions.expr("min(event_time) AS started_at"),
            org.apache.spark.sql.functions.expr("sort_array(collect_list(" + step + ")) AS steps"))
        .selectExpr("concat('order-', order_id) AS journey_id", "'order' AS kind",
            "to_date(started_at) AS journey_date", "started_at", "steps", "CAST(NULL AS STRING) AS case_id",
            "order_id", "CAST(NULL AS STRING) AS store_id");
    TableWriter.replace(spark, tables, JourneyTables.journeys(settings.catalog()), cases.unionByName(orders));
    TableWriter.replace(spark, tables, SilverTables.of(settings.catalog(), Source.ENGAGEMENT), spark.range(4 * 4 * 8)
        .selectExpr("concat('g', id) AS response_id",
            "element_at(array('billing', 'tech_support', 'orders', 'returns'), CAST(1 + id % 4 AS INT)) AS unit_id",
            "add_months(DATE'2026-06-01', CAST(id / 32 AS INT)) AS period",
            "CAST(1 + pmod(xxhash64(id, 1), 5) AS INT) AS q01", "CAST(1 + pmod(xxhash64(id, 2), 5) AS INT) AS q02",
            "add_months(DATE'2026-06-01', CAST(id / 32 AS INT)) AS event_date"));
    return events;
  }

  /** The baseline: every column of each input window read and written nowhere. */
  private static double bareScan(SparkSession spark, StageHarness settings) {
    LocalDate first = DAY.minusDays(HISTORY_DAYS);
    long started = System.nanoTime();
    for (String table : List.of(
        SilverTables.of(settings.catalog(), Source.INTERACTIONS).name().sql() + " WHERE event_date BETWEEN DATE'"
            + first + "' AND DATE'" + DAY + "'",
        SilverTables.of(settings.catalog(), Source.SURVEYS).name().sql() + " WHERE event_date BETWEEN DATE'"
            + DAY.minusDays(Scorecard.HISTORY_DAYS) + "' AND DATE'" + DAY + "'",
        JourneyTables.journeys(settings.catalog()).name().sql(),
        SilverTables.of(settings.catalog(), Source.CUSTOMERS).name().sql(),
        SilverTables.of(settings.catalog(), Source.ENGAGEMENT).name().sql())) {
      spark.sql("SELECT * FROM " + table).write().format("noop").mode("overwrite").save();
    }
    return (System.nanoTime() - started) / 1e9;
  }
}
