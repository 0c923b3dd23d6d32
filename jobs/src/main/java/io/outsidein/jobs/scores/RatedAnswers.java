package io.outsidein.jobs.scores;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every survey answer with the touchpoint it rates, read off the journeys: the last step of the case (else the
 * order) it names, at or before the answer. From that step come its channel, event type and touchpoint
 * (channel:event_type), the department that last handled the case, the store of a store order and its region; from the customer, the segment; from all of these and the survey type, the CX area. An answer that
 * names no journey keeps its type, date, segment and area (the relationship survey rates the company, not a
 * touchpoint). One row per answer: none is dropped.
 */
final class RatedAnswers {
  /** The columns every later step reads. */
  static final String ANSWER_DATE = "answer_date";

  private final ScoreSettings settings;

  RatedAnswers(ScoreSettings settings) {
    this.settings = settings;
  }

  /**
   * @param surveys silver surveys of the window
   * @param journeys gold journeys (any kinds; only cases and orders are used) that started within the lookback
   * @param customers silver customers
   */
  Dataset<Row> rate(Dataset<Row> surveys, Dataset<Row> journeys, Dataset<Row> customers) {
    Dataset<Row> cases = latestPerKey(journeys.where(col("kind").equalTo("case")), "case_id", "_case");
    Dataset<Row> orders = latestPerKey(journeys.where(col("kind").equalTo("order")), "order_id", "_order");
    Dataset<Row> segments = customers.groupBy(col("customer_id").as("_segment_customer"))
        .agg(max("segment").as("segment"));
    Dataset<Row> joined = surveys
        .select(col("response_id"), col("submitted_at"), to_date(col("submitted_at")).as(ANSWER_DATE),
            col("customer_id"), col("survey_type"), col("score"), col("case_id"), col("order_id"))
        .join(cases, col("case_id").equalTo(col("_case_key")), "left")
        .join(orders, col("case_id").isNull().or(col("_case_key").isNull())
            .and(col("order_id").equalTo(col("_order_key"))), "left")
        .join(segments, col("customer_id").equalTo(col("_segment_customer")), "left");
    Dataset<Row> stepped = joined
        .withColumn("_steps", when(col("_case_key").isNotNull(), col("_case.steps")).otherwise(col("_order.steps")))
        .withColumn("_before", expr("filter(_steps, s -> s.at <= submitted_at)"))
        .withColumn("_last", coalesce(expr("element_at(_before, -1)"), expr("element_at(_steps, -1)")))
        .withColumn("channel", col("_last.channel"))
        .withColumn("event_type", col("_last.event_type"))
        .withColumn("department", expr("element_at(filter(transform(_before, s -> s.department), "
            + "d -> d IS NOT NULL), -1)"))
        .withColumn("store", col("_order.store_id"));
    return stepped.select(
        col("response_id"), col(ANSWER_DATE), col("survey_type"), col("score"), col("channel"), col("event_type"),
        when(col("channel").isNotNull().and(col("event_type").isNotNull()),
            concat_ws(":", col("channel"), col("event_type"))).as("touchpoint"),
        col("department"), col("store"), region(col("store")).as("region"), col("segment"),
        settings.cxAreas().area(col("channel"), col("event_type"), col("department"), col("survey_type"))
            .as("cx_area"));
  }

  private Column region(Column store) {
    return settings.stores().region(store);
  }

  /** One journey per case or order id (the latest started, should a long one have been split), as a struct. */
  private static Dataset<Row> latestPerKey(Dataset<Row> journeys, String key, String alias) {
    return journeys.where(col(key).isNotNull())
        .groupBy(col(key).as(alias + "_key"))
        .agg(max_by(struct(col("steps"), col("store_id")), col("started_at")).as(alias));
  }
}
