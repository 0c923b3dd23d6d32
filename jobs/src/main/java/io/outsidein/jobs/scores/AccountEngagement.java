package io.outsidein.jobs.scores;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.stats.Coefficient;
import io.outsidein.common.stats.Intervals;
import io.outsidein.common.stats.LeastSquares;
import io.outsidein.common.tables.ScoreTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * B2B accounts: how broadly each engaged over the window (active contacts, departments, channels) and how deeply
 * (interactions per active contact), whether it renewed, and across accounts what breadth does to renewal: a
 * linear probability model of renewal on active contacts and departments with robust (HC1) errors, so that the
 * estimates read as percentage points of renewal rate per extra contact or department.
 */
final class AccountEngagement {
  static final String CONTACTS = "contacts";
  static final String DEPARTMENTS = "departments";

  private final ScoreSettings settings;

  AccountEngagement(ScoreSettings settings) {
    this.settings = settings;
  }

  /** The first date of the window ending at {@code runDate}. */
  LocalDate windowStart(LocalDate runDate) {
    return runDate.minusDays(settings.accountWindow().toDays() - 1);
  }

  /**
   * One row per account with at least one contact, in the columns of {@link ScoreTables#ACCOUNT_ENGAGEMENT}.
   *
   * @param customers silver customers (account_id names the account of a contact)
   * @param interactions silver interactions of the window
   */
  Dataset<Row> accounts(Dataset<Row> customers, Dataset<Row> interactions, LocalDate runDate) {
    Dataset<Row> contacts = customers.where(col("account_id").isNotNull())
        .groupBy(col("customer_id").as("_contact")).agg(max(col("account_id")).as("account_id"));
    ScoreSettings.RenewalEvent renewal = settings.renewal();
    Column isRenewal = col("event_type").equalTo(renewal.eventType())
        .and(coalesce(element_at(col("properties"), renewal.property()).equalTo(renewal.value()), lit(false)));
    Dataset<Row> activity = interactions.join(contacts, col("customer_id").equalTo(col("_contact")))
        .withColumn("_renewal", isRenewal)
        .groupBy(col("account_id").as("_account"))
        .agg(countDistinct(when(col("_renewal").equalTo(false), col("customer_id"))).as("active_contacts"),
            countDistinct(when(col("_renewal").equalTo(false), col("department"))).as("departments"),
            countDistinct(when(col("_renewal").equalTo(false), col("channel"))).as("channels"),
            count_if(col("_renewal").equalTo(false)).as("interactions"),
            count_if(col("_renewal")).as("_renewals"));
    Dataset<Row> perAccount = contacts.groupBy(col("account_id")).agg(count(lit(1)).as("contacts"))
        .join(activity, col("account_id").equalTo(col("_account")), "left");
    Column active = coalesce(col("active_contacts"), lit(0L));
    return perAccount.select(
        lit(java.sql.Date.valueOf(runDate)).as("run_date"), col("account_id"),
        lit(java.sql.Date.valueOf(windowStart(runDate))).as("window_start"), col("contacts"),
        active.as("active_contacts"), coalesce(col("departments"), lit(0L)).as("departments"),
        coalesce(col("channels"), lit(0L)).as("channels"), coalesce(col("interactions"), lit(0L)).as("interactions"),
        when(active.gt(0), col("interactions").cast("double").divide(active)).as("interactions_per_contact"),
        coalesce(col("_renewals"), lit(0L)).gt(0).as("renewed"));
  }

  /**
   * The query of the {@code renewal_by_breadth} view: per run date and number of active contacts (6 = six or
   * more), the accounts, how many renewed and the renewal rate with its Wilson interval (null under scores.accounts.min-accounts).
   */
  String renewalByBreadthQuery(String accountsTable) {
    Intervals intervals = new Intervals(settings.confidence(), settings.minAccounts());
    Column n = col("accounts");
    Column renewed = col("renewed");
    return "SELECT run_date, active_contacts, accounts, renewed, "
        + intervals.rate(renewed, n).expr().sql() + " AS renewal_rate, "
        + intervals.wilsonLower(renewed, n).expr().sql() + " AS renewal_low, "
        + intervals.wilsonUpper(renewed, n).expr().sql() + " AS renewal_high "
        + "FROM (SELECT run_date, least(active_contacts, 6) AS active_contacts, count(1) AS accounts, "
        + "count_if(renewed) AS renewed FROM " + accountsTable + " GROUP BY 1, 2)";
  }

  /** The two links, as rows of {@link ScoreTables#ACCOUNT_ENGAGEMENT_LINKS} before the q-values. */
  List<Row> links(Dataset<Row> accounts, LocalDate runDate) {
    Dataset<Row> model = accounts.withColumn("_renewed", when(col("renewed"), 1.0).otherwise(0.0));
    Optional<LeastSquares.Fit> fit = new LeastSquares(settings.confidence())
        .fit(model, "_renewed", List.of("active_contacts", "departments"), true, Optional.empty());
    List<Row> rows = new ArrayList<>();
    rows.add(row(runDate, CONTACTS, fit.map(f -> f.coefficient("active_contacts").scaled(100)), fit,
        "percentage points of renewal rate per extra active contact, departments held fixed"));
    rows.add(row(runDate, DEPARTMENTS, fit.map(f -> f.coefficient("departments").scaled(100)), fit,
        "percentage points of renewal rate per extra department, active contacts held fixed"));
    return rows;
  }

  private static Row row(LocalDate runDate, String predictor, Optional<Coefficient> c,
      Optional<LeastSquares.Fit> fit, String measure) {
    return RowFactory.create(java.sql.Date.valueOf(runDate), predictor, c.map(Coefficient::estimate).orElse(null),
        c.map(Coefficient::low).orElse(null), c.map(Coefficient::high).orElse(null),
        c.map(Coefficient::pValue).filter(p -> !p.isNaN()).orElse(null), null, false,
        fit.map(LeastSquares.Fit::observations).orElse(0L), measure);
  }
}
