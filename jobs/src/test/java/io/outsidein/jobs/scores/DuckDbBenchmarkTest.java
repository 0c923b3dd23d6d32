package io.outsidein.jobs.scores;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.schema.Source;
import io.outsidein.common.testing.Repetitions;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.journeys.JourneyBuilder;
import io.outsidein.jobs.journeys.JourneySettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * outsidein side by side with DuckDB on one machine, on the same Parquet files (issue 15): the daily scorecard by
 * channel (a night's score date, windows of 1, 7 and 28 days and the window before each, NPS, CSAT and CES with n
 * and an interval) over 56 days of rated answers, and the sessions of one day of interaction events. Each query
 * runs three ways, alternating, every one writing its result as Parquet: outsidein's own code (the scores stage's
 * {@link Scorecard}; the journeys stage's {@link JourneyBuilder}, which also stitches devices to customers and
 * builds cases and orders), the analyst's SQL in DuckDB, and the same SQL in Spark (the engine's share of the gap).
 * Not a unit test:
 * {@code mvn -B -o test -pl jobs -Dtest=DuckDbBenchmarkTest -Doutsidein.benchmark=true
 * [-Doutsidein.benchmark.day-events=10000000] [-Doutsidein.benchmark.answers-per-day=66000]
 * [-Doutsidein.benchmark.reps=3]}. Prints one BENCHMARK line per query; BENCHMARKS.md records them.
 */
@EnabledIfSystemProperty(named = "outsidein.benchmark", matches = "true")
class DuckDbBenchmarkTest {
  private static final LocalDate DAY = LocalDate.of(2026, 9, 30);
  private static final int ANSWER_DAYS = 56;

  /**
   * The analyst's scorecard by channel for one score date: each answer counted in the windows (1, 7, 28 days) it
   * falls in and in the window before each; NPS with a normal interval, CSAT as the share of 4-5, CES as a mean.
   * {@code %1$s}: the answers' table; {@code %2$s}: the score date.
   */
  private static final String SCORECARD_SQL = """
      WITH w AS (SELECT * FROM (VALUES (1), (7), (28)) AS t(window_days)),
      spread AS (
        SELECT w.window_days, a.channel, a.survey_type, a.score,
               a.answer_date > DATE '%2$s' - CAST(w.window_days AS INT) AS current_window
        FROM %1$s a JOIN w ON a.answer_date > DATE '%2$s' - CAST(2 * w.window_days AS INT)
                          AND a.answer_date <= DATE '%2$s'
        WHERE a.channel IS NOT NULL),
      sums AS (
        SELECT window_days, channel, current_window,
               count(CASE WHEN survey_type IN ('nps', 'relationship') THEN 1 END) AS nps_n,
               count(CASE WHEN survey_type IN ('nps', 'relationship') AND score >= 9 THEN 1 END) AS promoters,
               count(CASE WHEN survey_type IN ('nps', 'relationship') AND score <= 6 THEN 1 END) AS detractors,
               count(CASE WHEN survey_type = 'csat' THEN 1 END) AS csat_n,
               count(CASE WHEN survey_type = 'csat' AND score >= 4 THEN 1 END) AS satisfied,
               count(CASE WHEN survey_type = 'ces' THEN 1 END) AS ces_n,
               sum(CASE WHEN survey_type = 'ces' THEN score END) AS ces_sum,
               sum(CASE WHEN survey_type = 'ces' THEN score * score END) AS ces_squares
        FROM spread GROUP BY window_days, channel, current_window),
      cells AS (
        SELECT window_days, channel, nps_n, 100.0 * (promoters - detractors) / nps_n AS nps,
               1.96 * 100.0 * sqrt(((promoters + detractors) * 1.0 / nps_n
                   - power((promoters - detractors) * 1.0 / nps_n, 2)) / nps_n) AS nps_margin,
               csat_n, 100.0 * satisfied / csat_n AS csat,
               ces_n, ces_sum * 1.0 / ces_n AS ces,
               1.96 * sqrt((ces_squares - ces_sum * ces_sum * 1.0 / ces_n) / (ces_n - 1) / ces_n) AS ces_margin
        FROM sums WHERE current_window)
      SELECT c.*, p.nps_n AS previous_nps_n, 100.0 * (p.promoters - p.detractors) / p.nps_n AS previous_nps
      FROM cells c LEFT JOIN (SELECT * FROM sums WHERE NOT current_window) p
        ON c.window_days = p.window_days AND c.channel = p.channel""";

