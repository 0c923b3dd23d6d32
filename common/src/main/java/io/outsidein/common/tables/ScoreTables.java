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
 * The gold tables the scores stage writes and dashboards, notebooks and later stages read: their columns, types,
 * partitioning and comments (the analysts' contract).
 */
public final class ScoreTables {
  private ScoreTables() {}

  /** The columns of {@code gold.cx_scorecard_daily}, in order, with their catalog comments. */
  public static final StructType CX_SCORECARD_DAILY = new StructType(new StructField[] {
      field("score_date", DataTypes.DateType, "Last UTC date of the window the cell covers; the partition"),
      field("window_days", DataTypes.IntegerType, "Days the cell covers, ending at score_date: 1, 7 or 28"),
      field("dimension", DataTypes.StringType,
          "all | channel | touchpoint | department | store | region | segment | cx_area"),
      field("dimension_value", DataTypes.StringType,
          "The value, e.g. call_center; touchpoint is channel:event_type; all is 'all'"),
      field("metric", DataTypes.StringType, "nps (points, -100..100, nps and relationship answers 0-10) | csat "
          + "(% of CSAT answers 4-5) | csat_mean (1-5) | ces (mean, 1-7) | ces_share (% of CES answers 5-7)"),
      field("n", DataTypes.LongType, "Answers of the metric's survey type in the window"),
      field("score", DataTypes.DoubleType, "The metric over the window; null when suppressed"),
      field("ci_low", DataTypes.DoubleType, "Interval, lower end (Wilson; adjusted Wald for nps; t for means)"),
      field("ci_high", DataTypes.DoubleType, "Interval, upper end"),
      field("previous_n", DataTypes.LongType, "Answers in the previous window of the same length"),
      field("previous_score", DataTypes.DoubleType, "The metric over the previous window; null under min-n"),
      field("change", DataTypes.DoubleType,
          "score - previous_score (points for nps, percentage points for shares); null unless both windows have min-n"),
      field("change_ci_low", DataTypes.DoubleType,
          "Interval of the change, lower end (adjusted Wald for nps, Newcombe for shares, Welch for means)"),
      field("change_ci_high", DataTypes.DoubleType, "Interval of the change, upper end"),
      field("p_value", DataTypes.DoubleType, "Two-sided p-value of no change"),
      field("q_value", DataTypes.DoubleType,
          "Benjamini-Hochberg adjusted p-value over every cell of the score date with a p-value"),
      field("significant", DataTypes.BooleanType, "q_value <= scores.false-discovery-rate"),
      field("suppressed", DataTypes.BooleanType, "n < scores.min-n: score and interval withheld, never the row"),
  });

  public static TableDefinition scorecard(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "cx_scorecard_daily"), CX_SCORECARD_DAILY,
        List.of("score_date"), "NPS, CSAT and CES per date, window (1, 7, 28 days) and dimension value, each with "
            + "its n, a 95 % interval and its change against the previous window, false discovery controlled");
  }

  private static StructField field(String name, DataType type, String comment) {
    return TableDefinition.column(name, type, comment);
  }
}
