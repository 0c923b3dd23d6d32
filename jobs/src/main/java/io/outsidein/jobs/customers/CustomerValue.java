package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What each customer bought in the window, from order lines: sold lines make revenue, return lines (a negative
 * quantity) refunds; margin is a configured share of what stays. A guest purchase (no customer) belongs to no
 * one and is left out.
 */
final class CustomerValue {
  private final CustomerSettings settings;

  CustomerValue(CustomerSettings settings) {
    this.settings = settings;
  }

  /**
   * customer_id, orders, revenue, refunds, net_revenue, margin, last_order_date, returned_lines.
   *
   * @param orderLines silver order lines of the window
   */
  Dataset<Row> of(Dataset<Row> orderLines) {
    Column quantity = col("quantity");
    Column amount = quantity.cast("double").multiply(col("unit_price").cast("double"));
    Column sold = quantity.gt(0);
    Dataset<Row> perCustomer = orderLines.where(col("customer_id").isNotNull())
        .groupBy(col("customer_id"))
        .agg(countDistinct(when(sold, col("order_id"))).as("orders"),
            coalesce(sum(when(sold, amount)), lit(0.0)).as("revenue"),
            coalesce(sum(when(quantity.lt(0), amount.multiply(-1))), lit(0.0)).as("refunds"),
            max(when(sold, to_date(col("order_time")))).as("last_order_date"),
            count_if(quantity.lt(0)).as("returned_lines"));
    Column netRevenue = col("revenue").minus(col("refunds"));
    return perCustomer.select(col("customer_id"), col("orders"), col("revenue"), col("refunds"),
        netRevenue.as("net_revenue"), netRevenue.multiply(settings.marginRate()).as("margin"),
        col("last_order_date"), col("returned_lines"));
  }
}