  /**
   * The analyst's sessions of one day: per actor (the customer, else the device), a new session after 30 minutes of
   * silence. {@code %1$s}: the events' table; {@code %2$s}: seconds since the epoch of a timestamp column.
   */
  private static final String SESSIONS_SQL = """
      WITH actors AS (
        SELECT coalesce(customer_id, 'device:' || anonymous_id) AS actor, event_time, event_id, channel
        FROM %1$s),
      gaps AS (
        SELECT *, CASE WHEN lag(event_time) OVER (PARTITION BY actor ORDER BY event_time, event_id) IS NULL
                         OR %2$s - lag(%2$s) OVER (PARTITION BY actor ORDER BY event_time, event_id) >= 1800
                       THEN 1 ELSE 0 END AS new_session
        FROM actors),
      numbered AS (
        SELECT *, sum(new_session) OVER (PARTITION BY actor ORDER BY event_time, event_id
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS session_no
        FROM gaps)
      SELECT actor, session_no, min(event_time) AS started_at, max(event_time) AS ended_at, count(*) AS events,
             count(DISTINCT channel) AS channels
      FROM numbered GROUP BY actor, session_no""";

  @Test
  void scorecardAndSessionsAgainstDuckDb() throws SQLException {
    SparkSession spark = TestSpark.session();
    long dayEvents = Long.getLong("outsidein.benchmark.day-events", 10_000_000L);
    long answersPerDay = Long.getLong("outsidein.benchmark.answers-per-day", 66_000L);
    int reps = Integer.getInteger("outsidein.benchmark.reps", 3);
    Path folder = TestSpark.newFolder("duckdb-bench");
    String events = folder.resolve("events").toString();
    String answers = folder.resolve("answers").toString();
    long started = System.nanoTime();
    writeEvents(spark, dayEvents, events);
    writeAnswers(spark, answersPerDay, answers);
    System.out.printf(Locale.ROOT, "synthesised %d events and %d answers in %.1f s%n", dayEvents,
        answersPerDay * ANSWER_DAYS, (System.nanoTime() - started) / 1e9);

    List<String> queries = List.of(System.getProperty("outsidein.benchmark.queries", "scorecard,sessions").split(","));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      if (queries.contains("scorecard")) {
        scorecardByChannel(spark, duck, answers, answersPerDay * ANSWER_DAYS, reps, folder);
      }
      if (queries.contains("sessions")) {
        sessionsOfOneDay(spark, duck, events, dayEvents, reps, folder);
      }
    }
  }

  /** The scorecard three ways; outsidein's NPS per window and channel must be the analyst's. */
  private static void scorecardByChannel(SparkSession spark, Connection duck, String answers, long rows, int reps,
      Path folder) throws SQLException {
    ScoreSettings settings = ScoreSettings.read(root());
    compare("scorecard_by_channel", rows, reps, folder,
        out -> scorecard(new Scorecard(settings), spark.read().parquet(answers), out),
        out -> duck(duck, String.format(Locale.ROOT, SCORECARD_SQL, "read_parquet('" + answers + "/*.parquet')",
            DAY), out),
        out -> spark.sql(String.format(Locale.ROOT, SCORECARD_SQL, "parquet.`" + answers + "`", DAY))
            .write().mode("overwrite").parquet(out));
    TreeMap<String, String> analyst = new TreeMap<>();
    try (Statement statement = duck.createStatement(); ResultSet cells = statement.executeQuery(
        "SELECT window_days, channel, nps_n, round(nps, 4) FROM read_parquet('"
            + folder.resolve("duckdb-scorecard_by_channel") + "') WHERE nps_n > 0")) {
      while (cells.next()) {
        analyst.put(cells.getInt(1) + "/" + cells.getString(2), cells.getLong(3) + " " + cells.getDouble(4));
      }
    }
    TreeMap<String, String> ours = new TreeMap<>();
    spark.read().parquet(folder.resolve("outsidein-scorecard_by_channel").toString())
        .where("dimension = 'channel' AND metric = 'nps' AND n > 0")
        .selectExpr("window_days", "dimension_value", "n", "round(score, 4)").collectAsList()
        .forEach(r -> ours.put(r.getInt(0) + "/" + r.getString(1), r.getLong(2) + " " + r.getDouble(3)));
    assertThat(ours).isNotEmpty().isEqualTo(analyst);
  }

  /** The sessions three ways; the analyst's SQL must give as many sessions in DuckDB as in Spark. */
  private static void sessionsOfOneDay(SparkSession spark, Connection duck, String events, long rows, int reps,
      Path folder) throws SQLException {
    JourneySettings settings = JourneySettings.read(root());
    Instant asOf = DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    compare("sessions_of_one_day", rows, reps, folder,
        out -> new JourneyBuilder(settings).build(spark.read().parquet(events), orderLines(spark), List.of(DAY), asOf)
            .journeys().where("kind = 'session'").write().mode("overwrite").parquet(out),
        out -> duck(duck, String.format(Locale.ROOT, SESSIONS_SQL, "read_parquet('" + events + "/*.parquet')",
            "epoch(event_time)"), out),
        out -> spark.sql(String.format(Locale.ROOT, SESSIONS_SQL, "parquet.`" + events + "`",
            "unix_seconds(event_time)")).write().mode("overwrite").parquet(out));
    long analyst = count(duck, folder.resolve("duckdb-sessions_of_one_day"));
    assertThat(spark.read().parquet(folder.resolve("spark-sql-sessions_of_one_day").toString()).count())
        .isEqualTo(analyst).isPositive();
  }

  /** As the scores stage runs it: the window sums cached (its five metrics read them), then the cells. */
  private static void scorecard(Scorecard scorecard, Dataset<Row> rated, String out) {
    Dataset<Row> windows = scorecard.windows(rated, List.of(DAY)).cache();
    try {
      scorecard.cells(windows).write().mode("overwrite").parquet(out);
    } finally {
      windows.unpersist();
    }
  }

  /** Alternates the three ways {@code reps} times and prints their min/median and ratios. */
  private static void compare(String query, long rows, int reps, Path folder, Writer outsidein, Writer duckdb,
      Writer sparkSql) {
    List<Double> ours = new ArrayList<>();
    List<Double> duck = new ArrayList<>();
    List<Double> spark = new ArrayList<>();
    for (int rep = 0; rep < reps; rep++) {
      ours.add(seconds(() -> outsidein.write(folder.resolve("outsidein-" + query).toString())));
      duck.add(seconds(() -> duckdb.write(folder.resolve("duckdb-" + query).toString())));
      spark.add(seconds(() -> sparkSql.write(folder.resolve("spark-sql-" + query).toString())));
    }
    System.out.printf(Locale.ROOT, "BENCHMARK query=%s input_rows=%d outsidein_s(min/median)=%.2f/%.2f "
            + "duckdb_s=%.2f/%.2f spark_sql_s=%.2f/%.2f ratio_outsidein_to_duckdb=%.1f ratio_spark_sql_to_duckdb=%.1f%n",
        query, rows, Repetitions.min(ours), Repetitions.median(ours), Repetitions.min(duck), Repetitions.median(duck),
        Repetitions.min(spark), Repetitions.median(spark), Repetitions.median(ours) / Repetitions.median(duck),
        Repetitions.median(spark) / Repetitions.median(duck));
  }

  @FunctionalInterface
  private interface Writer {
    void write(String out);
  }

  private static double seconds(Runnable work) {
    long started = System.nanoTime();
    work.run();
    return (System.nanoTime() - started) / 1e9;
  }

  private static void duck(Connection duck, String query, String out) {
    try (Statement statement = duck.createStatement()) {
      statement.execute("COPY (" + query + ") TO '" + out + "' (FORMAT parquet)");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(Connection duck, Path parquet) throws SQLException {
    try (Statement statement = duck.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM read_parquet('" + parquet + "')")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static io.outsidein.common.config.ConfigReader root() {
    return OutsideinSettings.root(new ConfigLoader().load(Optional.empty(), List.of()));
  }

  /**
   * One day of events in silver's columns: a customer per 40 events, 45 % of events on a device, a third of those
   * logged in (both ids), the rest of the device events anonymous; cases, orders and their types as in the stage
   * benchmarks.
   */
  private static void writeEvents(SparkSession spark, long dayEvents, String out) {
    long customers = Math.max(1000, dayEvents / 40);
    Dataset<Row> events = spark.range(dayEvents).selectExpr("id", "pmod(xxhash64(id, 1), " + customers + ") AS c",
            "pmod(xxhash64(id, 2), 1000) AS r", "pmod(xxhash64(id, 4), 100) AS dev")
        .selectExpr(
            "concat('e', id) AS event_id",
            "timestamp_seconds(unix_seconds(TIMESTAMP'" + DAY + " 00:00:00') + pmod(xxhash64(id, 3), 86400)) "
                + "AS event_time",
            "CASE WHEN dev < 45 AND dev % 3 <> 0 THEN NULL ELSE concat('c', c) END AS customer_id",
            "CASE WHEN dev < 45 THEN concat('d', c) END AS anonymous_id",
            "element_at(array('web', 'app', 'store', 'call_center', 'chat'), CAST(1 + r % 5 AS INT)) AS channel",
            "CASE WHEN r < 20 THEN 'contact' WHEN r < 30 THEN 'transfer' WHEN r < 36 THEN 'resolve' "
                + "WHEN r < 38 THEN 'complaint' WHEN r < 60 THEN 'purchase' WHEN r < 75 THEN 'delivered' "
                + "ELSE 'page_view' END AS event_type",
            "CASE WHEN r < 38 THEN concat('k', c) END AS case_id",
            "CASE WHEN r BETWEEN 38 AND 74 THEN concat('o', c) END AS order_id",
            "CASE WHEN r < 38 THEN element_at(array('billing', 'tech_support', 'orders', 'returns'), "
                + "CAST(1 + id % 4 AS INT)) END AS department",
            "CAST(NULL AS STRING) AS agent_id", "CAST(NULL AS STRING) AS store_id", "CAST(NULL AS STRING) AS sku",
            "CASE WHEN r BETWEEN 38 AND 59 THEN 20.0 END AS amount", "map() AS properties",
            "DATE'" + DAY + "' AS event_date", "'default' AS feed");
    List<Column> typed = new ArrayList<>();
    for (StructField field : Source.INTERACTIONS.silverSchema().fields()) {
      typed.add(events.col(field.name()).cast(field.dataType()).as(field.name()));
    }
    events.select(typed.toArray(Column[]::new)).write().mode("overwrite").parquet(out);
  }

  /** No order lines: the sessions are what is compared. */
  private static Dataset<Row> orderLines(SparkSession spark) {
    return spark.createDataFrame(List.of(), Source.ORDER_LINES.silverSchema());
  }

  /**
   * Rated answers as the scores stage reads them: {@code answersPerDay} a day over 56 days ending on the score date,
   * NPS (half), CSAT and CES, each on one of five channels; the other dimensions empty, so outsidein's scorecard
   * computes the channel and the all-channels cells only.
   */
  private static void writeAnswers(SparkSession spark, long answersPerDay, String out) {
    spark.range(answersPerDay * ANSWER_DAYS).selectExpr("id", "pmod(xxhash64(id, 1), 1000) AS r")
        .selectExpr("concat('s', id) AS response_id",
            "date_sub(DATE'" + DAY + "', CAST(id / " + answersPerDay + " AS INT)) AS answer_date",
            "CASE WHEN r < 500 THEN 'nps' WHEN r < 800 THEN 'csat' ELSE 'ces' END AS survey_type",
            "CAST(CASE WHEN r < 500 THEN pmod(xxhash64(id, 2), 11) WHEN r < 800 THEN 1 + pmod(xxhash64(id, 2), 5) "
                + "ELSE 1 + pmod(xxhash64(id, 2), 7) END AS INT) AS score",
            "element_at(array('web', 'app', 'store', 'call_center', 'chat'), CAST(1 + r % 5 AS INT)) AS channel",
            "CAST(NULL AS STRING) AS event_type", "CAST(NULL AS STRING) AS touchpoint",
            "CAST(NULL AS STRING) AS department", "CAST(NULL AS STRING) AS store", "CAST(NULL AS STRING) AS region",
            "CAST(NULL AS STRING) AS segment", "CAST(NULL AS STRING) AS cx_area")
        .write().mode("overwrite").parquet(out);
  }
}
