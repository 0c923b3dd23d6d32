package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What serving each customer cost in the window, from interactions: every contact costs its channel's contact
 * cost and its handling minutes at the agent's rate, every transfer a hand-over. The costs are settings, one
 * CASE expression per row of counts (customer, day, channel), no lookup join.
 */
final class CostToServe {
  static final String CONTACT = "contact";
  static final String TRANSFER = "transfer";

  private final CustomerSettings settings;

  CostToServe(CustomerSettings settings) {
    this.settings = settings;
  }

  /**
   * customer_id, contacts, contact_cost, handling_cost, transfers, transfer_cost: customers with at least one
   * contact or transfer.
   *
   * @param activity the window's interactions counted per customer, day and channel ({@link CustomerActivity})
   */
  Dataset<Row> of(Dataset<Row> activity) {
    Column handlingCost = byChannel(settings.handlingMinutes()).multiply(settings.agentCostPerMinute());
    Dataset<Row> perCustomer = activity
        .where(col("customer_id").isNotNull().and(col("contacts").gt(0).or(col("transfers").gt(0))))
        .groupBy(col("customer_id"))
        .agg(sum(col("contacts")).as("contacts"),
            sum(col("contacts").multiply(byChannel(settings.contactCost()))).as("contact_cost"),
            sum(col("contacts").multiply(handlingCost)).as("handling_cost"),
            sum(col("transfers")).as("transfers"));
    return perCustomer.select(col("customer_id"), col("contacts"), col("contact_cost"), col("handling_cost"),
        col("transfers"), col("transfers").multiply(settings.transferCost()).as("transfer_cost"));
  }

  /**
   * The cost to serve of a row holding contact_cost, handling_cost, transfer_cost and returned_lines (any of them
   * null for a customer with none): the one formula every figure of the stage uses.
   */
  static Column total(CustomerSettings settings) {
    return coalesce(col("contact_cost"), lit(0.0)).plus(coalesce(col("handling_cost"), lit(0.0)))
        .plus(coalesce(col("transfer_cost"), lit(0.0)))
        .plus(coalesce(col("returned_lines"), lit(0L)).multiply(settings.returnCost()));
  }

  /** The channel's value, or the {@code other} value for a channel not listed. */
  private static Column byChannel(CustomerSettings.ChannelCosts costs) {
    Column value = lit(costs.other());
    for (Map.Entry<String, Double> entry : costs.byChannel().entrySet()) {
      value = when(col("channel").equalTo(entry.getKey()), lit(entry.getValue())).otherwise(value);
    }
    return value;
  }
}
