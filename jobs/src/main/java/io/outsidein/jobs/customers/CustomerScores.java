package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.spark.NewColumns;
import io.outsidein.common.tables.CustomerTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * gold.customer_scores from silver: every customer of the master or active in the window, with what they are
 * worth ({@link CustomerValue}) and may be worth in a year ({@link ValueForecast}), what serving them cost
 * ({@link CostToServe}), RFM ({@link Rfm}), effort, and
 * whether they are advocates ({@link Advocates}: a promoter by their latest NPS answer who referred others),
 * and a {@code why} that names the largest of these in money, largest first.
 */
public final class CustomerScores {

  private final CustomerSettings settings;

  public CustomerScores(CustomerSettings settings) {
    this.settings = settings;
  }

  /** The first day of the window ending at {@code runDate}. */
  public LocalDate windowStart(LocalDate runDate) {
    return runDate.minusDays(settings.window().toDays() - 1);
  }

  /**
   * One row per customer in the columns of {@link CustomerTables#CUSTOMER_SCORES}.
   *
   * @param master silver customers
   * @param orderLines silver order lines of the window
   * @param activity silver interactions of the window counted per customer, day and channel
   *     ({@link CustomerActivity})
   * @param surveys silver answers of the window
   * @param buyers customer_id of everyone with an order line up to the run's last date (any window)
   * @param models the models' scores in the columns of {@link CustomerModels#SCORES}
   * @param start the first day with data in the window (its first day, or later when the data begins later):
   *     the days a customer was seen count from here or from their signup
   */
  public Dataset<Row> build(Dataset<Row> master, Dataset<Row> orderLines, Dataset<Row> activity,
      Dataset<Row> surveys, Dataset<Row> buyers, Dataset<Row> models, LocalDate start, LocalDate runDate,
      Instant scoredAt) {
    Dataset<Row> people = people(master);
    Lookalike lookalike = new Lookalike(settings);
    Dataset<Row> firstWeeks = lookalike.firstWeeks(people, activity, windowStart(runDate));
    Dataset<Row> prospects = people.select(col("customer_id")).except(buyers.select(col("customer_id")))
        .withColumn("prospect", lit(true));
    Dataset<Row> value = new CustomerValue(settings).of(orderLines);
    Dataset<Row> cost = new CostToServe(settings).of(activity);
    Dataset<Row> referrals = Advocates.referralEvents(activity);
    Dataset<Row> referred = Advocates.referred(people, value);
    Dataset<Row> answers = surveys.groupBy(col("customer_id"))
        .agg(count_if(col("survey_type").equalTo("ces")).as("ces_n"),
            avg(when(col("survey_type").equalTo("ces"), col("score"))).as("ces_mean"),
            max_by(when(col("survey_type").isin((Object[]) ModelFeatures.NPS_TYPES), col("score")),
                when(col("survey_type").isin((Object[]) ModelFeatures.NPS_TYPES),
                    struct(col("submitted_at"), col("response_id")))).as("nps_latest"));

    Dataset<Row> ids = people.select("customer_id").union(value.select("customer_id"))
        .union(cost.select("customer_id")).union(referrals.select("customer_id"))
        .union(answers.select("customer_id")).distinct();
    Dataset<Row> joined = ids;
    for (Dataset<Row> part : Arrays.asList(people, value, cost, referrals, referred, answers, firstWeeks,
        prospects, models)) {
      joined = joined.join(part, "customer_id", "left");
    }
    return derive(joined.withColumn("prospect", coalesce(col("prospect"), lit(false))), lookalike, start, runDate,
        scoredAt);
  }

  /** One row per customer of the master: customer_id, segment, acquisition_channel, referred_by, signup_date. */
  static Dataset<Row> people(Dataset<Row> master) {
    return master.groupBy(col("customer_id"))
        .agg(max(col("segment")).as("segment"), max(col("acquisition_channel")).as("acquisition_channel"),
            max(col("referred_by")).as("referred_by"), max(col("signup_date")).as("signup_date"));
  }

