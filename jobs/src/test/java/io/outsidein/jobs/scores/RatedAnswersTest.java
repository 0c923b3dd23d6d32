package io.outsidein.jobs.scores;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.tables.JourneyTables;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.Frames;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.junit.jupiter.api.Test;

/** Which touchpoint, department, store, region, segment and CX area each answer is scored under. */
class RatedAnswersTest {
  private static final String STEP = "named_struct('at', CAST(%s AS TIMESTAMP), 'event_id', %s, 'channel', %s, "
      + "'event_type', %s, 'department', %s, 'agent_id', CAST(NULL AS STRING), 'case_id', "
      + "CAST(NULL AS STRING), 'order_id', CAST(NULL AS STRING), 'sku', CAST(NULL AS STRING), "
      + "'amount', CAST(NULL AS DOUBLE))";

  private static String step(String at, String channel, String type, String department) {
    return String.format(STEP, "'" + at + "'", "'e" + at.hashCode() + "'", q(channel), q(type), q(department));
  }

  private static String q(String value) {
    return value == null ? "CAST(NULL AS STRING)" : "'" + value + "'";
  }

  @Test
  void eachAnswerTakesTheLastStepBeforeItAndNoAnswerIsLost() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> journeys = spark.sql("SELECT * FROM VALUES "
        // A case that moved from orders to billing; the customer answered after the resolve, before a later contact.
        + "('case', 'K1', CAST(NULL AS STRING), CAST('2026-03-01 09:00:00' AS TIMESTAMP), CAST(NULL AS STRING), array("
        + step("2026-03-01 09:00:00", "chat", "contact", "orders") + ", "
        + step("2026-03-01 10:00:00", "call_center", "transfer", "billing") + ", "
        + step("2026-03-01 12:00:00", "call_center", "resolve", null) + ", "
        + step("2026-03-02 15:00:00", "email", "contact", "tech_support") + ")), "
        // A store order.
        + "('order', CAST(NULL AS STRING), 'O1', CAST('2026-03-01 11:00:00' AS TIMESTAMP), 'gulf-004', array("
        + step("2026-03-01 11:00:00", "store", "purchase", null) + ")), "
        // A case whose last step no CX rule knows.
        + "('case', 'K2', CAST(NULL AS STRING), CAST('2026-03-01 08:00:00' AS TIMESTAMP), CAST(NULL AS STRING), array("
        + step("2026-03-01 08:00:00", "chat", "bot_handoff", null) + ")) "
        + "AS t(kind, case_id, order_id, started_at, store_id, steps)");
    // The steps as gold.journeys holds them, field for field.
    assertThat(((ArrayType) journeys.schema().apply("steps").dataType()).elementType().catalogString())
        .isEqualTo(JourneyTables.STEP.catalogString());
    Dataset<Row> surveys = spark.sql("SELECT response_id, CAST(at AS TIMESTAMP) AS submitted_at, customer_id, "
        + "survey_type, score, case_id, order_id FROM VALUES "
        + "('R1', '2026-03-01 13:00:00', 'c1', 'nps', 9, 'K1', NULL), "
        + "('R2', '2026-03-01 18:00:00', 'c2', 'csat', 4, NULL, 'O1'), "
        + "('R3', '2026-03-02 08:00:00', 'c1', 'relationship', 10, NULL, NULL), "
        + "('R4', '2026-03-02 09:00:00', 'c3', 'nps', 2, 'K404', NULL), "
        + "('R5', '2026-03-01 23:30:00', 'c2', 'ces', 6, 'K2', 'O1') "
        + "AS t(response_id, at, customer_id, survey_type, score, case_id, order_id)");
    Dataset<Row> customers = spark.sql("SELECT * FROM VALUES ('c1', 'premium'), ('c2', 'small_business') "
        + "AS t(customer_id, segment)");

    Dataset<Row> rated = new RatedAnswers(ScorecardTest.settings()).rate(surveys, journeys, customers);

    Dataset<Row> expected = spark.sql("SELECT response_id, CAST(d AS DATE) AS answer_date, touchpoint, department, "
        + "store, region, segment, cx_area FROM VALUES "
        // The resolve, handled by billing (the last department named before the answer): the pay area.
        + "('R1', '2026-03-01', 'call_center:resolve', 'billing', NULL, NULL, 'premium', 'pay'), "
        + "('R2', '2026-03-01', 'store:purchase', NULL, 'gulf-004', 'gulf', 'small_business', 'buy'), "
        + "('R3', '2026-03-02', NULL, NULL, NULL, NULL, 'premium', 'recommend'), "
        // A case that is not found: the answer keeps its date and type, in the unmapped area; no segment known.
        + "('R4', '2026-03-02', NULL, NULL, NULL, NULL, NULL, 'unmapped'), "
        // Naming a case and an order: the case is the touchpoint.
        + "('R5', '2026-03-01', 'chat:bot_handoff', NULL, NULL, NULL, 'small_business', 'unmapped') "
        + "AS t(response_id, d, touchpoint, department, store, region, segment, cx_area)");
    Frames.assertSameRows(expected, rated);
  }
}
