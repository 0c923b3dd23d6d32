package io.outsidein.common.tables;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The gold tables of the insights stage: mined patterns, each with its support, an effect with a 95 % interval,
 * a test and a Benjamini-Hochberg q-value over everything mined in the run. Partitioned by {@code run_date}: a
 * rerun of a date replaces that date's patterns.
 */
public final class InsightTables {
  private InsightTables() {}

  public static final StructType BASKET_RULES = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, "Last day of the baskets mined; the partition"),
      field("basket_kind", DataTypes.StringType, "What one basket is: order (the sold lines of one order) or "
          + "customer_window (what one customer bought within one insights.baskets.customer-window)"),
      field("antecedent", DataTypes.createArrayType(DataTypes.StringType), "Items (SKUs) of the rule's left side, "
          + "sorted"),
      field("consequent", DataTypes.StringType, "The one item the rule predicts"),
      field("support_count", DataTypes.LongType, "Baskets holding every item of antecedent and consequent"),
      field("support", DataTypes.DoubleType, "support_count / baskets"),
      field("confidence", DataTypes.DoubleType, "support_count / antecedent_count: P(consequent | antecedent)"),
      field("lift", DataTypes.DoubleType, "confidence / (consequent_count / baskets): how many times more often "
          + "than if independent"),
      field("lift_ci_low", DataTypes.DoubleType, "Lower bound of the lift's interval (delta method on log lift, "
          + "insights.confidence)"),
      field("lift_ci_high", DataTypes.DoubleType, "Upper bound of the lift's interval"),
      field("p_value", DataTypes.DoubleType, "Fisher's exact test against positive association (one-sided)"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg q-value over every pattern mined in the run"),
      field("significant", DataTypes.BooleanType, "q_value at most insights.false-discovery-rate"),
      field("antecedent_count", DataTypes.LongType, "Baskets holding every item of the antecedent"),
      field("consequent_count", DataTypes.LongType, "Baskets holding the consequent"),
      field("baskets", DataTypes.LongType, "Baskets mined")});

  public static final StructType CONTEXT_LIFT = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, "Last day of the window of contexts measured; the partition"),
      field("context_type", DataTypes.StringType, "hurricane_warning, storm, heatwave, holiday, promotion, ..."),
      field("scope", DataTypes.StringType, "The scopes of the contexts of this type behind the row, e.g. "
          + "region:gulf, region:south"),
      field("item", DataTypes.StringType, "The SKU"),
      field("level", DataTypes.StringType, "item (category when a product master gives categories)"),
      field("stores", DataTypes.LongType, "Stores whose context days entered the row"),
      field("events", DataTypes.LongType, "Contexts of this type (scope and start date) behind the row"),
      field("days", DataTypes.LongType, "Distinct context days behind the row"),
      field("observed", DataTypes.LongType, "Units sold in the stores in scope on the context days (in-store "
          + "orders; returns excluded)"),
      field("expected", DataTypes.DoubleType, "Units the same stores sold of the item on a comparable day without "
          + "a context (same store, same weekday, insights.context-lift.baseline-weeks either side), summed over "
          + "the context days"),
      field("rate_ratio", DataTypes.DoubleType, "observed / expected"),
      field("ci_low", DataTypes.DoubleType, "Lower bound of the rate ratio's interval (log scale, delta method, "
          + "compound-Poisson variances: units are sums over baskets; widened by the dispersion when overdispersed)"),
      field("ci_high", DataTypes.DoubleType, "Upper bound of the rate ratio's interval"),
      field("p_value", DataTypes.DoubleType, "Two-sided test of a rate ratio of 1; null when expected is under "
          + "insights.context-lift.min-expected"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg q-value over every pattern mined in the run"),
      field("significant", DataTypes.BooleanType, "q_value at most insights.false-discovery-rate"),
      field("dispersion", DataTypes.DoubleType, "Pearson dispersion of the item's daily baskets on baseline days "
          + "when significantly above 1, else 1"),
      field("model", DataTypes.StringType, "poisson or quasi-poisson (overdispersed)")});

  public static TableDefinition contextLift(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "context_lift"), CONTEXT_LIFT,
        List.of("run_date"), "Items whose sales move in a context (hurricane warnings, holidays, ...): observed "
            + "against a matched baseline, rate ratio with interval, test and BH q-value");
  }

  public static final StructType JOURNEY_PATTERNS = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, "Last day of the journeys mined; the partition"),
      field("journey_kind", DataTypes.StringType, "case, order or session (insights.journey-patterns.kinds)"),
      field("pattern", DataTypes.createArrayType(DataTypes.StringType), "Event types in order, not necessarily "
          + "adjacent: [transfer, transfer] is in every journey with two or more transfers"),
      field("length", DataTypes.IntegerType, "Steps in the pattern"),
      field("outcome", DataTypes.StringType, "The bad outcome the pattern comes before: detractor (an NPS answer "
          + "0-6, CSAT 1-2 or CES 1-3 rating the journey, against journeys rated well: NPS 9-10, CSAT 4-5, CES 6-7) "
          + "or complaint (a complaint step, against journeys without one) or churn (no order of the customer "
          + "within insights.journey-patterns.churn-horizon after the journey, against an order within it)"),
      field("bad_count", DataTypes.LongType, "Journeys with the bad outcome whose steps before it hold the pattern"),
      field("bad_journeys", DataTypes.LongType, "Journeys of the kind with the bad outcome"),
      field("bad_support", DataTypes.DoubleType, "bad_count / bad_journeys"),
      field("good_count", DataTypes.LongType, "Journeys that ended well (rated well; without a complaint; "
          + "ordered again) that hold the pattern"),
      field("good_journeys", DataTypes.LongType, "Journeys of the kind that ended well"),
      field("good_support", DataTypes.DoubleType, "good_count / good_journeys"),
      field("bad_rate", DataTypes.DoubleType, "bad_count / (bad_count + good_count): P(bad outcome | pattern)"),
      field("lift", DataTypes.DoubleType, "bad_rate over the bad share of all the kind's journeys mined: how many "
          + "times more often than on average the pattern ends badly"),
      field("ci_low", DataTypes.DoubleType, "Lower bound of the lift's interval (delta method on log lift)"),
      field("ci_high", DataTypes.DoubleType, "Upper bound of the lift's interval"),
      field("p_value", DataTypes.DoubleType, "Fisher's exact test of over-representation (one-sided)"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg q-value over every pattern mined in the run"),
      field("significant", DataTypes.BooleanType, "q_value at most insights.false-discovery-rate")});

  public static TableDefinition journeyPatterns(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "journey_patterns"), JOURNEY_PATTERNS,
        List.of("run_date"), "Step sequences (PrefixSpan) over-represented in journeys that ended badly against "
            + "those that ended well: support in each group, lift with interval, Fisher's test and BH q-value");
  }

  public static final StructType DRIVERS = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, "Last day of the answers analysed; the partition"),
      field("metric", DataTypes.StringType, "nps (an answer counts 100 promoter, 0 passive, -100 detractor) or "
          + "csat (100 satisfied 4-5, else 0): the mean of the outcome is the score"),
      field("segment", DataTypes.StringType, "all, or the customer segment the answers come from"),
      field("cx_area", DataTypes.StringType, "all, or the CX area (scores.cx-areas) of the touchpoint the answers "
          + "rate; a row splits by segment or by area, never both"),
      field("journey_kind", DataTypes.StringType, "case or order for a journey fact; the touchpoint of the "
          + "rating (case, online, store) for an attribute"),
      field("driver", DataTypes.StringType, "A journey fact (transferred, further_transfers, repeat_contacts, "
          + "channel_switches, days_to_resolve, unresolved, late, days_late, returned, order_contacts) or an "
          + "attribute rating (wait_time, friendliness, ...)"),
      field("driver_type", DataTypes.StringType, "journey_fact (a multiple regression of the metric on the kind's "
          + "facts, heteroskedasticity-robust HC1 errors) or attribute (Pearson correlation with the metric, "
          + "Fisher z interval)"),
      field("direction", DataTypes.StringType, "raises or lowers the metric"),
      field("estimate", DataTypes.DoubleType, "journey_fact: metric points per unit of the driver, the others held "
          + "equal; attribute: metric points per rating point (slope of the simple regression)"),
      field("ci_low", DataTypes.DoubleType, "Lower bound of the estimate's interval"),
      field("ci_high", DataTypes.DoubleType, "Upper bound of the estimate's interval"),
      field("strength", DataTypes.DoubleType, "Standardised: metric standard deviations per standard deviation of "
          + "the driver (for an attribute, the correlation); comparable across drivers"),
      field("strength_ci_low", DataTypes.DoubleType, "Lower bound of the strength's interval"),
      field("strength_ci_high", DataTypes.DoubleType, "Upper bound of the strength's interval"),
      field("p_value", DataTypes.DoubleType, "Two-sided test of no effect"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg q-value over every pattern mined in the run"),
      field("significant", DataTypes.BooleanType, "q_value at most insights.false-discovery-rate"),
      field("n", DataTypes.LongType, "Answers behind the estimate"),
      field("unit", DataTypes.StringType, "What one unit of the driver is")});

  public static TableDefinition drivers(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "drivers"), DRIVERS, List.of("run_date"),
        "What moves NPS and CSAT: journey facts and attribute ratings against the survey outcome, with direction, "
            + "strength and interval, BH significance and n, overall, per segment and per CX area");
  }

  public static final StructType INSIGHTS = new StructType(new StructField[] {
      field("insight_id", DataTypes.StringType, "Stable id: the same finding (kind and what it is about) has the "
          + "same id on every run; the merge key"),
      field("kind", DataTypes.StringType, "basket_rule, context_lift, ..."),
      field("scope", DataTypes.StringType, "Where the finding holds: baskets of a kind, or the stores in scope"),
      field("sentence", DataTypes.StringType, "The finding as a plain sentence with its numbers"),
      field("effect", DataTypes.DoubleType, "The effect: a lift or a rate ratio (1 = no effect)"),
      field("ci_low", DataTypes.DoubleType, "Lower bound of the effect's interval (insights.confidence)"),
      field("ci_high", DataTypes.DoubleType, "Upper bound of the effect's interval"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg q-value over every pattern mined in its run"),
      field("n", DataTypes.LongType, "Observations behind the effect: baskets with the rule's items, units sold"),
      field("evidence", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType),
          "The figures behind the sentence, by name"),
      field("first_seen", DataTypes.DateType, "Run date of the first run that found it"),
      field("last_seen", DataTypes.DateType, "Run date of the latest run that found it"),
      field("status", DataTypes.StringType, "active, or retired: a later run of its kind no longer found it"),
      field("retired_on", DataTypes.DateType, "Run date that retired it; null while active"),
      field("rank", DataTypes.IntegerType, "Rank among the findings of its last run, 1 = strongest by the interval "
          + "bound nearest to no effect, so that a large but uncertain effect does not outrank a solid one")});

  public static TableDefinition insights(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "insights"), INSIGHTS, List.of(),
        "Every significant finding of every miner as a sentence with its numbers; merged on insight_id, never "
            + "deleted: retired when no longer found");
  }

  public static TableDefinition basketRules(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "basket_rules"), BASKET_RULES,
        List.of("run_date"), "Association rules over baskets (FP-growth; arules' apriori terms): support, "
            + "confidence, lift with its interval, Fisher's exact test and BH q-value");
  }

  private static StructField field(String name, DataType type, String comment) {
    return TableDefinition.column(name, type, comment);
  }
}
