package io.outsidein.jobs.journeys;

import static io.outsidein.jobs.journeys.Timeline.micros;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Attaches each survey answer to the journey it rates: the case or order it names; otherwise (it names none,
 * or one that is not found) the customer's latest journey that started before the answer, at most the attach
 * window earlier (a tie at the same instant goes to a case, then an order, then a session, then the lowest own
 * key). The rule used is kept in {@code survey_attach_rule}. A journey rated by several answers keeps one that
 * names it, else the first one submitted. No tie is broken by a pseudonym, so the pseudonym key never changes
 * which answer rates which journey. Works on journeys and answers only, never on events.
 */
final class SurveyAttachment {
  static final String BY_CASE = "case_id";
  static final String BY_ORDER = "order_id";
  static final String CUSTOMER_RECENT = "customer_recent";

  private final JourneySettings settings;

  SurveyAttachment(JourneySettings settings) {
    this.settings = settings;
  }

  /** Answer to journey: survey_response_id, journey_id, survey_type, survey_score, survey_attach_rule, submitted. */
  Dataset<Row> links(Dataset<Row> journeys, Dataset<Row> surveys) {
    Dataset<Row> answers = surveys.select(col("response_id").as("survey_response_id"),
        col("submitted_at").as("_submitted"), col("customer_id").as("_s_customer"), col("survey_type"),
        col("score").as("survey_score"), col("case_id").as("_s_case"), col("order_id").as("_s_order"));
    Dataset<Row> cases = journeys.where(col("kind").equalTo("case")).select(col("journey_id"), col("case_id"));
    Dataset<Row> orders = journeys.where(col("kind").equalTo("order")).select(col("journey_id"), col("order_id"));
    Dataset<Row> byCase = answers.join(cases, col("_s_case").equalTo(col("case_id")))
        .select(answerColumns(BY_CASE));
    Dataset<Row> byOrder = answers.where(col("_s_case").isNull())
        .join(orders, col("_s_order").equalTo(col("order_id")))
        .select(answerColumns(BY_ORDER));
    Dataset<Row> named = byCase.unionByName(byOrder);
    Dataset<Row> rest = answers.join(named.select(col("survey_response_id").as("_named")),
        col("survey_response_id").equalTo(col("_named")), "left_anti");
    long windowMicros = settings.surveyAttachWindow().toNanos() / 1000;
    Column kindRank = when(col("kind").equalTo("case"), 0).when(col("kind").equalTo("order"), 1).otherwise(2);
    Dataset<Row> candidates = rest.join(journeys.select(col("journey_id"), col("customer_id"), col("started_at"),
            kindRank.as("_kind_rank"), coalesce(col("case_id"), col("order_id"), expr("steps[0].event_id")).as("_tie_key")),
        col("_s_customer").equalTo(col("customer_id"))
            .and(col("started_at").leq(col("_submitted")))
            .and(micros(col("_submitted")).minus(micros(col("started_at"))).leq(windowMicros)));
    // Ties (a case and a session that start at the same instant) go to the touchpoint, then to the journey's own
    // key: never to journey_id, which embeds a pseudonym and so would let the key decide.
    Dataset<Row> recent = candidates
        .withColumn("_rank", row_number().over(Window.partitionBy(col("survey_response_id"))
            .orderBy(col("started_at").desc(), col("_kind_rank"), col("_tie_key"))))
        .where(col("_rank").equalTo(1))
        .select(answerColumns(CUSTOMER_RECENT));
    return named.unionByName(recent);
  }

  /**
   * The journeys with the answer that rates each (answer columns null where none): an answer that names the
   * journey's case or order wins over one attached by recency; among equals, the first submitted.
   */
  Dataset<Row> attach(Dataset<Row> journeys, Dataset<Row> links) {
    Dataset<Row> first = links
        .withColumn("_rank", row_number().over(Window.partitionBy(col("journey_id"))
            .orderBy(col("survey_attach_rule").equalTo(CUSTOMER_RECENT), col("_submitted"), col("survey_response_id"))))
        .where(col("_rank").equalTo(1))
        .select(col("journey_id").as("_linked_journey"), col("survey_response_id"), col("survey_type"),
            col("survey_score"), col("survey_attach_rule"));
    return journeys.join(first, col("journey_id").equalTo(col("_linked_journey")), "left").drop("_linked_journey");
  }

  private static Column[] answerColumns(String rule) {
    return new Column[] {col("survey_response_id"), col("journey_id"), col("survey_type"), col("survey_score"),
        col("_submitted"), lit(rule).as("survey_attach_rule")};
  }
}
