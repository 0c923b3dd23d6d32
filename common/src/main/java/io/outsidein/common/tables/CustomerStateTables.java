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
 * The customers stage's state, in the ops database: each customer's interactions counted per day and channel, so
 * that the windows the stage looks back over (cost to serve, first weeks, the models' activity, the value
 * hold-out) sum a few rows per customer and day instead of scanning every event of 90 days and more. A function
 * of silver per event date, kept for every date the stage has computed (listed in {@link #dates}). Not for
 * analysts: gold is.
 */
public final class CustomerStateTables {
  private CustomerStateTables() {}

  /**
   * {@code ops.customer_activity}: per customer, event date and channel, the number of interactions and of those
   * the stage tells apart. Events with no customer are counted under a null customer_id.
   */
  public static TableDefinition activity(CatalogSettings catalog) {
    StructType schema = new StructType(new StructField[] {
        TableDefinition.column("customer_id", DataTypes.StringType, "Pseudonymised customer the events name; null"
            + " for events naming none"),
        TableDefinition.column("channel", DataTypes.StringType, "Channel of the events, as in silver"),
        TableDefinition.column("events", DataTypes.LongType, "Interactions of the customer, day and channel"),
        TableDefinition.column("page_views", DataTypes.LongType, "Of which of event type page_view"),
        TableDefinition.column("contacts", DataTypes.LongType, "Of which of event type contact"),
        TableDefinition.column("transfers", DataTypes.LongType, "Of which of event type transfer"),
        TableDefinition.column("referrals", DataTypes.LongType, "Of which of event type referral"),
        TableDefinition.column(Source.EVENT_DATE, DataTypes.DateType, "UTC date of the events; the partition")});
    return new TableDefinition(new TableName(catalog.opsDatabase(), "customer_activity"), schema,
        List.of(Source.EVENT_DATE), "Customers state: interactions per customer, event date and channel");
  }

  /** {@code ops.customer_activity_dates}: the event dates {@link #activity} holds, and which run made each. */
  public static TableDefinition dates(CatalogSettings catalog) {
    return StateDates.table(new TableName(catalog.opsDatabase(), "customer_activity_dates"), "customers",
        "Customers state: the event dates ops.customer_activity holds (a date with no events is held empty)");
  }
}
