package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.config.CxAreas;
import io.outsidein.common.spark.NewColumns;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Journeys rated by a survey answer, one row per answer, with what the miners of journeys read: the event types
 * of the steps before the answer was given (what came after cannot have caused it), whether it ended badly or
 * well, the metric points of the answer, its attribute ratings, the customer's segment and the journey's facts
 * as numbers a regression can take, and the CX area of the touchpoint the answer rates. Beside them, the journeys
 * of the window by whether they came to a complaint, and by whether their customer ordered again.
 */
final class RatedJourneys {
  static final String BAD = "bad";
  static final String GOOD = "good";
  /** The facts of a case journey, in the order of gold.drivers. */
  static final List<String> CASE_FACTS = List.of("transferred", "further_transfers", "repeat_contacts",
      "channel_switches", "unresolved", "days_to_resolve");
  /** The facts of an order journey. */
  static final List<String> ORDER_FACTS = List.of("late", "days_late", "returned", "order_contacts");
  /** The segment of an answer whose customer is not in the customer master. */
  static final String UNKNOWN_SEGMENT = "unknown";

  private RatedJourneys() {}

  static List<String> facts(String journeyKind) {
    return switch (journeyKind) {
      case "case" -> CASE_FACTS;
      case "order" -> ORDER_FACTS;
      default -> throw new IllegalArgumentException("No journey facts of kind " + journeyKind);
    };
  }

  /** What one unit of a fact is, for the drivers table and the sentences. */
  static String unit(String fact) {
    return switch (fact) {
      case "transferred" -> "a first transfer (against none)";
      case "further_transfers" -> "each transfer after the first";
      case "repeat_contacts" -> "each repeat contact";
      case "channel_switches" -> "each change of channel";
      case "unresolved" -> "an unresolved case (against resolved)";
      case "days_to_resolve" -> "each day to resolve";
      case "late" -> "a delivery after the promised date (against on time)";
      case "days_late" -> "each day late";
      case "returned" -> "a return (against kept)";
      case "order_contacts" -> "each contact about the order";
      default -> "each rating point";
    };
  }

  /**
   * Every journey of the {@code kinds} for the complaint outcome, one row per journey: it ended badly when one of
   * its steps is a complaint, its tokens the steps before the first; well when none is, with all its steps.
   *
   * @param journeys gold.journeys of the window (any kinds)
   */
  static Dataset<Row> byComplaint(Dataset<Row> journeys, List<String> kinds) {
    Column types = expr("transform(steps, s -> s.event_type)");
    Column first = array_position(types, "complaint");
    return journeys.where(col("kind").isin(kinds.toArray())).select(col("journey_date"),
        col("kind").as("journey_kind"),
        when(first.gt(0), lit(BAD)).otherwise(lit(GOOD)).as("outcome"),
        when(first.gt(0), slice(types, lit(1), first.minus(1).cast("int"))).otherwise(types).as("tokens"));
  }

  /**
   * Journeys of the {@code kinds} for the churn outcome, one row per journey of a known customer that started at
   * least {@code horizon} before the end of {@code last}: it ended badly when the customer started no order within
   * the horizon after it (in the following second or later), well when they did; its tokens are all its steps.
   * One window per customer over their journeys in time order, no self-join.
   *
   * @param journeys gold.journeys of the window (any kinds): the orders that follow are read from it too
   */
  static Dataset<Row> byChurn(Dataset<Row> journeys, List<String> kinds, Duration horizon, LocalDate last) {
    Column at = expr("unix_seconds(started_at)");
    WindowSpec after = Window.partitionBy(col("customer_id")).orderBy(at)
        .rangeBetween(1, horizon.toSeconds());
    Column ordersAfter = count(when(col("kind").equalTo("order"), lit(1))).over(after);
    Column seen = expr("unix_seconds(timestamp(date_add(DATE'" + last + "', 1)))");
    return journeys.where(col("customer_id").isNotNull()
            .and(col("kind").isin(kinds.toArray()).or(col("kind").equalTo("order"))))
        // The event types, not the whole steps, go through the window's shuffle.
        .select(col("journey_date"), col("kind"), col("customer_id"), col("started_at"),
            expr("transform(steps, s -> s.event_type)").as("tokens"))
        .select(col("journey_date"), col("kind"), at.as("_at"), ordersAfter.as("_orders_after"), col("tokens"))
        .where(col("kind").isin(kinds.toArray()).and(col("_at").plus(horizon.toSeconds()).lt(seen)))
        .select(col("journey_date"), col("kind").as("journey_kind"),
            when(col("_orders_after").equalTo(0), lit(BAD)).otherwise(lit(GOOD)).as("outcome"), col("tokens"));
  }

