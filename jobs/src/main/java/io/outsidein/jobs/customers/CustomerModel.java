package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One of the two customer models: who they learn from, what they predict, from which {@link ModelFeatures}.
 *
 * <ul>
 *   <li><b>conversion</b>: of the customers known on a past day (signed up by then) who had never bought, who bought
 *       within customers.models.conversion-horizon after it. It scores today's prospects.
 *   <li><b>churn</b>: of the customers with an order in the window ending on a past day, who did not order again
 *       within customers.models.churn-horizon after it. It scores today's customers with an order in the window.
 * </ul>
 *
 * The past day is the run's last day minus the horizon, so every label is observed in full.
 */
enum CustomerModel {
  CONVERSION("conversion", "conversion_propensity", "conversion_why",
      List.of("days_known", "events", "active_days", "page_views", "contacts", "promoter", "detractor")),
  CHURN("churn", "churn_risk", "churn_why",
      List.of("days_known", "events", "active_days", "contacts", "transfers", "orders", "net_revenue",
          "recency_days", "promoter", "detractor"));

  private final String id;
  private final String scoreColumn;
  private final String whyColumn;
  private final List<String> numeric;

  CustomerModel(String id, String scoreColumn, String whyColumn, List<String> numeric) {
    this.id = id;
    this.scoreColumn = scoreColumn;
    this.whyColumn = whyColumn;
    this.numeric = numeric;
  }

  /** The model's name in versions, paths and the run log. */
  String id() {
    return id;
  }

  /** The customer_scores column of the predicted probability. */
  String scoreColumn() {
    return scoreColumn;
  }

  /** The customer_scores column of the features that raise this customer's probability most. */
  String whyColumn() {
    return whyColumn;
  }

  /** The numeric features, in the order the model's vector holds them (the categorical ones follow). */
  List<String> numeric() {
    return numeric;
  }

  Duration horizon(CustomerSettings settings) {
    return this == CONVERSION ? settings.models().conversionHorizon() : settings.models().churnHorizon();
  }

  /** The past day the model learns from: its outcome fills the horizon up to {@code runDate}. */
  LocalDate cutoff(CustomerSettings settings, LocalDate runDate) {
    return runDate.minusDays(horizon(settings).toDays());
  }

  /**
   * The training rows: the population of the cut-off day with its features and {@code label} (1.0 converted or
   * churned, 0.0 not).
   *
   * @param features {@link ModelFeatures} as of the cut-off day
   * @param people customer_id, signup_date
   * @param firstOrders customer_id, first_order_date: the first day with a sold line, up to the run's last day
   * @param orderLines order lines covering the horizon after the cut-off
   */
  Dataset<Row> training(Dataset<Row> features, Dataset<Row> people, Dataset<Row> firstOrders, Dataset<Row> orderLines,
      LocalDate cutoff, LocalDate runDate) {
    Date day = Date.valueOf(cutoff);
    if (this == CONVERSION) {
      Dataset<Row> known = people.where(col("signup_date").leq(lit(day))).select("customer_id");
      return features.join(known, "customer_id")
          .join(firstOrders, "customer_id", "left")
          .where(col("first_order_date").isNull().or(col("first_order_date").gt(lit(day))))
          .withColumn("label", when(col("first_order_date").leq(lit(Date.valueOf(runDate))), 1.0).otherwise(0.0))
          .drop("first_order_date");
    }
    Dataset<Row> again = orderLines
        .where(col("customer_id").isNotNull().and(col("quantity").gt(0))
            .and(to_date(col("order_time")).gt(lit(day)))
            .and(to_date(col("order_time")).leq(lit(Date.valueOf(runDate)))))
        .select(col("customer_id")).distinct().withColumn("_again", lit(true));
    return features.where(col("orders").gt(0)).join(again, "customer_id", "left")
        .withColumn("label", when(col("_again").isNull(), 1.0).otherwise(0.0))
        .drop("_again");
  }

  /** The customers the model scores today, from {@link ModelFeatures} as of the run's last day. */
  Dataset<Row> scorable(Dataset<Row> features, Dataset<Row> firstOrders) {
    if (this == CONVERSION) {
      return features.join(firstOrders, "customer_id", "left_anti");
    }
    return features.where(col("orders").gt(0));
  }
}
