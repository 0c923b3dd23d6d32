package io.outsidein.common.tables;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.io.StateDates;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.schema.Source;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The journeys stage's state, in the ops database: what a night needs of the history so that it sorts and scans
 * only its own days' events. Each is a function of silver per event date, kept for every date the stage has
 * computed (listed in {@link #dates}); a night recomputes the dates its input changed and any date of its window
 * not yet listed (the first night after an upgrade fills the window). Not for analysts: gold is.
 */
public final class JourneyStateTables {
  private JourneyStateTables() {}

  /**
   * {@code ops.journey_identity_marks}: per device, the events at which its attribution can change (session
   * starts and identified events). The identity map is computed from these alone.
   */
  public static TableDefinition identityMarks(CatalogSettings catalog) {
    StructType schema = new StructType(new StructField[] {
        TableDefinition.column("anonymous_id", DataTypes.StringType, "Pseudonymised device"),
        TableDefinition.column("event_time", DataTypes.TimestampType, "Time of the event, UTC"),
        TableDefinition.column("event_id", DataTypes.StringType, "The event (orders events of the same instant)"),
        TableDefinition.column("customer_id", DataTypes.StringType, "Pseudonymised customer the event names, if any"),
        TableDefinition.column("event_date", DataTypes.DateType, "UTC date of the event; the partition"),
        TableDefinition.column("session_start", DataTypes.BooleanType,
            "The event starts a device session (journeys.inactivity-gap or more after the device's previous event)")});
    return new TableDefinition(new TableName(catalog.opsDatabase(), "journey_identity_marks"), schema,
        List.of(Source.EVENT_DATE), "Journeys state: device session starts and identified events, per event date");
  }

  /**
   * {@code ops.journey_events}: the interaction events cases and orders are built from (those naming a case or
   * an order, and contacts), in silver's columns: a small share of all events, read for the journey horizon
   * instead of every event of it.
   */
  public static TableDefinition journeyEvents(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.opsDatabase(), "journey_events"),
        Source.INTERACTIONS.silverSchema(), List.of(Source.EVENT_DATE),
        "Journeys state: events of cases, orders and contacts, per event date (a subset of silver.interactions)");
  }

  /** {@code ops.journey_state_dates}: the event dates whose state the tables above hold, and which run made it. */
  public static TableDefinition dates(CatalogSettings catalog) {
    return StateDates.table(new TableName(catalog.opsDatabase(), "journey_state_dates"), "journeys",
        "Journeys state: the event dates the state tables hold (a date with no events is held empty)");
  }
}