  /**
   * @param journeys gold.journeys of the window (any kinds)
   * @param surveys silver.surveys of the window
   * @param customers silver.customers
   * @param kinds the journey kinds to keep
   * @param areas the CX areas, by the touchpoint the answer rates: the journey's last step at or before it
   */
  static Dataset<Row> of(Dataset<Row> journeys, Dataset<Row> surveys, Dataset<Row> customers, List<String> kinds,
      CxAreas areas) {
    Dataset<Row> answers = surveys.select(col("response_id").as("_response"), col("submitted_at"),
        col("attributes"));
    Dataset<Row> segments = customers.groupBy(col("customer_id").as("_customer")).agg(max("segment").as("_segment"));
    Dataset<Row> rated = journeys
        .where(col("kind").isin(kinds.toArray()).and(col("survey_response_id").isNotNull())
            .and(col("survey_type").isin("nps", "csat", "ces")))
        .join(answers, col("survey_response_id").equalTo(col("_response")))
        .join(segments, col("customer_id").equalTo(col("_customer")), "left");
    Column type = col("survey_type");
    Column score = col("survey_score");
    Column bad = type.equalTo("nps").and(score.leq(6)).or(type.equalTo("csat").and(score.leq(2)))
        .or(type.equalTo("ces").and(score.leq(3)));
    Column good = type.equalTo("nps").and(score.geq(9)).or(type.equalTo("csat").and(score.geq(4)))
        .or(type.equalTo("ces").and(score.geq(6)));
    Column points = when(type.equalTo("nps"), when(score.geq(9), 100.0).when(score.leq(6), -100.0).otherwise(0.0))
        .when(type.equalTo("csat"), when(score.geq(4), 100.0).otherwise(0.0));
    Column caseKind = col("kind").equalTo("case");
    Column orderKind = col("kind").equalTo("order");
    Column transfers = coalesce(col("transfers"), lit(0));
    Column touchpoint = coalesce(expr("element_at(filter(steps, s -> s.at <= submitted_at), -1)"),
        expr("element_at(steps, -1)"));
    Column department = expr("element_at(filter(transform(filter(steps, s -> s.at <= submitted_at), "
        + "s -> s.department), d -> d IS NOT NULL), -1)");
    return NewColumns
        .of("journey_kind", col("kind"))
        .and("segment", coalesce(col("_segment"), lit(UNKNOWN_SEGMENT)))
        .and("cx_area", areas.area(touchpoint.getField("channel"), touchpoint.getField("event_type"), department,
            type))
        .and("metric", when(type.isin("nps", "csat"), type))
        .and("points", points)
        .and("outcome", when(bad, lit(BAD)).when(good, lit(GOOD)))
        .and("tokens", expr("transform(filter(steps, s -> s.at <= submitted_at), s -> s.event_type)"))
        .and("transferred", when(caseKind, when(transfers.gt(0), 1.0).otherwise(0.0)))
        .and("further_transfers", when(caseKind, greatest(transfers.minus(1), lit(0)).cast("double")))
        .and("repeat_contacts", when(caseKind, coalesce(col("repeat_contacts"), lit(0)).cast("double")))
        .and("channel_switches", when(caseKind, coalesce(col("channel_switches"), lit(0)).cast("double")))
        .and("unresolved", when(caseKind, when(col("resolved"), 0.0).otherwise(1.0)))
        .and("days_to_resolve", when(caseKind, when(col("resolved"),
            coalesce(col("time_to_resolve_s"), lit(0)).divide(86_400.0)).otherwise(0.0)))
        .and("late", when(orderKind, when(col("delivery_delay_s").gt(0), 1.0).otherwise(0.0)))
        .and("days_late", when(orderKind, greatest(coalesce(col("delivery_delay_s"), lit(0)), lit(0))
            .divide(86_400.0)))
        .and("returned", when(orderKind, when(col("returned"), 1.0).otherwise(0.0)))
        .and("order_contacts", when(orderKind, coalesce(col("order_contacts"), lit(0)).cast("double")))
        .on(rated)
        .select(col("journey_id"), col("journey_date"), col("journey_kind"), col("customer_id"), col("segment"),
            col("cx_area"),
            col("survey_type"), col("survey_score"), col("metric"), col("points"), col("outcome"), col("tokens"),
            col("attributes"), col("departments"),
            col("transferred"), col("further_transfers"), col("repeat_contacts"), col("channel_switches"),
            col("unresolved"), col("days_to_resolve"), col("late"), col("days_late"), col("returned"),
            col("order_contacts"));
  }
}
