package io.outsidein.jobs.publish;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.schema.SurveyScale;
import io.outsidein.common.stats.Intervals;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The rows of the dash tables, from the gold tables as of one run date: pure functions of Datasets, the dates
 * and the settings; the publish stage reads and writes. Every rate keeps its n and gets its interval here or
 * already has it from its own stage; a group under publish.min-n keeps its n and shows no rate.
 */
final class DashRows {
  /** The scorecard's metrics a dashboard shows (of nps, csat, csat_mean, ces, ces_share). */
  static final List<String> METRICS = List.of("nps", "csat", "ces");
  static final List<String> DIMENSIONS = List.of("all", "cx_area", "channel");
  private static final int MAX_TRANSFERS = 3;
  private static final int MAX_CONTACTS = 6;

  private final PublishSettings settings;
  private final Intervals intervals;

  DashRows(PublishSettings settings) {
    this.settings = settings;
    this.intervals = new Intervals(settings.confidence(), settings.minN());
  }

  /** The first day of the window of {@code days} ending at {@code last}. */
  static LocalDate windowStart(LocalDate last, int days) {
    return last.minusDays(days - 1L);
  }

  /** The scorecard's cells of the publish window over the trend, for the dashboard's metrics and dimensions. */
  Dataset<Row> scorecard(Dataset<Row> scorecard, LocalDate last) {
    return scorecard
        .where(col("window_days").equalTo(settings.windowDays())
            .and(col("score_date").between(date(windowStart(last, settings.trendDays())), date(last)))
            .and(col("metric").isin(METRICS.toArray())).and(col("dimension").isin(DIMENSIONS.toArray())))
        .select(col("score_date"), col("metric"), col("dimension"), col("dimension_value"), col("window_days"),
            col("n"), col("score"), col("ci_low"), col("ci_high"), col("change"), col("change_ci_low"),
            col("change_ci_high"), col("q_value"), col("significant"), col("suppressed"));
  }

  /** Per department over the window: the daily counts summed, the rates and intervals computed again. */
  Dataset<Row> ownership(Dataset<Row> ownership, LocalDate last) {
    LocalDate from = windowStart(last, settings.windowDays());
    Dataset<Row> sums = ownership.where(col("ownership_date").between(date(from), date(last)))
        .groupBy(col("department")).agg(
            sum("cases_touched").as("cases_touched"), sum("transfers_out").as("transfers_out"),
            sum("ping_pongs").as("ping_pongs"), sum("fcr_cases").as("fcr_cases"), sum("nps_n").as("nps_n"),
            sum("nps_promoters").as("_promoters"), sum("nps_detractors").as("_detractors"));
    Column n = col("nps_n");
    Column cases = col("cases_touched");
    return sums.select(lit(date(from)).as("window_start"), col("department"), cases, col("transfers_out"),
        col("ping_pongs"), col("fcr_cases"),
        intervals.rate(col("fcr_cases"), cases).as("fcr_rate"),
        intervals.wilsonLower(col("fcr_cases"), cases).as("fcr_low"),
        intervals.wilsonUpper(col("fcr_cases"), cases).as("fcr_high"), n,
        intervals.nps(col("_promoters"), col("_detractors"), n).as("nps"),
        intervals.npsLower(col("_promoters"), col("_detractors"), n).as("nps_low"),
        intervals.npsUpper(col("_promoters"), col("_detractors"), n).as("nps_high"),
        intervals.suppressed(n).as("suppressed"));
  }

  /** Cases of the window by number of transfers (3 = three or more): the detractor share of their NPS answers. */
  Dataset<Row> transfers(Dataset<Row> journeys, LocalDate last) {
    Column type = col("survey_type");
    Column score = col("survey_score");
    Dataset<Row> counts = journeys.where(col("kind").equalTo("case").and(col("journey_date")
            .between(date(windowStart(last, settings.windowDays())), date(last))))
        .groupBy(least(coalesce(col("transfers"), lit(0)), lit(MAX_TRANSFERS)).cast("int").as("transfers"))
        .agg(count(lit(1)).as("cases"),
            sum(when(SurveyScale.NPS.answered(type, score), 1L).otherwise(0L)).as("nps_n"),
            sum(when(SurveyScale.isDetractor(type, score), 1L).otherwise(0L)).as("_detractors"));
    Column n = col("nps_n");
    return counts.select(col("transfers"), col("cases"), n,
        intervals.rate(col("_detractors"), n).as("detractor_share"),
        intervals.wilsonLower(col("_detractors"), n).as("detractor_low"),
        intervals.wilsonUpper(col("_detractors"), n).as("detractor_high"), intervals.suppressed(n).as("suppressed"));
  }

  /**
   * The five questions about customers per segment and over all: who is most valuable (the top share of buyers
   * by net value, its threshold given), who costs more than they are worth, who advocates, which prospects look
   * like the best customers, who is likely to leave. One pass: each customer becomes one row per question it is
   * asked of and per group (its segment and all).
   */
  Dataset<Row> customers(Dataset<Row> scores, double topValueThreshold) {
    Column buyer = coalesce(col("orders"), lit(0L)).gt(0);
    Column prospect = coalesce(col("prospect"), lit(false));
    Dataset<Row> answers = scores.select(
        explode(array(lit("all"), coalesce(col("segment"), lit("unknown")))).as("segment"), col("net_value"),
        explode(array(
            question("most_valuable", buyer, col("net_value").geq(topValueThreshold)),
            question("costly", buyer, coalesce(col("costly"), lit(false))),
            question("advocate", buyer, coalesce(col("advocate"), lit(false))),
            question("prospect_lookalike", prospect, coalesce(col("lookalike_score"), lit(0.0)).gt(0.5)),
            question("churn_risk", buyer, coalesce(col("churn_risk"), lit(0.0)).gt(0.5)))).as("_q"))
        .where(col("_q.asked"));
    Dataset<Row> counts = answers.groupBy(col("_q.question").as("question"), col("segment")).agg(
        count(lit(1)).as("customers"), sum(when(col("_q.yes"), 1L).otherwise(0L)).as("count"),
        sum(when(col("_q.yes"), col("net_value"))).as("net_value"));
    Column n = col("customers");
    return counts.select(col("question"), col("segment"), n, col("count"),
        intervals.rate(col("count"), n).as("share"), intervals.wilsonLower(col("count"), n).as("ci_low"),
        intervals.wilsonUpper(col("count"), n).as("ci_high"), col("net_value"),
        intervals.suppressed(n).as("suppressed"));
  }

