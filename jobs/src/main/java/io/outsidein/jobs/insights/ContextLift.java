package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.spark.NewColumns;
import io.outsidein.common.stats.FalseDiscovery;
import io.outsidein.common.stats.RateRatio;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Pop-Tarts table: how much of each item the stores in a context's scope sold on its days, against what the
 * same stores would have sold without it. The baseline of one context day of one store is that store's other
 * trading days of the same weekday within {@code baseline-weeks} weeks either side that no context of any kind
 * covers; the expected units of an item on the day are its mean units over those days (a day the store traded
 * without selling the item counts as zero). Summed over every store-day of every context of a type: observed O
 * and expected E, the rate ratio O / E with the interval and two-sided test of {@link RateRatio}: units are sums
 * over baskets, so their variances are compound-Poisson (the sums of squared units per basket: one basket of 24
 * is not 24 independent sales), and a quasi-Poisson dispersion per item when its daily baskets on baseline days
 * vary more than Poisson counts (Pearson's statistic against chi-squared). Pairs whose expected units are under
 * {@code min-expected} are reported but not tested. q-values: Benjamini-Hochberg over every pair tested.
 */
final class ContextLift {
  private final ContextLiftSettings settings;
  private final RateRatio rates;
  private final double falseDiscoveryRate;

  ContextLift(ContextLiftSettings settings, double confidence, double falseDiscoveryRate) {
    this.settings = settings;
    this.rates = new RateRatio(confidence);
    this.falseDiscoveryRate = falseDiscoveryRate;
  }

  /**
   * @param sales sold in stores, one row per store, day and item: store_id, sale_date, item, units, baskets (orders
   *     holding the item) and squares (the sum over those baskets of the squared units of the item in each)
   * @param tradingDays store_id, sale_date: every day a store sold anything
   * @param stores store_id, region (null when the store id names none)
   * @param contexts context_type, scope (all, region:R, store:S), start_date, end_date
   */
  Dataset<Row> lift(Dataset<Row> sales, Dataset<Row> tradingDays, Dataset<Row> stores, Dataset<Row> contexts) {
    // Every store-day a context covers, for the stores that traded on it.
    Dataset<Row> covered = contexts
        .select(col("context_type"), col("scope"), col("start_date"),
            explode(sequence(col("start_date"), col("end_date"))).as("sale_date"))
        .join(stores, col("scope").equalTo(lit("all"))
            .or(col("scope").equalTo(concat_ws(":", lit("region"), col("region"))))
            .or(col("scope").equalTo(concat_ws(":", lit("store"), col("store_id")))))
        .join(tradingDays, new String[] {"store_id", "sale_date"})
        .select("context_type", "scope", "start_date", "store_id", "sale_date").distinct();
    Dataset<Row> cells = covered.select("context_type", "store_id", "sale_date").distinct();
    // Baseline days: traded, and no context of any kind on them.
    Dataset<Row> quiet = tradingDays.join(covered.select("store_id", "sale_date").distinct(),
        new String[] {"store_id", "sale_date"}, "left_anti");
    long reach = 7L * settings.baselineWeeks();
    Dataset<Row> matched = cells.as("c").join(quiet.as("q"), col("c.store_id").equalTo(col("q.store_id"))
            .and(dayofweek(col("c.sale_date")).equalTo(dayofweek(col("q.sale_date"))))
            .and(abs(datediff(col("c.sale_date"), col("q.sale_date"))).leq(reach)))
        .select(col("c.context_type").as("context_type"), col("c.store_id").as("store_id"),
            col("c.sale_date").as("cell_date"), col("q.sale_date").as("base_date"));
    Dataset<Row> perCell = matched.groupBy("context_type", "store_id", "cell_date").agg(count(lit(1)).as("_days"));
    // Each baseline day's weight in E: the sum over the cells it serves of 1 / that cell's baseline days.
    Dataset<Row> weights = matched.join(perCell, new String[] {"context_type", "store_id", "cell_date"})
        .groupBy(col("context_type"), col("store_id"), col("base_date").as("sale_date"))
        .agg(sum(lit(1.0).divide(col("_days"))).as("_w"));
    Dataset<Row> expected = weights.join(sales, new String[] {"store_id", "sale_date"})
        .groupBy("context_type", "item")
        .agg(sum(col("_w").multiply(col("units"))).as("expected"),
            sum(col("_w").multiply(col("_w")).multiply(col("squares"))).as("_expected_variance"));
    Dataset<Row> observed = cells.join(perCell.select(col("context_type"), col("store_id"),
            col("cell_date").as("sale_date")), new String[] {"context_type", "store_id", "sale_date"})
        .join(sales, new String[] {"store_id", "sale_date"})
        .groupBy("context_type", "item").agg(sum(col("units")).as("observed"),
            sum(col("squares")).as("_observed_variance"));
    // What stands behind each type: the stores, contexts and days that have a baseline.
    Dataset<Row> behind = covered.join(perCell.select(col("context_type"), col("store_id"),
            col("cell_date").as("sale_date")), new String[] {"context_type", "store_id", "sale_date"})
        .groupBy("context_type")
        .agg(countDistinct("store_id").as("stores"), countDistinct("scope", "start_date").as("events"),
            countDistinct("sale_date").as("days"),
            concat_ws(", ", sort_array(collect_set(col("scope")))).as("scope"));
    Dataset<Row> pairs = expected.join(observed, new String[] {"context_type", "item"}, "full_outer")
        .na().fill(0.0, new String[] {"expected", "_expected_variance"})
        .na().fill(0L, new String[] {"observed", "_observed_variance"})
        .join(behind, "context_type")
        // An item with too few baseline days to measure its dispersion is taken as Poisson.
        .join(dispersion(sales, quiet), new String[] {"item"}, "left").na().fill(1.0, new String[] {"dispersion"});
    Column o = col("observed");
    Column ov = col("_observed_variance").cast("double");
    Column e = col("expected");
    Column v = col("_expected_variance");
    Column phi = col("dispersion");
    Column tested = e.geq(settings.minExpected());
    Dataset<Row> measured = NewColumns
        .of("level", lit("item"))
        .and("rate_ratio", RateRatio.ratio(o, e))
        .and("ci_low", when(tested, rates.lower(o, ov, e, v, phi)))
        .and("ci_high", when(tested, rates.upper(o, ov, e, v, phi)))
        .and("p_value", when(tested, RateRatio.p(o, ov, e, v, phi)))
        .and("model", when(phi.gt(1.0), lit("quasi-poisson")).otherwise(lit("poisson")))
        .on(pairs);
    return FalseDiscovery.qValues(measured, "p_value", "q_value")
        .withColumn("significant", expr("coalesce(q_value <= " + falseDiscoveryRate + ", false)"))
        .select("context_type", "scope", "item", "level", "stores", "events", "days", "observed", "expected",
            "rate_ratio", "ci_low", "ci_high", "p_value", "q_value", "significant", "dispersion", "model");
  }

  /**
   * Per item, the dispersion of its daily baskets over the baseline days (the counts of events; how many units each
   * basket holds is in the compound variance already): groups of one store and weekday, Pearson's sum of
   * (u - mean)^2 / mean = (sum u^2 - n mean^2) / mean over each group's n days (zero-sale days included), degrees
   * of freedom n - 1 per group with any sale.
   */
  private Dataset<Row> dispersion(Dataset<Row> sales, Dataset<Row> quiet) {
    Dataset<Row> groupDays = quiet.groupBy(col("store_id"), dayofweek(col("sale_date")).as("_weekday"))
        .agg(count(lit(1)).as("_n"));
    Dataset<Row> groupSales = sales.join(quiet, new String[] {"store_id", "sale_date"})
        .groupBy(col("item"), col("store_id"), dayofweek(col("sale_date")).as("_weekday"))
        .agg(sum(col("baskets")).as("_sum"), sum(col("baskets").multiply(col("baskets"))).as("_squares"));
    Column mean = col("_sum").divide(col("_n"));
    return groupSales.join(groupDays, new String[] {"store_id", "_weekday"}).where(col("_n").geq(2))
        .groupBy("item")
        .agg(sum(col("_squares").minus(col("_n").multiply(mean).multiply(mean)).divide(mean)).as("_pearson"),
            sum(col("_n").minus(1)).as("_df"))
        .select(col("item"), RateRatio.dispersion(col("_pearson"), col("_df"), settings.dispersionAlpha())
            .as("dispersion"));
  }
}
