package io.outsidein.jobs.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.schema.Source;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.stage.StageResult;
import io.outsidein.common.tables.SilverTables;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.Frames;
import io.outsidein.jobs.testing.StageHarness;
import io.outsidein.jobs.testing.TableWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The customers stage reads interactions through its state, ops.customer_activity: a first night (or one after the
 * state was lost) aggregates its whole window from silver, a later night only the dates its input changed and
 * those the state does not hold, and a late event on an older date reaches the scores.
 */
class CustomersStateTest {
  private static final LocalDate FIRST_NIGHT = LocalDate.of(2026, 6, 30);
  private static final LocalDate SECOND_NIGHT = LocalDate.of(2026, 7, 1);
  private static final LocalDate LATE = LocalDate.of(2026, 6, 20);

  @Test
  void theDatesToComputeAreTheChangedOnesAndThoseOfTheWindowNotHeld() {
    LocalDate from = LocalDate.of(2026, 6, 1);
    LocalDate to = LocalDate.of(2026, 6, 5);
    // A changed date outside the window is recomputed too: a later rerun of its range must find it current.
    assertThat(CustomerActivity.datesToCompute(List.of(LocalDate.of(2026, 5, 20), LocalDate.of(2026, 6, 2)), from,
        to, List.of(from, LocalDate.of(2026, 6, 2), LocalDate.of(2026, 6, 3), to)))
        .containsExactly(LocalDate.of(2026, 5, 20), LocalDate.of(2026, 6, 2), LocalDate.of(2026, 6, 4));
    // No event yet in the window (its last event date before its start): only the changed dates.
    assertThat(CustomerActivity.datesToCompute(List.of(), from, from.minusDays(1), List.of())).isEmpty();
  }

  @Test
  void theDailyCountsShuffleTheEventsOnceAndCallNoUdf() {
    Dataset<Row> daily = CustomerActivity.daily(events("('e1', '2026-06-20 09:00:00', 'c1', 'web', 'contact'), "
        + "('e2', '2026-06-20 10:00:00', 'c1', 'web', 'page_view'), ('e3', '2026-06-20 11:00:00', 'c1', 'app', "
        + "'referral')"));
    // customer_id, channel, events, page_views, contacts, transfers, referrals, event_date.
    assertThat(daily.orderBy("channel").collectAsList().toString())
        .isEqualTo("[[c1,app,1,0,0,0,1,2026-06-20], [c1,web,2,1,1,0,0,2026-06-20]]");
    String plan = daily.queryExecution().executedPlan().toString();
    // Counted where the events are read (a partial aggregate), then one exchange of the counts by their key.
    assertThat(plan.lines().filter(l -> l.contains("Exchange hashpartitioning(customer_id")).count()).as(plan)
        .isEqualTo(1);
    assertThat(plan.lines().filter(l -> l.contains("partial_count")).count()).as(plan).isEqualTo(1);
    assertThat(plan).as(plan).doesNotContain("UDF");
  }