  private Dataset<Row> derive(Dataset<Row> joined, Lookalike lookalike, LocalDate start, LocalDate runDate,
      Instant scoredAt) {
    Column orders = zero(col("orders"));
    Column margin = coalesce(col("margin"), lit(0.0));
    Column returnCost = col("returned_lines").multiply(settings.returnCost());
    Column promoter = coalesce(col("nps_latest").geq(9), lit(false));
    Dataset<Row> zeroed = NewColumns
        .of("orders", orders)
        .and("revenue", money(col("revenue")))
        .and("refunds", money(col("refunds")))
        .and("net_revenue", money(col("net_revenue")))
        .and("margin", margin)
        .and("returned_lines", zero(col("returned_lines")))
        .and("contacts", zero(col("contacts")))
        .and("contact_cost", money(col("contact_cost")))
        .and("handling_cost", money(col("handling_cost")))
        .and("transfers", zero(col("transfers")))
        .and("transfer_cost", money(col("transfer_cost")))
        .and("recency_days", datediff(lit(java.sql.Date.valueOf(runDate)), col("last_order_date")))
        .and("referrals", zero(col("referrals")))
        .and("referred_customers", zero(col("referred_customers")))
        .and("referred_value", money(col("referred_value")))
        .and("ces_n", zero(col("ces_n")))
        .and("promoter", promoter)
        .on(joined);
    // Over the zeroed counts: a customer without returns has a return cost of 0, not null.
    Dataset<Row> filled = NewColumns
        .of("return_cost", returnCost)
        .and("cost_to_serve", CostToServe.total(settings))
        .and("net_value", col("margin").minus(CostToServe.total(settings)))
        .on(zeroed);
    Dataset<Row> forecast = new ValueForecast(settings).forecast(filled, start, runDate);
    Dataset<Row> ranked = Rfm.score(forecast)
        .withColumn("value_rank", rank().over(Window.partitionBy(lit(1)).orderBy(col("net_value").desc())));
    Dataset<Row> scored = NewColumns
        .of("cost_to_value", when(col("margin").gt(0), col("cost_to_serve").divide(col("margin"))))
        .and("costly", when(col("margin").gt(0),
                col("cost_to_serve").gt(col("margin").multiply(settings.costlyRatio())))
            .otherwise(col("cost_to_serve").gt(0)))
        .and("contacts_per_order", when(col("orders").gt(0), col("contacts").divide(col("orders"))))
        .and("advocate", col("promoter").and(col("referrals").gt(0).or(col("referred_customers").gt(0))))
        .and("why", why())
        .and("run_date", lit(java.sql.Date.valueOf(runDate)))
        .and("window_start", lit(java.sql.Date.valueOf(windowStart(runDate))))
        .and("scored_at", lit(java.sql.Timestamp.from(scoredAt)))
        .on(lookalike.score(ranked));
    return scored.select(Arrays.stream(CustomerTables.CUSTOMER_SCORES.fieldNames())
        .map(name -> col(name).cast(CustomerTables.CUSTOMER_SCORES.apply(name).dataType()).as(name))
        .toArray(Column[]::new));
  }

  /**
   * The reasons, each weighed by the money behind it, largest first, at most customers.why-reasons: the margin
   * the customer brings, the cost of their contacts, transfers and returns, the value of those they referred.
   */
  private Column why() {
    Column reasons = array(
        reason(col("margin"), lit("value: margin "), amount(col("margin")), lit(" from "),
            col("orders").cast("string"), lit(" orders")),
        reason(col("contact_cost").plus(col("handling_cost")), lit("cost: "), col("contacts").cast("string"),
            lit(" contacts "), amount(col("contact_cost").plus(col("handling_cost")))),
        reason(col("transfer_cost"), lit("cost: "), col("transfers").cast("string"), lit(" transfers "),
            amount(col("transfer_cost"))),
        reason(col("return_cost").plus(col("refunds")), lit("cost: "), col("returned_lines").cast("string"),
            lit(" returned lines "), amount(col("return_cost")), lit(", refunds "), amount(col("refunds"))),
        reason(col("referred_value"), lit("advocacy: referred "), col("referred_customers").cast("string"),
            lit(" customers, net revenue "), amount(col("referred_value"))));
    Column kept = filter(reasons, r -> r.getField("weight").gt(0));
    // Structs sort by their first field: the weight, descending.
    return transform(slice(sort_array(kept, false), 1, settings.whyReasons()), r -> r.getField("text"));
  }

  private static Column reason(Column weight, Column... text) {
    return struct(weight.cast("double").as("weight"), concat(text).as("text"));
  }

  private static Column amount(Column money) {
    return format_number(money, 2);
  }

  private static Column zero(Column count) {
    return coalesce(count, lit(0L));
  }

  private static Column money(Column amount) {
    return coalesce(amount, lit(0.0));
  }
}
