package io.outsidein.jobs.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.Frames;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ValueForecastTest {
  @Test
  void aCustomersRunRateIsShrunkTowardTheirSegment() {
    // Segment A: 90 and 0 over 90 days, rates 1.0 and 0, mean 0.5; with 30 prior days:
    // (90 x 1.0 + 30 x 0.5) / 120 x 365 = 319.375 and (0 + 15) / 120 x 365 = 45.625. B alone keeps its pace.
    // C signed up ten days before the end: 20 over ten days seen is 2 a day, not 20 / 90.
    Dataset<Row> customers = TestSpark.session().sql("SELECT customer_id, segment, CAST(s AS DATE) AS signup_date, "
        + "net_value FROM VALUES ('a1', 'A', NULL, 90.0D), ('a2', 'A', '2025-06-01', 0.0D), "
        + "('b1', 'B', NULL, 180.0D), ('c1', 'C', '2026-03-22', 20.0D) AS t(customer_id, segment, s, net_value)");
    Frames.assertSameRows(TestSpark.session().sql("SELECT * FROM VALUES ('a1', 319.375D), ('a2', 45.625D), "
            + "('b1', 730.0D), ('c1', 730.0D) AS t(customer_id, value_12m)"),
        new ValueForecast(CustomerScoresTest.settings()).forecast(customers, LocalDate.of(2026, 1, 1),
            LocalDate.of(2026, 3, 31)));
  }

  @Test
  void theHoldoutPredictsTheWindowsSecondHalfFromItsFirst() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> people = spark.sql("SELECT *, CAST(NULL AS DATE) AS signup_date FROM VALUES ('c1', 'A'), ('c2', 'A') "
        + "AS t(customer_id, segment)");
    // c1 buys 100 in each half (margin 30 each); c2 only calls in the second half (4.00 + 8 min x 0.75 = 10.00).
    Dataset<Row> lines = spark.sql("SELECT order_id, CAST(t AS TIMESTAMP) AS order_time, customer_id, quantity, "
        + "CAST(100 AS DECIMAL(12, 2)) AS unit_price FROM VALUES ('o1', '2026-04-02 10:00:00', 'c1', 1), "
        + "('o2', '2026-04-08 10:00:00', 'c1', 1) AS v(order_id, t, customer_id, quantity)");
    Dataset<Row> activity = CustomerActivity.daily(spark.sql("SELECT DATE'2026-04-09' AS event_date, "
        + "'c2' AS customer_id, 'call_center' AS channel, 'contact' AS event_type"));
    ValueForecast.Holdout holdout = new ValueForecast(CustomerScoresTest.settings())
        .holdout(people, lines, activity, LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 10));
    // First five days: c1 30 (rate 6), c2 nothing; segment mean 3; with 30 prior days over 5 days seen:
    // c1 (5 x 6 + 30 x 3) / 35 x 5 = 17.143, c2 (0 + 90) / 35 x 5 = 12.857; actual 30 and -10.
    assertThat(holdout.customers()).isEqualTo(2);
    assertThat(holdout.fitDays()).isEqualTo(5);
    assertThat(holdout.heldDays()).isEqualTo(5);
    assertThat(holdout.mae()).isCloseTo((30 - 120.0 / 7 + 90.0 / 7 + 10) / 2, within(1e-9));
    assertThat(holdout.runRateMae()).isCloseTo(5.0, within(1e-9));
    assertThat(holdout.totalError()).isCloseTo(0.5, within(1e-9));
    assertThat(holdout.describe()).contains("first 5 days predicted the last 5 for 2 customers")
        .contains("total off by +50.0 %");
  }
}
