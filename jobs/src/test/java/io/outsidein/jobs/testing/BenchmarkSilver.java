package io.outsidein.jobs.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import io.outsidein.common.schema.Source;
import io.outsidein.common.tables.SilverTables;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Silver at a benchmark's scale, synthesised inside Spark straight into Delta (no generator, no ingest): a number of
 * events a day over a day and its history, spread over one customer per 40 events of a day. Shared by the stage
 * benchmarks, which each add what only they read.
 *
 * <p>Customers: a segment and an acquisition channel by id, signups spread over the 200 days before the day. The
 * events' purchases make order lines for a tenth of them; customers {@code c % 10} 0-2 never buy (prospects), 3
 * buy only in the last 25 days (they convert), 4 only from 30 days back (they churn), the rest throughout.
 */
public final class BenchmarkSilver {
  private final SparkSession spark;
  private final StageHarness settings;
  private final LocalDate day;
  private final int historyDays;
  private final long dayEvents;

  public BenchmarkSilver(SparkSession spark, StageHarness settings, LocalDate day, int historyDays, long dayEvents) {
    this.spark = spark;
    this.settings = settings;
    this.day = day;
    this.historyDays = historyDays;
    this.dayEvents = dayEvents;
  }

  /** How many customers the events spread over. */
  public long customers() {
    return Math.max(1000, dayEvents / 40);
  }

  /** Writes silver interactions, customers and surveys (and order lines when asked); returns the events. */
  public long write(boolean orderLines) {
    long total = dayEvents * (historyDays + 1);
    Dataset<Row> base = spark.range(total).selectExpr("id", "CAST(id / " + dayEvents + " AS INT) AS days_back",
        "pmod(xxhash64(id, 1), " + customers() + ") AS c", "pmod(xxhash64(id, 2), 1000) AS r");
    Dataset<Row> events = base.selectExpr(
        "concat('e', id) AS event_id",
        "timestamp_seconds(unix_seconds(TIMESTAMP'" + day + " 00:00:00') - days_back * 86400"
            + " + pmod(xxhash64(id, 3), 86000)) AS event_time",
        "concat('c', c) AS customer_id",
        "element_at(array('web', 'app', 'store', 'call_center', 'chat'), CAST(1 + r % 5 AS INT)) AS channel",
        "CASE WHEN r < 20 THEN 'contact' WHEN r < 30 THEN 'transfer' WHEN r < 36 THEN 'resolve' "
            + "WHEN r < 38 THEN 'complaint' WHEN r < 60 THEN 'purchase' WHEN r < 75 THEN 'delivered' "
            + "ELSE 'page_view' END AS event_type",
        "CASE WHEN r < 38 THEN concat('k', c, '-', days_back / 3) END AS case_id",
        "CASE WHEN r BETWEEN 38 AND 74 THEN concat('o', c, '-', days_back) END AS order_id",
        "CASE WHEN r < 38 THEN element_at(array('billing', 'tech_support', 'orders', 'returns'), "
            + "CAST(1 + id % 4 AS INT)) END AS department",
        "CASE WHEN r BETWEEN 38 AND 59 THEN 20.0 END AS amount",
        "CASE WHEN r = 59 AND c % 20 >= 14 THEN map('kind', 'renewal') ELSE map() END AS properties",
        "days_back", "c", "id", "r")
        .withColumn(Source.EVENT_DATE, to_date(col("event_time")));
    TableWriter.replace(spark, settings.tables(), SilverTables.of(settings.catalog(), Source.INTERACTIONS),
        events.drop("days_back", "c", "id", "r"));
    Dataset<Row> silver = spark.table(SilverTables.of(settings.catalog(), Source.INTERACTIONS).name().sql());
    TableWriter.replace(spark, settings.tables(), SilverTables.of(settings.catalog(), Source.CUSTOMERS),
        spark.range(customers()).selectExpr("concat('c', id) AS customer_id", "CASE WHEN id % 20 >= 14 THEN "
                + "concat('b', CAST(id / 20 AS BIGINT)) END AS account_id", "element_at(array('consumer', "
                + "'premium', 'small_business', 'enterprise'), CAST(1 + id % 4 AS INT)) AS segment",
            "date_sub(DATE'" + day + "', CAST(pmod(xxhash64(id, 4), 200) AS INT)) AS signup_date",
            "element_at(array('web', 'store', 'social', 'referral'), CAST(1 + pmod(xxhash64(id, 5), 4) AS INT)) "
                + "AS acquisition_channel",
            "CASE WHEN pmod(xxhash64(id, 5), 4) = 3 THEN concat('c', pmod(xxhash64(id, 6), " + customers() + ")) "
                + "END AS referred_by",
            "DATE'" + day.minusDays(historyDays) + "' AS event_date"));
    // Answers: an NPS or CES after a resolve, a CSAT after a delivery.
    TableWriter.replace(spark, settings.tables(), SilverTables.of(settings.catalog(), Source.SURVEYS), silver
        .where("event_type IN ('resolve', 'delivered') AND pmod(xxhash64(event_id), 3) = 0")
        .selectExpr("concat('s', event_id) AS response_id", "event_time + INTERVAL 2 HOURS AS submitted_at",
            "customer_id",
            "CASE WHEN event_type = 'delivered' THEN 'csat' WHEN pmod(xxhash64(event_id, 9), 4) = 0 THEN 'ces' "
                + "ELSE 'nps' END AS survey_type",
            "CAST(CASE WHEN event_type = 'delivered' THEN 1 + pmod(xxhash64(event_id), 5) "
                + "WHEN pmod(xxhash64(event_id, 9), 4) = 0 THEN 1 + pmod(xxhash64(event_id), 7) "
                + "ELSE pmod(xxhash64(event_id), 11) END AS INT) AS score",
            "case_id", "order_id", "to_date(event_time + INTERVAL 2 HOURS) AS event_date"));
    if (orderLines) {
      TableWriter.replace(spark, settings.tables(), SilverTables.of(settings.catalog(), Source.ORDER_LINES), events
          .where("r BETWEEN 38 AND 59 AND pmod(xxhash64(id, 7), 10) = 0 AND c % 10 >= 3 "
              + "AND (c % 10 <> 3 OR days_back < 25) AND (c % 10 <> 4 OR days_back >= 30)")
          .selectExpr("order_id", "event_time AS order_time", "customer_id", "concat('sku', r) AS sku",
              "CAST(CASE WHEN pmod(xxhash64(id, 8), 20) = 0 THEN -1 ELSE 1 + r % 3 END AS INT) AS quantity",
              "CAST(5 + r % 40 AS DECIMAL(12, 2)) AS unit_price", "event_date"));
    }
    return silver.count();
  }
}
