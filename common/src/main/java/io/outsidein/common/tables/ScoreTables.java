package io.outsidein.common.tables;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  /** The columns of {@code gold.unit_engagement}. */
  public static final StructType UNIT_ENGAGEMENT = new StructType(unitEngagementFields());

  private static StructField[] unitEngagementFields() {
    List<StructField> fields = new ArrayList<>(List.of(
        field("month", DataTypes.DateType, "First day of the month; the partition"),
        field("unit_id", DataTypes.StringType, "Store or team (a team's unit_id is its department)"),
        field("responses", DataTypes.LongType, "Pulse answers of the unit that month (no employee identity is kept)"),
        field("engagement", DataTypes.DoubleType,
            "Mean over answers of the mean of q01..q12 (1-5); null under scores.engagement.min-responses"),
        field("engagement_ci_low", DataTypes.DoubleType, "t interval, lower end"),
        field("engagement_ci_high", DataTypes.DoubleType, "t interval, upper end")));
    for (int q = 1; q <= 12; q++) {
      String item = String.format(Locale.ROOT, "q%02d", q);
      fields.add(field(item, DataTypes.DoubleType, "Mean of " + item + " (1-5); null when suppressed"));
    }
    fields.addAll(List.of(
        field("engagement_suppressed", DataTypes.BooleanType, "responses < scores.engagement.min-responses"),
        field("nps_n", DataTypes.LongType,
            "Customer NPS answers that month about the unit (a case it last handled, an order at the store)"),
        field("nps", DataTypes.DoubleType, "Their NPS, points; null under scores.engagement.min-answers"),
        field("nps_ci_low", DataTypes.DoubleType, "Adjusted-Wald interval, lower end"),
        field("nps_ci_high", DataTypes.DoubleType, "Adjusted-Wald interval, upper end"),
        field("csat_n", DataTypes.LongType, "Customer CSAT answers that month about the unit"),
        field("csat", DataTypes.DoubleType, "% of them 4-5; null under scores.engagement.min-answers"),
        field("csat_ci_low", DataTypes.DoubleType, "Wilson interval, lower end"),
        field("csat_ci_high", DataTypes.DoubleType, "Wilson interval, upper end"),
        field("customer_suppressed", DataTypes.BooleanType, "nps_n < scores.engagement.min-answers")));
    return fields.toArray(StructField[]::new);
  }

  /** The columns of {@code gold.unit_engagement_links}. */
  public static final StructType UNIT_ENGAGEMENT_LINKS = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, "Last date of the run that estimated the link; the partition"),
      field("direction", DataTypes.StringType, "engagement_to_nps (engagement in month m, NPS in m+1) | "
          + "nps_to_engagement (NPS in m, engagement in m+1)"),
      field("estimate", DataTypes.DoubleType, "Within-unit slope: change of the later figure per unit of the earlier "
          + "(see measure); stable differences between units are taken out (unit fixed effects)"),
      field("ci_low", DataTypes.DoubleType, "Interval, lower end (standard errors clustered by unit, t with units - 1 df)"),
      field("ci_high", DataTypes.DoubleType, "Interval, upper end"),
      field("p_value", DataTypes.DoubleType, "Two-sided p-value of no link"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg adjusted over the links of the run"),
      field("significant", DataTypes.BooleanType, "q_value <= scores.false-discovery-rate"),
      field("units", DataTypes.LongType, "Units behind the estimate (with two or more month pairs)"),
      field("months", DataTypes.LongType, "Distinct earlier months behind it"),
      field("observations", DataTypes.LongType, "Unit-month pairs behind it"),
      field("measure", DataTypes.StringType, "What the estimate counts, e.g. NPS points per engagement point"),
  });

  /** The columns of {@code gold.account_engagement}. */
  public static final StructType ACCOUNT_ENGAGEMENT = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, "Last date of the window; the partition"),
      field("account_id", DataTypes.StringType, "B2B account"),
      field("window_start", DataTypes.DateType, "First date counted (scores.accounts.window before run_date)"),
      field("contacts", DataTypes.LongType, "Customers of the account"),
      field("active_contacts", DataTypes.LongType, "Of those, with any interaction in the window (renewals aside)"),
      field("departments", DataTypes.LongType, "Distinct departments their interactions reached"),
      field("channels", DataTypes.LongType, "Distinct channels they used"),
      field("interactions", DataTypes.LongType, "Their interactions in the window (renewals aside)"),
      field("interactions_per_contact", DataTypes.DoubleType, "Depth: interactions / active_contacts"),
      field("renewed", DataTypes.BooleanType, "A renewal event (scores.accounts.renewal-*) in the window"),
  });

  /** The columns of {@code gold.account_engagement_links}. */
  public static final StructType ACCOUNT_ENGAGEMENT_LINKS = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, "Last date of the window; the partition"),
      field("predictor", DataTypes.StringType, "contacts (active contacts) | departments"),
      field("estimate", DataTypes.DoubleType, "Percentage points of renewal rate per extra active contact or "
          + "department, the other held fixed (linear probability model)"),
      field("ci_low", DataTypes.DoubleType, "Interval, lower end (heteroskedasticity-robust HC1 errors)"),
      field("ci_high", DataTypes.DoubleType, "Interval, upper end"),
      field("p_value", DataTypes.DoubleType, "Two-sided p-value of no link"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg adjusted over the links of the run"),
      field("significant", DataTypes.BooleanType, "q_value <= scores.false-discovery-rate"),
      field("accounts", DataTypes.LongType, "Accounts behind the estimate"),
      field("measure", DataTypes.StringType, "What the estimate counts"),
  });

  public static TableDefinition unitEngagement(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "unit_engagement"), UNIT_ENGAGEMENT,
        List.of("month"), "Per unit (store or team) and month: the staff engagement pulse beside the unit's "
            + "customer NPS and CSAT, small groups suppressed");
  }

  public static TableDefinition unitEngagementLinks(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "unit_engagement_links"),
        UNIT_ENGAGEMENT_LINKS, List.of("run_date"), "Does engagement move next month's NPS, and NPS next "
            + "month's engagement? Within-unit slopes with clustered intervals, per run");
  }

  public static TableDefinition accountEngagement(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "account_engagement"), ACCOUNT_ENGAGEMENT,
        List.of("run_date"), "Per B2B account: breadth (contacts, departments, channels) and depth of engagement "
            + "over a window, and whether it renewed");
  }

  public static TableDefinition accountEngagementLinks(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "account_engagement_links"),
        ACCOUNT_ENGAGEMENT_LINKS, List.of("run_date"), "Renewal against breadth across accounts: percentage "
            + "points per extra active contact and per extra department, with robust intervals, per run");
  }

  public static TableDefinition scorecard(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "cx_scorecard_daily"), CX_SCORECARD_DAILY,
        List.of("score_date"), "NPS, CSAT and CES per date, window (1, 7, 28 days) and dimension value, each with "
            + "its n, a 95 % interval and its change against the previous window, false discovery controlled");
  }

  private static StructField field(String name, DataType type, String comment) {
    return TableDefinition.column(name, type, comment);
  }
}