  private static Column question(String name, Column asked, Column yes) {
    return struct(lit(name).as("question"), asked.as("asked"), yes.as("yes"));
  }

  /** The significant rises of one insights run, the top items of each context type by their interval's lower end. */
  Dataset<Row> contextLift(Dataset<Row> lift) {
    return lift.where(col("significant").and(col("rate_ratio").gt(1)))
        .withColumn("rank", row_number().over(Window.partitionBy(col("context_type"))
            .orderBy(desc("ci_low"), col("item"))))
        .where(col("rank").leq(settings.topItems()))
        .select(col("context_type"), col("rank"), col("item"), col("scope"), col("observed"), col("expected"),
            col("rate_ratio"), col("ci_low"), col("ci_high"), col("q_value"));
  }

  /** Each unit's engagement in a month beside its customers' NPS the month after, over the trend. */
  Dataset<Row> engagement(Dataset<Row> units, LocalDate last) {
    Dataset<Row> staff = units.where(col("month").between(date(windowStart(last, settings.trendDays())
        .withDayOfMonth(1)), date(last))).as("s");
    Dataset<Row> customers = units.as("c");
    return staff.join(customers, col("s.unit_id").equalTo(col("c.unit_id"))
            .and(col("c.month").equalTo(add_months(col("s.month"), 1))), "inner")
        .select(col("s.month").as("month"), col("s.unit_id").as("unit_id"), col("s.responses").as("responses"),
            col("s.engagement").as("engagement"), col("s.engagement_ci_low").as("engagement_ci_low"),
            col("s.engagement_ci_high").as("engagement_ci_high"), col("c.nps_n").as("next_nps_n"),
            col("c.nps").as("next_nps"), col("c.nps_ci_low").as("next_nps_ci_low"),
            col("c.nps_ci_high").as("next_nps_ci_high"),
            coalesce(col("s.engagement_suppressed"), lit(true)).or(coalesce(col("c.customer_suppressed"), lit(true)))
                .as("suppressed"));
  }

  /** Both estimated links, staff engagement with next-month NPS and account breadth with renewal, as one list. */
  static Dataset<Row> links(Dataset<Row> unitLinks, Dataset<Row> accountLinks) {
    Column[] common = {col("estimate"), col("ci_low"), col("ci_high"), col("p_value"), col("q_value"),
        col("significant")};
    return unitLinks.select(concat(col("direction").as("link"), common, col("observations").as("n")))
        .unionByName(accountLinks.select(concat(col("predictor").as("link"), common, col("accounts").as("n"))));
  }

  private static Column[] concat(Column first, Column[] middle, Column n) {
    Column[] all = new Column[middle.length + 3];
    all[0] = first;
    System.arraycopy(middle, 0, all, 1, middle.length);
    all[middle.length + 1] = n.cast("long");
    all[middle.length + 2] = col("measure");
    return all;
  }

  /** Accounts of one scores run by active contacts (6 = six or more): how many renewed, with intervals. */
  Dataset<Row> renewal(Dataset<Row> accounts) {
    Dataset<Row> counts = accounts
        .groupBy(least(coalesce(col("active_contacts"), lit(0)), lit(MAX_CONTACTS)).cast("int").as("active_contacts"))
        .agg(count(lit(1)).as("accounts"), sum(when(col("renewed"), 1L).otherwise(0L)).as("renewed"));
    Column n = col("accounts");
    return counts.select(col("active_contacts"), n, col("renewed"),
        intervals.rate(col("renewed"), n).as("renewal_rate"),
        intervals.wilsonLower(col("renewed"), n).as("renewal_low"),
        intervals.wilsonUpper(col("renewed"), n).as("renewal_high"), intervals.suppressed(n).as("suppressed"));
  }

  /** The active findings of the latest insights run up to {@code last}, strongest first, the new ones flagged. */
  Dataset<Row> insights(Dataset<Row> insights, LocalDate latestRun, LocalDate last) {
    // gold.insights ranks within each kind of finding; the dashboard ranks across them, the strongest of each
    // kind first, then by q-value.
    return insights.where(col("status").equalTo("active").and(col("last_seen").equalTo(date(latestRun))))
        .withColumn("rank", row_number().over(Window.orderBy(col("rank"), col("q_value"), col("insight_id"))))
        .where(col("rank").leq(settings.topInsights()))
        .select(col("rank"), col("insight_id"), col("kind"), col("sentence"), col("effect"), col("ci_low"),
            col("ci_high"), col("q_value"), col("n"), col("first_seen"),
            col("first_seen").gt(date(last.minusDays(7))).as("new_this_week"));
  }

  private static Date date(LocalDate day) {
    return Date.valueOf(day);
  }
}
