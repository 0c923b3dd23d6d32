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
 * The small tables dashboards read ({@code gold.dash_*}, written by the publish stage): stable schemas, one
 * partition per run date, every rate with its n and interval and a {@code suppressed} flag where a group is too
 * small to show. A BI tool or the static dashboard reads one partition of each and needs no join.
 */
public final class DashTables {
  private static final String RUN_DATE_COMMENT = "The run date the row was published for; the partition";

  private DashTables() {}

  public static final StructType SCORECARD = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, RUN_DATE_COMMENT),
      field("score_date", DataTypes.DateType, "Last day of the window scored"),
      field("metric", DataTypes.StringType, "nps (points), csat (% satisfied) or ces (mean effort, 1-7)"),
      field("dimension", DataTypes.StringType, "all, cx_area or channel"),
      field("dimension_value", DataTypes.StringType, "The area or channel (all for dimension all)"),
      field("window_days", DataTypes.IntegerType, "Days in the window ending at score_date (publish.window)"),
      field("n", DataTypes.LongType, "Answers in the window"),
      field("score", DataTypes.DoubleType, "The score; null when suppressed"),
      field("ci_low", DataTypes.DoubleType, "Lower end of the score's interval"),
      field("ci_high", DataTypes.DoubleType, "Upper end of the score's interval"),
      field("change", DataTypes.DoubleType, "Against the window before"),
      field("change_ci_low", DataTypes.DoubleType, "Lower end of the change's interval"),
      field("change_ci_high", DataTypes.DoubleType, "Upper end of the change's interval"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg q-value of the change"),
      field("significant", DataTypes.BooleanType, "The change is beyond chance (q at most the false discovery rate)"),
      field("suppressed", DataTypes.BooleanType, "Fewer answers than scores.min-n: score and interval not shown")});

  public static final StructType OWNERSHIP = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, RUN_DATE_COMMENT),
      field("window_start", DataTypes.DateType, "First day of the cases counted (publish.window before run_date)"),
      field("department", DataTypes.StringType, "The department that touched the cases"),
      field("cases_touched", DataTypes.LongType, "Cases the department handled at least once"),
      field("transfers_out", DataTypes.LongType, "Hand-overs from the department to another"),
      field("ping_pongs", DataTypes.LongType, "Cases that came back to the department after leaving it"),
      field("fcr_cases", DataTypes.LongType, "Cases resolved at first contact"),
      field("fcr_rate", DataTypes.DoubleType, "fcr_cases / cases_touched; null when suppressed"),
      field("fcr_low", DataTypes.DoubleType, "Wilson interval, lower end"),
      field("fcr_high", DataTypes.DoubleType, "Wilson interval, upper end"),
      field("nps_n", DataTypes.LongType, "NPS answers about the cases"),
      field("nps", DataTypes.DoubleType, "NPS of the cases, points; null when suppressed"),
      field("nps_low", DataTypes.DoubleType, "Adjusted-Wald interval, lower end"),
      field("nps_high", DataTypes.DoubleType, "Adjusted-Wald interval, upper end"),
      field("suppressed", DataTypes.BooleanType, "Fewer NPS answers than journeys.min-n")});

  public static final StructType TRANSFERS = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, RUN_DATE_COMMENT),
      field("transfers", DataTypes.IntegerType, "Transfers in the case (3 = three or more)"),
      field("cases", DataTypes.LongType, "Cases with that many transfers, every date in gold.journeys"),
      field("nps_n", DataTypes.LongType, "NPS answers about them"),
      field("detractor_share", DataTypes.DoubleType, "Share of answers 0-6; null when suppressed"),
      field("detractor_low", DataTypes.DoubleType, "Wilson interval, lower end"),
      field("detractor_high", DataTypes.DoubleType, "Wilson interval, upper end"),
      field("suppressed", DataTypes.BooleanType, "Fewer NPS answers than journeys.min-n")});

  public static final StructType CUSTOMERS = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, RUN_DATE_COMMENT),
      field("question", DataTypes.StringType, "most_valuable (top publish.top-share by net value), costly, "
          + "advocate, prospect_lookalike (prospects scoring above an average buyer) or churn_risk (above 0.5)"),
      field("segment", DataTypes.StringType, "The customer segment, or all"),
      field("customers", DataTypes.LongType, "Customers of the segment the question is asked of (prospects for "
          + "prospect_lookalike, customers with an order for the others)"),
      field("count", DataTypes.LongType, "Customers answering yes"),
      field("share", DataTypes.DoubleType, "count / customers; null when suppressed"),
      field("ci_low", DataTypes.DoubleType, "Wilson interval, lower end"),
      field("ci_high", DataTypes.DoubleType, "Wilson interval, upper end"),
      field("net_value", DataTypes.DoubleType, "Sum of net_value of the customers answering yes"),
      field("suppressed", DataTypes.BooleanType, "Fewer customers than publish.min-n")});

  public static final StructType CONTEXT_LIFT = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, RUN_DATE_COMMENT),
      field("context_type", DataTypes.StringType, "hurricane_warning, holiday, promotion, ..."),
      field("rank", DataTypes.IntegerType, "1 = the strongest rise of the context type by its interval's lower end"),
      field("item", DataTypes.StringType, "The SKU (or category)"),
      field("scope", DataTypes.StringType, "The stores in scope"),
      field("observed", DataTypes.LongType, "Units sold on the context days"),
      field("expected", DataTypes.DoubleType, "Units on comparable days without the context"),
      field("rate_ratio", DataTypes.DoubleType, "observed / expected"),
      field("ci_low", DataTypes.DoubleType, "Lower end of the rate ratio's interval"),
      field("ci_high", DataTypes.DoubleType, "Upper end of the rate ratio's interval"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg q-value over the insights run")});

  public static final StructType ENGAGEMENT = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, RUN_DATE_COMMENT),
      field("month", DataTypes.DateType, "The month of the staff engagement survey (first day)"),
      field("unit_id", DataTypes.StringType, "Store or team"),
      field("responses", DataTypes.LongType, "Staff answers"),
      field("engagement", DataTypes.DoubleType, "Mean engagement, 1-5"),
      field("engagement_ci_low", DataTypes.DoubleType, "Interval, lower end"),
      field("engagement_ci_high", DataTypes.DoubleType, "Interval, upper end"),
      field("next_nps_n", DataTypes.LongType, "Customer NPS answers about the unit the month after"),
      field("next_nps", DataTypes.DoubleType, "The unit's customer NPS the month after, points"),
      field("next_nps_ci_low", DataTypes.DoubleType, "Adjusted-Wald interval, lower end"),
      field("next_nps_ci_high", DataTypes.DoubleType, "Adjusted-Wald interval, upper end"),
      field("suppressed", DataTypes.BooleanType, "Too few staff or customer answers to show the pair")});

  public static final StructType LINKS = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, RUN_DATE_COMMENT),
      field("link", DataTypes.StringType, "engagement_to_nps, nps_to_engagement (units, a month apart), "
          + "contacts or departments (B2B accounts against renewal)"),
      field("estimate", DataTypes.DoubleType, "The effect, in the unit measure names"),
      field("ci_low", DataTypes.DoubleType, "Interval, lower end"),
      field("ci_high", DataTypes.DoubleType, "Interval, upper end"),
      field("p_value", DataTypes.DoubleType, "Test of no link"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg q-value"),
      field("significant", DataTypes.BooleanType, "q at most the false discovery rate"),
      field("n", DataTypes.LongType, "Unit-month pairs or accounts behind it"),
      field("measure", DataTypes.StringType, "What the estimate counts")});

  public static final StructType RENEWAL = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, RUN_DATE_COMMENT),
      field("active_contacts", DataTypes.IntegerType, "Active contacts of the account (6 = six or more)"),
      field("accounts", DataTypes.LongType, "B2B accounts"),
      field("renewed", DataTypes.LongType, "Accounts that renewed"),
      field("renewal_rate", DataTypes.DoubleType, "renewed / accounts; null when suppressed"),
      field("renewal_low", DataTypes.DoubleType, "Wilson interval, lower end"),
      field("renewal_high", DataTypes.DoubleType, "Wilson interval, upper end"),
      field("suppressed", DataTypes.BooleanType, "Fewer accounts than scores.accounts.min-accounts")});

  public static final StructType INSIGHTS = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, RUN_DATE_COMMENT),
      field("rank", DataTypes.IntegerType, "1 = first shown: the strongest of each kind (gold.insights.rank "
          + "ranks within a kind) first, then by q-value"),
      field("insight_id", DataTypes.StringType, "Stable id of the finding in gold.insights"),
      field("kind", DataTypes.StringType, "basket_rule, context_lift, journey_pattern, driver, ..."),
      field("sentence", DataTypes.StringType, "The finding in words with its numbers"),
      field("effect", DataTypes.DoubleType, "The effect"),
      field("ci_low", DataTypes.DoubleType, "Interval, lower end"),
      field("ci_high", DataTypes.DoubleType, "Interval, upper end"),
      field("q_value", DataTypes.DoubleType, "Benjamini-Hochberg q-value"),
      field("n", DataTypes.LongType, "Observations behind the effect"),
      field("first_seen", DataTypes.DateType, "First run that found it"),
      field("new_this_week", DataTypes.BooleanType, "First seen within the 7 days ending at run_date")});

  public static final StructType FRESHNESS = new StructType(new StructField[] {
      field("run_date", DataTypes.DateType, RUN_DATE_COMMENT),
      field("table_name", DataTypes.StringType, "A table the dashboard is made from"),
      field("latest_date", DataTypes.DateType, "Its latest date with data (partition date), null when empty"),
      field("published_at", DataTypes.TimestampType, "When the publish stage wrote this row (UTC)")});

  /** Every dash table, in the order the dashboard shows them. */
  public static List<TableDefinition> all(CatalogSettings catalog) {
    return List.of(
        table(catalog, "dash_scorecard", SCORECARD, "CX scorecard by CX area and channel over time, with intervals"),
        table(catalog, "dash_ownership", OWNERSHIP, "Per department over the window: cases, transfers, ping-pong, "
            + "FCR and NPS with intervals"),
        table(catalog, "dash_transfers", TRANSFERS, "Detractor share of cases by number of transfers"),
        table(catalog, "dash_customers", CUSTOMERS, "The five questions about customers, per segment, with "
            + "intervals"),
        table(catalog, "dash_context_lift", CONTEXT_LIFT, "The Pop-Tarts table: items that sell more in a context"),
        table(catalog, "dash_engagement", ENGAGEMENT, "Staff engagement per unit and month against the unit's "
            + "customer NPS the month after"),
        table(catalog, "dash_links", LINKS, "Engagement against next-month NPS and account breadth against "
            + "renewal, estimated with intervals"),
        table(catalog, "dash_renewal", RENEWAL, "Renewal rate of B2B accounts by active contacts"),
        table(catalog, "dash_insights", INSIGHTS, "The top findings of the run as sentences"),
        table(catalog, "dash_freshness", FRESHNESS, "How fresh the data behind the dashboard is"));
  }

  /** The dash table called {@code name}, e.g. {@code dash_scorecard}. */
  public static TableDefinition named(CatalogSettings catalog, String name) {
    return all(catalog).stream().filter(t -> t.name().table().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No dash table " + name));
  }

  private static TableDefinition table(CatalogSettings catalog, String name, StructType schema, String comment) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), name), schema, List.of("run_date"), comment);
  }

  private static StructField field(String name, DataType type, String comment) {
    return TableDefinition.column(name, type, comment);
  }
}
