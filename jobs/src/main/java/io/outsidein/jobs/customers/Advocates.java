package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Who brings others: referral events per customer in the window, and from the customer master the customers each
 * one referred (referred_by) with what those bought in the window. Whether a referrer is a promoter is decided
 * with the answers, where the advocate rule is applied ({@link CustomerScores}).
 */
final class Advocates {
  static final String REFERRAL = "referral";

  private Advocates() {}

  /**
   * customer_id, referrals: customers with a referral event in {@code activity} (interactions counted per
   * customer, day and channel: {@link CustomerActivity}).
   */
  static Dataset<Row> referralEvents(Dataset<Row> activity) {
    return activity.where(col("customer_id").isNotNull().and(col("referrals").gt(0)))
        .groupBy(col("customer_id")).agg(sum(col("referrals")).as("referrals"));
  }

  /**
   * customer_id (the referrer), referred_customers, referred_value.
   *
   * @param master one row per customer, with referred_by
   * @param value per customer net_revenue in the window ({@link CustomerValue#of})
   */
  static Dataset<Row> referred(Dataset<Row> master, Dataset<Row> value) {
    Dataset<Row> referred = master.where(col("referred_by").isNotNull())
        .select(col("customer_id").as("_referred"), col("referred_by"));
    return referred.join(value.select(col("customer_id").as("_buyer"), col("net_revenue")),
            col("_referred").equalTo(col("_buyer")), "left")
        .groupBy(col("referred_by").as("customer_id"))
        .agg(count_if(col("_referred").isNotNull()).as("referred_customers"),
            coalesce(sum(col("net_revenue")), lit(0.0)).as("referred_value"));
  }
}
