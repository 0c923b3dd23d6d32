package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Ideal prospects. The profile of the most valuable customers (the top customers.lookalike.top-share of the
 * window's buyers by net value) against all buyers, over segment, acquisition channel and first-weeks activity;
 * and for every prospect (a customer of the master who never bought) how much it looks like that profile: the
 * sum over the three features of log(share among the top / share among all buyers), Laplace-smoothed, as
 * lookalike_score = e^s / (1 + e^s). 0.5 is an average buyer's profile; above it, more like the top. A naive
 * Bayes odds, so each feature's term is its reason: lookalike_why names the largest.
 */
final class Lookalike {
  static final String[] FEATURES = {"segment", "acquisition_channel", "first_weeks"};
  /** First weeks: the days from signup whose interactions describe a new customer's start. */
  static final int FIRST_DAYS = 14;

  private final CustomerSettings settings;

  Lookalike(CustomerSettings settings) {
    this.settings = settings;
  }

  /**
   * customer_id, first_weeks: interactions in the first {@link #FIRST_DAYS} days from signup, banded none, light
   * (1-5), active (6-20), heavy (over 20); unknown when the customer signed up before the window began.
   *
   * @param master customer_id, signup_date
   * @param activity interactions of the window starting at {@code windowStart}, counted per customer, day and
   *     channel ({@link CustomerActivity})
   */
  Dataset<Row> firstWeeks(Dataset<Row> master, Dataset<Row> activity, LocalDate windowStart) {
    Dataset<Row> recent = master.where(col("signup_date").geq(lit(java.sql.Date.valueOf(windowStart))))
        .select(col("customer_id").as("_new"), col("signup_date"));
    Dataset<Row> counted = recent.join(activity, col("_new").equalTo(activity.col("customer_id"))
            .and(activity.col("event_date").between(col("signup_date"),
                date_add(col("signup_date"), FIRST_DAYS - 1))), "left")
        .groupBy(col("_new")).agg(coalesce(sum(activity.col("events")), lit(0L)).as("_events"));
    Column band = when(col("_new").isNull(), "unknown").when(col("_events").equalTo(0), "none")
        .when(col("_events").leq(5), "light").when(col("_events").leq(20), "active").otherwise("heavy");
    return master.select(col("customer_id")).join(counted, col("customer_id").equalTo(col("_new")), "left")
        .select(col("customer_id"), band.as("first_weeks"));
  }

  /**
   * Adds lookalike_score and lookalike_why (for prospects; null for others) to {@code customers}, which holds
   * customer_id, prospect, orders, value_rank and the {@link #FEATURES}.
   */
  Dataset<Row> score(Dataset<Row> customers) {
    Column buyer = col("orders").gt(0);
    // The top is a rank cut over the buyers, counted by a window over all rows: no action, no self-join.
    Column buyers = count_if(buyer).over(Window.partitionBy(lit(1)));
    Column cut = greatest(lit(1L), ceil(buyers.multiply(settings.lookalikeTopShare())));
    // Each customer's row rides along as one struct: the counts are windows over the three feature rows of every
    // customer, and one group by customer puts the row back together, so the plan above is computed once.
    Column row = struct(Arrays.stream(customers.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new));
    Dataset<Row> pairs = customers.select(row.as("_row"), col("customer_id").as("_id"), col("prospect").as("_p"),
        buyer.as("_buyer"), buyer.and(col("value_rank").leq(cut)).as("_top"),
        expr("stack(3, 'segment', coalesce(segment, 'unknown'), 'acquisition_channel', "
            + "coalesce(acquisition_channel, 'unknown'), 'first_weeks', coalesce(first_weeks, 'unknown')) "
            + "AS (feature, value)"));
    // Per feature value: top customers and buyers having it; per feature: its values (k, for the smoothing) and
    // how many top customers and buyers there are (ties at the cut stay in the top, so its size is counted).
    WindowSpec value = Window.partitionBy(col("feature"), col("value"));
    WindowSpec feature = Window.partitionBy(col("feature"));
    Column nTop = count_if(col("_top")).over(value);
    Column nRef = count_if(col("_buyer")).over(value);
    Column k = size(collect_set(col("value")).over(feature));
    Column topShare = nTop.plus(1).divide(count_if(col("_top")).over(feature).plus(k));
    Column refShare = nRef.plus(1).divide(count_if(col("_buyer")).over(feature).plus(k));
    Dataset<Row> terms = pairs.withColumn("_ratio", topShare.divide(refShare))
        .withColumn("_term", log(col("_ratio")));
    Dataset<Row> perCustomer = terms.groupBy(col("_id"))
        .agg(first(col("_row")).as("_row"), first(col("_p")).as("_p"), sum(col("_term")).as("_s"),
            collect_list(struct(col("_term").as("weight"), concat(col("feature"), lit(" = "), col("value"),
                lit(": "), format_number(col("_ratio"), 2), lit("x as common among the top customers"))
                .as("text"))).as("_reasons"));
    // Only the features that raise the score; structs sort by their first field: the term, largest first.
    Column raising = filter(col("_reasons"), r -> r.getField("weight").gt(0));
    Column why = transform(slice(sort_array(raising, false), 1, settings.whyReasons()), r -> r.getField("text"));
    return perCustomer.select(col("_row.*"),
        when(col("_p"), exp(col("_s")).divide(exp(col("_s")).plus(1))).as("lookalike_score"),
        when(col("_p"), why).as("lookalike_why"));
  }
}