  @Test
  void aNightAggregatesOnlyItsDatesAndALateEventReachesTheScores() {
    SparkSession spark = TestSpark.session();
    StageHarness harness = StageHarness.of(List.of(
        "outsidein.storage.warehouse=" + TestSpark.newFolder("customers-state-warehouse"),
        "outsidein.catalog.silver-database=silver_cstate",
        "outsidein.catalog.gold-database=gold_cstate",
        "outsidein.catalog.ops-database=ops_cstate"));
    write(harness, Source.CUSTOMERS, spark.sql("SELECT customer_id, segment, DATE'2026-05-01' AS signup_date "
        + "FROM VALUES ('c1', 'A'), ('c2', 'B') AS t(customer_id, segment)"));
    write(harness, Source.ORDER_LINES, spark.sql("SELECT 'o1' AS order_id, TIMESTAMP'2026-06-10 10:00:00' AS "
        + "order_time, 'c1' AS customer_id, 'sku-1' AS sku, 1 AS quantity, CAST(50 AS DECIMAL(12, 2)) AS unit_price, "
        + "DATE'2026-06-10' AS event_date"));
    write(harness, Source.SURVEYS, spark.sql("SELECT 'r1' AS response_id, TIMESTAMP'2026-06-21 10:00:00' AS "
        + "submitted_at, 'c1' AS customer_id, 'nps' AS survey_type, 9 AS score, DATE'2026-06-21' AS event_date"));
    write(harness, Source.INTERACTIONS, events(
        "('e1', '2026-06-20 09:00:00', 'c1', 'call_center', 'contact'), "
            + "('e2', '2026-06-25 09:00:00', 'c1', 'web', 'page_view'), "
            + "('e3', '2026-06-28 09:00:00', 'c2', 'web', 'contact'), "
            + "('e4', '2026-06-29 09:00:00', NULL, 'web', 'page_view')"));
    CustomersJob job = new CustomersJob();
    harness.run(job, run("first", FIRST_NIGHT), changed(harness, List.of(LATE, LocalDate.of(2026, 6, 25),
        LocalDate.of(2026, 6, 28), LocalDate.of(2026, 6, 29))));

    // The state is silver's interactions counted per customer, day and channel; every date of the window up to
    // the last event date is held (the models' history starts a horizon before the 90-day window).
    Frames.assertSameRows(CustomerActivity.daily(spark.table("silver_cstate.interactions")),
        spark.table("ops_cstate.customer_activity"));
    assertThat(spark.sql("SELECT min(event_date), max(event_date), count(1) FROM ops_cstate.customer_activity_dates")
        .first().toString()).isEqualTo("[2026-03-03,2026-06-29,119]");
    assertThat(score("c1", "contacts")).isEqualTo(1L);
    assertThat(score("c2", "contacts")).isEqualTo(1L);

    // Late: a contact and a transfer of c1 on 20 June, delivered with the second night's own events.
    append(harness, events("('e5', '2026-06-20 15:00:00', 'c1', 'call_center', 'contact'), "
        + "('e6', '2026-06-20 15:05:00', 'c1', 'call_center', 'transfer'), "
        + "('e7', '2026-07-01 09:00:00', 'c2', 'app', 'page_view')"));
    StageResult second = harness.run(job, run("second", SECOND_NIGHT), changed(harness, List.of(LATE, SECOND_NIGHT)));
    // The two changed dates and 30 June, held by no run yet; 25 June stays as the first night computed it.
    assertThat(second.entries().get(0).message()).endsWith("activity of 3 event dates aggregated");
    assertThat(spark.sql("SELECT event_date, run_id FROM ops_cstate.customer_activity_dates WHERE run_id = 'second' "
        + "OR event_date = DATE'2026-06-25' ORDER BY event_date").collectAsList().toString())
        .isEqualTo("[[2026-06-20,second], [2026-06-25,first], [2026-06-30,second], [2026-07-01,second]]");
    Frames.assertSameRows(CustomerActivity.daily(spark.table("silver_cstate.interactions")),
        spark.table("ops_cstate.customer_activity"));
    assertThat(score("c1", "contacts")).isEqualTo(2L);
    assertThat(score("c1", "transfers")).isEqualTo(1L);
  }

  private static Dataset<Row> events(String values) {
    return TestSpark.session().sql("SELECT event_id, CAST(t AS TIMESTAMP) AS event_time, customer_id, channel, "
        + "event_type, to_date(CAST(t AS TIMESTAMP)) AS event_date FROM VALUES " + values
        + " AS v(event_id, t, customer_id, channel, event_type)");
  }

  private static void write(StageHarness harness, Source source, Dataset<Row> rows) {
    TableWriter.replace(TestSpark.session(), harness.tables(), SilverTables.of(harness.catalog(), source), rows);
  }

  private static void append(StageHarness harness, Dataset<Row> rows) {
    TableWriter.append(harness.tables(), SilverTables.of(harness.catalog(), Source.INTERACTIONS), rows);
  }

  private static long score(String customer, String column) {
    return TestSpark.session().sql("SELECT " + column + " FROM gold_cstate.customer_scores WHERE customer_id = '"
        + customer + "'").first().getLong(0);
  }

  private static RunContext run(String id, LocalDate day) {
    return new RunContext(id, day, day, Instant.parse(day.plusDays(1) + "T02:00:00Z"));
  }

  private static ChangedDates changed(StageHarness harness, List<LocalDate> dates) {
    return ChangedDates.of(SilverTables.of(harness.catalog(), Source.INTERACTIONS).name(), dates);
  }
}
