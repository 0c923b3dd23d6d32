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

  public static TableDefinition basketRules(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "basket_rules"), BASKET_RULES,
        List.of("run_date"), "Association rules over baskets (FP-growth; arules' apriori terms): support, "
            + "confidence, lift with its interval, Fisher's exact test and BH q-value");
  }

  private static StructField field(String name, DataType type, String comment) {
    return TableDefinition.column(name, type, comment);
  }
}
