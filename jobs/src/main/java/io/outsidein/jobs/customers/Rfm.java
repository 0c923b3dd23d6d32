package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Recency, frequency and monetary quintiles among the customers with an order in the window. A quintile is
 * 1 + floor(5 x (rank - 1) / n) with rank() over the value, so that equal values share a quintile and a rerun
 * gives the same scores (ntile would split a tie by row order). One window per side (buyers, the rest): a sort
 * of one row per customer, not per event.
 */
final class Rfm {
  private Rfm() {}

  /**
   * Adds r_score, f_score, m_score and rfm to {@code customers}, which has recency_days, orders and net_revenue;
   * rows without an order get nulls.
   */
  static Dataset<Row> score(Dataset<Row> customers) {
    // Buyers and the rest are ranked apart (the window's partition), the rest then masked: no union of two
    // branches, so the plan above is computed once.
    Column buyer = coalesce(col("orders").gt(0), lit(false));
    return customers
        .withColumn("_buyer", buyer)
        .withColumn("_n", count(lit(1)).over(Window.partitionBy(col("_buyer"))))
        .withColumn("r_score", quintile(col("recency_days").desc()))
        .withColumn("f_score", quintile(col("orders").asc()))
        .withColumn("m_score", quintile(col("net_revenue").asc()))
        .withColumn("rfm", concat(col("r_score").cast("string"), col("f_score").cast("string"),
            col("m_score").cast("string")))
        .drop("_n", "_buyer");
  }

  /** 1..5, higher for a later position in {@code order}. */
  private static Column quintile(Column order) {
    Column position = rank().over(Window.partitionBy(col("_buyer")).orderBy(order)).minus(1);
    return when(col("_buyer"), floor(position.multiply(5).divide(col("_n"))).plus(1).cast("int"));
  }
}
