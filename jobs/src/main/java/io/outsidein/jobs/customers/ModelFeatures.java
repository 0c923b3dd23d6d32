package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What was known about every customer at the end of a day: the inputs of the conversion and churn models. The same
 * function makes the training rows (as of a past day, whose outcome the days after it show) and the rows a model
 * scores (as of the run's last day), so a model never sees a feature computed differently from the one it learned.
 *
 * <p>Activity (events, active days, page views, contacts, transfers) counts the customers.models.lookback days
 * ending on the day; orders, net revenue and recency the customers.window; the latest NPS or relationship answer
 * in the window makes the promoter and detractor flags. Nothing after the day is read.
 */
final class ModelFeatures {
  static final List<String> CATEGORICAL = List.of("segment", "acquisition_channel");
  /** The survey types whose 0-10 answer makes a customer a promoter or detractor, here and in the scores. */
  static final String[] NPS_TYPES = {"nps", "relationship"};

  private final CustomerSettings settings;

  ModelFeatures(CustomerSettings settings) {
    this.settings = settings;
  }

  /**
   * customer_id, segment, acquisition_channel (unknown when missing), days_known, events, active_days, page_views,
   * contacts, transfers, orders, net_revenue, recency_days, promoter, detractor (all doubles) for every person.
   *
   * @param people customer_id, segment, acquisition_channel, signup_date: one row per customer
   * @param orderLines order lines covering at least the window ending {@code asOf}; later lines are ignored
   * @param activity interactions counted per customer, day and channel ({@link CustomerActivity}), covering at
   *     least the lookback ending {@code asOf}
   * @param surveys answers covering at least the window ending {@code asOf}
   */
  Dataset<Row> asOf(Dataset<Row> people, Dataset<Row> orderLines, Dataset<Row> activity, Dataset<Row> surveys,
      LocalDate asOf) {
    Column day = lit(Date.valueOf(asOf));
    LocalDate windowStart = asOf.minusDays(settings.window().toDays() - 1);
    LocalDate lookbackStart = asOf.minusDays(settings.models().lookback().toDays() - 1);
    Dataset<Row> value = new CustomerValue(settings).of(
        orderLines.where(to_date(col("order_time")).between(Date.valueOf(windowStart), Date.valueOf(asOf))));
    Dataset<Row> recent = activity
        .where(col("customer_id").isNotNull()
            .and(col("event_date").between(Date.valueOf(lookbackStart), Date.valueOf(asOf))))
        .groupBy(col("customer_id"))
        .agg(sum(col("events")).as("events"), countDistinct(col("event_date")).as("active_days"),
            sum(col("page_views")).as("page_views"), sum(col("contacts")).as("contacts"),
            sum(col("transfers")).as("transfers"));
    Column nps = col("survey_type").isin((Object[]) NPS_TYPES);
    Dataset<Row> answers = surveys
        .where(nps.and(to_date(col("submitted_at")).between(Date.valueOf(windowStart), Date.valueOf(asOf))))
        .groupBy(col("customer_id"))
        .agg(max_by(col("score"), struct(col("submitted_at"), col("response_id"))).as("_nps"));
    Dataset<Row> joined = people.join(value, "customer_id", "left").join(recent, "customer_id", "left")
        .join(answers, "customer_id", "left");
    return joined.select(col("customer_id"),
        coalesce(col("segment"), lit("unknown")).as("segment"),
        coalesce(col("acquisition_channel"), lit("unknown")).as("acquisition_channel"),
        number(datediff(day, col("signup_date"))).as("days_known"),
        number(col("events")).as("events"), number(col("active_days")).as("active_days"),
        number(col("page_views")).as("page_views"), number(col("contacts")).as("contacts"),
        number(col("transfers")).as("transfers"), number(col("orders")).as("orders"),
        number(col("net_revenue")).as("net_revenue"),
        // No order in the window counts as one day older than the window: the longest recency it can show.
        coalesce(datediff(day, col("last_order_date")), lit(settings.window().toDays())).cast("double")
            .as("recency_days"),
        when(col("_nps").geq(9), 1.0).otherwise(0.0).as("promoter"),
        when(col("_nps").leq(6), 1.0).otherwise(0.0).as("detractor"));
  }

  private static Column number(Column count) {
    return coalesce(count.cast("double"), lit(0.0));
  }
}
