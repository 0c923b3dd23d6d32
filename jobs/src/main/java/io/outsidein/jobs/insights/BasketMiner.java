package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import io.outsidein.common.spark.NewColumns;
import io.outsidein.common.stats.CoOccurrence;
import io.outsidein.common.stats.FalseDiscovery;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import org.apache.spark.ml.fpm.FPGrowth;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Association rules over baskets with MLlib's FP-growth, in the terms of the reference implementation (arules'
 * apriori): rules with a one-item consequent; support as a count of baskets (an item repeated in a basket counts
 * once); a rule is kept when its itemset is in at least max(min-count, ceil(min-support x baskets)) baskets, has
 * at most max-size items, and its confidence (support of the itemset over support of the antecedent) is at
 * least min-confidence; lift = confidence over the consequent's share of baskets. Every rule also carries the
 * lift's interval, Fisher's exact test against positive association, and Benjamini-Hochberg q-values over all
 * the rules of one mining.
 *
 * <p>FP-growth finds every frequent itemset (it has no size limit); the count of them is checked against
 * max-itemsets before any rule is formed, so that a threshold set too low fails naming the setting instead of
 * exhausting memory in the rules' joins. Rules are formed from the itemsets by joins, not by
 * {@code FPGrowthModel.associationRules}, so that the counts behind each rule stay exact integers.
 */
public final class BasketMiner {
  public static final String BASKET = "basket_id";
  public static final String ITEM = "item";

  private final BasketSettings settings;
  private final CoOccurrence cooccurrence;
  private final double falseDiscoveryRate;
  private final int partitions;

  public BasketMiner(BasketSettings settings, double confidence, double falseDiscoveryRate, int partitions) {
    this.settings = settings;
    this.cooccurrence = new CoOccurrence(confidence);
    this.falseDiscoveryRate = falseDiscoveryRate;
    this.partitions = partitions;
  }

  /**
   * What one mining found: the baskets, the least count a frequent itemset has, the frequent itemsets of at most
   * max-size items ({@code items} sorted, {@code freq}) and the rules, most lift first.
   */
  public record Mined(long baskets, long minCount, Dataset<Row> itemsets, Dataset<Row> rules) {}

  /**
   * The rules of {@code lines} (one row per item of a basket: {@link #BASKET}, {@link #ITEM}; rows with a null
   * basket or item take no part), with the columns of gold.basket_rules but the run's.
   */
  public Mined mine(Dataset<Row> lines) {
    Dataset<Row> baskets = lines.where(col(BASKET).isNotNull().and(col(ITEM).isNotNull()))
        .groupBy(col(BASKET)).agg(array_sort(collect_set(col(ITEM))).as("items"))
        // Read by the count, by FP-growth's two passes and not again: computed once.
        .localCheckpoint();
    long n = baskets.count();
    long minCount = minCount(n);
    if (n == 0) {
      // No basket, no rule: the same columns over no itemsets.
      Dataset<Row> none = baskets.select(col("items"), lit(0L).as("freq"));
      return new Mined(0, minCount, none, rules(none, 0));
    }
    // FP-growth keeps an itemset seen at least ceil(minSupport x n) times; half a basket below the count
    // makes that exactly minCount whatever the rounding of the division.
    double minSupport = Math.min(1.0, (minCount - 0.5) / n);
    Dataset<Row> itemsets = new FPGrowth().setItemsCol("items").setMinSupport(minSupport).setMinConfidence(1.0)
        .setNumPartitions(partitions).fit(baskets).freqItemsets()
        .select(array_sort(col("items")).as("items"), col("freq"))
        .localCheckpoint();
    long found = itemsets.count();
    if (found > settings.maxItemsets()) {
      throw new IllegalStateException(String.format(Locale.ROOT, "%,d frequent itemsets in %,d baskets at a minimum "
          + "of %,d baskets each, more than outsidein.insights.baskets.max-itemsets (%,d): raise min-count or "
          + "min-support, or max-itemsets if the memory allows", found, n, minCount, settings.maxItemsets()));
    }
    Dataset<Row> kept = itemsets.where(size(col("items")).leq(settings.maxSize()));
    return new Mined(n, minCount, kept, rules(kept, n));
  }

  /** max(min-count, ceil(min-support x n)), in decimal so that 0.001 x 10,000 is 10 and not 10.000000000000002. */
  long minCount(long n) {
    long bySupport = BigDecimal.valueOf(settings.minSupport()).multiply(BigDecimal.valueOf(n))
        .setScale(0, RoundingMode.CEILING).longValueExact();
    return Math.max(settings.minCount(), bySupport);
  }

  private Dataset<Row> rules(Dataset<Row> itemsets, long n) {
    Dataset<Row> antecedents = itemsets.select(col("items").as("_a_items"), col("freq").as("antecedent_count"));
    Dataset<Row> consequents = itemsets.where(size(col("items")).equalTo(1))
        .select(col("items").getItem(0).as("_c_item"), col("freq").as("consequent_count"));
    // Each item of an itemset in turn is the consequent; the rest, still sorted, the antecedent.
    Dataset<Row> split = itemsets.where(size(col("items")).geq(2))
        .select(col("items"), col("freq").as("support_count"), explode(col("items")).as("consequent"));
    Dataset<Row> counted = split.withColumn("antecedent", array_remove(col("items"), col("consequent")))
        .join(antecedents, col("antecedent").equalTo(col("_a_items")))
        .join(consequents, col("consequent").equalTo(col("_c_item")));
    Column both = col("support_count");
    Column a = col("antecedent_count");
    Column c = col("consequent_count");
    Column baskets = lit(n);
    Dataset<Row> rules = NewColumns
        .of("baskets", baskets)
        .and("support", both.cast("double").divide(n))
        .and("confidence", both.cast("double").divide(a))
        .and("lift", CoOccurrence.lift(both, a, c, baskets))
        .and("lift_ci_low", cooccurrence.liftLower(both, a, c, baskets))
        .and("lift_ci_high", cooccurrence.liftUpper(both, a, c, baskets))
        .and("p_value", CoOccurrence.independenceP(both, a, c, baskets))
        .on(counted)
        .where(col("confidence").geq(settings.minConfidence()));
    return FalseDiscovery.qValues(rules, "p_value", "q_value")
        .withColumn("significant", col("q_value").leq(falseDiscoveryRate))
        .select(col("antecedent"), col("consequent"), col("support_count"), col("support"), col("confidence"),
            col("lift"), col("lift_ci_low"), col("lift_ci_high"), col("p_value"), col("q_value"), col("significant"),
            col("antecedent_count"), col("consequent_count"), col("baskets"))
        .orderBy(col("lift").desc(), col("support_count").desc(), col("antecedent"), col("consequent"));
  }
}
