package io.outsidein.common.tables;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The gold tables the journeys stage writes and later stages read: their columns, types, partitioning and
 * comments (the analysts' contract). Defined here, in common, so that a reader never imports the writer.
 */
public final class JourneyTables {
  private JourneyTables() {}

  /** One element of {@code gold.journeys.steps}. */
  public static final StructType STEP = new StructType()
      .add("at", DataTypes.TimestampType)
      .add("event_id", DataTypes.StringType)
      .add("channel", DataTypes.StringType)
      .add("event_type", DataTypes.StringType)
      .add("department", DataTypes.StringType)
      .add("agent_id", DataTypes.StringType)
      .add("case_id", DataTypes.StringType)
      .add("order_id", DataTypes.StringType)
      .add("sku", DataTypes.StringType)
      .add("amount", DataTypes.DoubleType);

  /** The columns of {@code gold.journeys}, in order, with their catalog comments. */
  public static final StructType JOURNEYS = new StructType(new StructField[] {
      field("journey_id", DataTypes.StringType, "Stable id: a hash of kind and key (the same input gives the same id)"),
      field("kind", DataTypes.StringType, "session | case | order"),
      field("journey_date", DataTypes.DateType, "UTC date the journey started; the partition"),
      field("customer_id", DataTypes.StringType, "Pseudonymised customer; null for an unstitched device's session and a guest purchase"),
      field("device_id", DataTypes.StringType, "Pseudonymised device (anonymous_id) of a session, when it had one"),
      field("started_at", DataTypes.TimestampType, "First event (case: first contact; order: order time), UTC"),
      field("ended_at", DataTypes.TimestampType, "Last event, UTC"),
      field("duration_s", DataTypes.LongType, "ended_at - started_at in seconds"),
      field("steps", DataTypes.createArrayType(STEP), "Events in time order (ties by event_id)"),
      field("channels", DataTypes.createArrayType(DataTypes.StringType), "Distinct channels in order of first use"),
      field("event_count", DataTypes.IntegerType, "Events in the journey"),
      field("has_purchase", DataTypes.BooleanType, "Session: contains a purchase"),
      field("has_contact", DataTypes.BooleanType, "Contains a contact, transfer or complaint"),
      field("has_complaint", DataTypes.BooleanType, "Contains a complaint"),
      field("cut_at_max_length", DataTypes.BooleanType,
          "Session: part of a session cut at journeys.max-session-length (a runaway or bot session)"),
      field("transfers", DataTypes.IntegerType, "Case: department changes"),
      field("ping_pongs", DataTypes.IntegerType, "Case: returns to a department already visited (A->B->A)"),
      field("departments", DataTypes.createArrayType(DataTypes.StringType), "Case: departments in order, A->B->A"),
      field("distinct_agents", DataTypes.IntegerType, "Case: distinct agents"),
      field("channel_switches", DataTypes.IntegerType, "Case: changes of channel between consecutive events"),
      field("repeat_contacts", DataTypes.IntegerType,
          "Case: contacts after the first while open or within journeys.repeat-contact-window of a resolve"),
      field("first_contact_resolution", DataTypes.BooleanType, "Case: resolved with one contact and no transfer"),
      field("resolved", DataTypes.BooleanType, "Case: resolved after its last contact"),
      field("case_status", DataTypes.StringType, "Case: resolved | open | abandoned (open past journeys.abandon-after)"),
      field("time_to_first_response_s", DataTypes.LongType, "Case: first contact to the first event with an agent"),
      field("time_to_resolve_s", DataTypes.LongType, "Case: first contact to the resolve, seconds"),
      field("case_id", DataTypes.StringType, "Case id (case journeys; a session's or order's only when one)"),
      field("contacts_attached", DataTypes.IntegerType,
          "Case: contacts without case_id attached by journeys.case-attach-window"),
      field("order_id", DataTypes.StringType, "Order id (order journeys; a case about an order)"),
      field("order_value", DataTypes.DoubleType, "Order: sum of quantity x unit price of its lines, net of returns"),
      field("order_lines", DataTypes.IntegerType, "Order: lines"),
      field("store_id", DataTypes.StringType, "Order: store, null online"),
      field("promised_date", DataTypes.DateType, "Order: promised delivery date, when given"),
      field("shipped_at", DataTypes.TimestampType, "Order: shipped"),
      field("delivered_at", DataTypes.TimestampType, "Order: delivered"),
      field("delivery_delay_s", DataTypes.LongType,
          "Order: delivered_at minus the end of the promised date (midnight in journeys.promised-date-zone);"
              + " negative = early"),
      field("returned", DataTypes.BooleanType, "Order: returned (a returned event or a return line)"),
      field("refunded", DataTypes.BooleanType, "Order: refunded"),
      field("order_contacts", DataTypes.IntegerType, "Order: contacts about the order"),
      field("survey_response_id", DataTypes.StringType, "The survey answer that rates the journey"),
      field("survey_type", DataTypes.StringType, "nps | csat | ces | relationship"),
      field("survey_score", DataTypes.IntegerType, "Its score"),
      field("survey_attach_rule", DataTypes.StringType,
          "case_id | order_id (the answer named it) | customer_recent (latest journey within the window)"),
  });

  /** The columns of {@code gold.ownership}, in order, with their catalog comments. */
  public static final StructType OWNERSHIP = new StructType(new StructField[] {
      field("ownership_date", DataTypes.DateType, "UTC date the cases opened; the partition"),
      field("department", DataTypes.StringType, "Department"),
      field("cases_touched", DataTypes.LongType, "Cases that passed through the department"),
      field("cases_resolved", DataTypes.LongType, "Of those, resolved"),
      field("transfers_out", DataTypes.LongType, "Hand-offs from this department to another"),
      field("ping_pongs", DataTypes.LongType, "Returns of a case to this department after it had left"),
      field("fcr_cases", DataTypes.LongType, "Cases resolved at first contact"),
      field("fcr_rate", DataTypes.DoubleType, "fcr_cases / cases_touched (null under journeys.min-n)"),
      field("fcr_low", DataTypes.DoubleType, "Wilson interval, lower end"),
      field("fcr_high", DataTypes.DoubleType, "Wilson interval, upper end"),
      field("resolved_n", DataTypes.LongType, "Resolved cases with a time to resolve"),
      field("median_time_to_resolve_s", DataTypes.DoubleType, "Median time to resolve (null under min-n)"),
      field("p90_time_to_resolve_s", DataTypes.DoubleType, "90th percentile time to resolve (null under min-n)"),
      field("nps_n", DataTypes.LongType, "NPS answers rating cases through the department"),
      field("nps_promoters", DataTypes.LongType, "Of those, 9-10"),
      field("nps_detractors", DataTypes.LongType, "Of those, 0-6"),
      field("nps", DataTypes.DoubleType, "NPS, -100..100 (null under min-n)"),
      field("nps_low", DataTypes.DoubleType, "NPS interval, lower end (adjusted Wald)"),
      field("nps_high", DataTypes.DoubleType, "NPS interval, upper end"),
      field("detractor_share", DataTypes.DoubleType, "nps_detractors / nps_n"),
      field("detractor_low", DataTypes.DoubleType, "Wilson interval, lower end"),
      field("detractor_high", DataTypes.DoubleType, "Wilson interval, upper end"),
      field("csat_n", DataTypes.LongType, "CSAT answers rating cases through the department"),
      field("csat_satisfied", DataTypes.LongType, "Of those, 4-5"),
      field("csat_share", DataTypes.DoubleType, "csat_satisfied / csat_n (null under min-n)"),
      field("csat_low", DataTypes.DoubleType, "Wilson interval, lower end"),
      field("csat_high", DataTypes.DoubleType, "Wilson interval, upper end"),
      field("others_nps_n", DataTypes.LongType, "NPS answers of the same date's cases that did not pass through"),
      field("others_nps", DataTypes.DoubleType, "Their NPS (null under min-n)"),
      field("others_nps_low", DataTypes.DoubleType, "Interval, lower end"),
      field("others_nps_high", DataTypes.DoubleType, "Interval, upper end"),
      field("others_csat_n", DataTypes.LongType, "CSAT answers of the same date's cases that did not pass through"),
      field("others_csat_share", DataTypes.DoubleType, "Their satisfied share (null under min-n)"),
      field("others_csat_low", DataTypes.DoubleType, "Wilson interval, lower end"),
      field("others_csat_high", DataTypes.DoubleType, "Wilson interval, upper end"),
  });

  public static TableDefinition journeys(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "journeys"), JOURNEYS, List.of("journey_date"),
        "One row per customer journey: session, support case or order, with its steps and the survey that rates it");
  }

  public static TableDefinition ownership(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "ownership"), OWNERSHIP,
        List.of("ownership_date"), "Per department and date: hand-offs, ping-pong, first-contact resolution, "
            + "time to resolve and the satisfaction of cases that passed through it against those that did not");
  }

  private static StructField field(String name, DataType type, String comment) {
    return TableDefinition.column(name, type, comment);
  }
}
