package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.schema.Source;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The predicted 12-month value, by a stated method: an empirical-Bayes run rate. A customer's net value per day
 * over the observed days is shrunk toward the mean per day of their segment, with the segment weighing as much
 * as customers.forecast.prior-days of the customer's own history:
 * <pre>rate = (days x own rate + prior x segment rate) / (days + prior); value_12m = horizon x rate</pre>
 * A customer seen for a few days is pulled to their segment; one seen for months keeps their own pace. No
 * seasonality, no churn: the churn model says who may stop. Its error is measured on a held-out period each run
 * ({@link #holdout}): the window's first half predicts its second half.
 */
final class ValueForecast {
  private final CustomerSettings settings;

  ValueForecast(CustomerSettings settings) {
    this.settings = settings;
  }

  /** How well the method did on the held-out half, against the plain run rate. */
  record Holdout(long customers, long fitDays, long heldDays, double mae, double runRateMae, double totalError) {
    String describe() {
      return String.format(Locale.ROOT, "value_12m held out: the first %d days predicted the last %d for %d "
              + "customers, mean absolute error %.2f (plain run rate %.2f), total off by %+.1f %%", fitDays,
          heldDays, customers, mae, runRateMae, 100 * totalError);
    }
  }

  /**
   * customer_id, net_value over the given lines and activity (interactions counted per customer, day and
   * channel: {@link CustomerActivity}): margin less cost to serve, the formula of the stage
   * ({@link CostToServe#total}).
   */
  Dataset<Row> netValue(Dataset<Row> orderLines, Dataset<Row> activity) {
    Dataset<Row> value = new CustomerValue(settings).of(orderLines);
    Dataset<Row> cost = new CostToServe(settings).of(activity);
    return value.join(cost, value.col("customer_id").equalTo(cost.col("customer_id")), "full")
        .select(coalesce(value.col("customer_id"), cost.col("customer_id")).as("customer_id"),
            coalesce(col("margin"), lit(0.0)).minus(CostToServe.total(settings)).as("net_value"));
  }

  /**
   * Adds {@code value_12m} to rows of customer_id, segment, signup_date and net_value observed from {@code start}
   * to {@code end}: a customer who signed up later was seen from their signup (the segment means are over these
   * rows; a null segment is a segment of its own).
   */
  Dataset<Row> forecast(Dataset<Row> customers, LocalDate start, LocalDate end) {
    return predict(customers, start, end, settings.forecastHorizon().toDays(), "value_12m").drop("_days_seen");
  }

  /**
   * shrunk rate = (net value + prior x segment rate) / (days seen + prior), which is the formula of the class
   * with the own rate written as net value / days seen, and holds for a customer seen no day at all.
   */
  private Dataset<Row> predict(Dataset<Row> customers, LocalDate start, LocalDate end, long horizon, String name) {
    double prior = settings.forecastPriorDays();
    Column seenFrom = greatest(lit(java.sql.Date.valueOf(start)),
        coalesce(col("signup_date"), lit(java.sql.Date.valueOf(start))));
    Column days = greatest(lit(0), datediff(lit(java.sql.Date.valueOf(end)), seenFrom).plus(1));
    Column net = coalesce(col("net_value"), lit(0.0));
    Column segmentRate = avg(when(days.gt(0), net.divide(days)))
        .over(Window.partitionBy(coalesce(col("segment"), lit(""))));
    Column shrunk = net.plus(coalesce(segmentRate, lit(0.0)).multiply(prior)).divide(days.plus(prior));
    return customers.withColumn(name, shrunk.multiply(horizon))
        .withColumn("_days_seen", days);
  }

  /**
   * Splits [start, end] in two halves, forecasts the second from the first with the same method (horizon: the
   * second half's length) and compares with what the customers of {@code people} were worth in it.
   *
   * @param people customer_id, segment and signup_date of every customer to check
   * @param orderLines order lines of [start, end]
   * @param activity interactions of [start, end] counted per customer, day and channel ({@link CustomerActivity})
   */
  Holdout holdout(Dataset<Row> people, Dataset<Row> orderLines, Dataset<Row> activity, LocalDate start,
      LocalDate end) {
    long days = ChronoUnit.DAYS.between(start, end) + 1;
    long fitDays = days / 2;
    LocalDate mid = start.plusDays(fitDays);
    long heldDays = days - fitDays;
    // One pass: the half rides in the key (customer|1, customer|2), then one row per customer holds both.
    Column lateLine = col("order_time").geq(lit(Timestamp.from(mid.atStartOfDay(ZoneOffset.UTC).toInstant())));
    Column lateDay = col(Source.EVENT_DATE).geq(lit(Date.valueOf(mid)));
    Dataset<Row> halves = netValue(halved(orderLines, lateLine), halved(activity, lateDay))
        .withColumn("_half", expr("right(customer_id, 1)"))
        .withColumn("customer_id", expr("left(customer_id, length(customer_id) - 2)"))
        .groupBy(col("customer_id"))
        .agg(sum(when(col("_half").equalTo("1"), col("net_value"))).as("net_value"),
            sum(when(col("_half").equalTo("2"), col("net_value"))).as("actual"));
    Dataset<Row> predicted = predict(people.join(halves, "customer_id", "left"), start, mid.minusDays(1), heldDays,
        "predicted");
    Row errors = predicted
        .select(coalesce(col("actual"), lit(0.0)).as("actual"), col("predicted"),
            when(col("_days_seen").gt(0), coalesce(col("net_value"), lit(0.0)).multiply(heldDays)
                .divide(col("_days_seen"))).otherwise(0.0).as("run_rate"))
        .agg(count(lit(1)), avg(abs(col("predicted").minus(col("actual")))),
            avg(abs(col("run_rate").minus(col("actual")))), sum(col("predicted")), sum(col("actual")))
        .first();
    long n = errors.getLong(0);
    double actual = n == 0 ? 0 : errors.getDouble(4);
    double total = n == 0 || actual == 0 ? Double.NaN : (errors.getDouble(3) - actual) / Math.abs(actual);
    return new Holdout(n, fitDays, heldDays, n == 0 ? Double.NaN : errors.getDouble(1),
        n == 0 ? Double.NaN : errors.getDouble(2), total);
  }

  /** The rows with their customer_id suffixed by the half they fall in: |1, or |2 where {@code late} holds. */
  private static Dataset<Row> halved(Dataset<Row> rows, Column late) {
    return rows.withColumn("customer_id", concat(col("customer_id"), when(late, lit("|2")).otherwise(lit("|1"))));
  }
}
