package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.schema.SurveyScale;
import io.outsidein.common.spark.NewColumns;
import io.outsidein.common.stats.Intervals;
import io.outsidein.common.tables.JourneyTables;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.ownership: per department and date (the date cases opened), what happens to the cases that pass
 * through it (hand-offs out, returns, first-contact resolution, time to resolve) and how their customers rate
 * them against the same day's cases that did not pass through. Counts are kept beside every rate so that
 * analysts can add days up and recompute; every rate has its n and an interval, and is null under min-n.
 */
final class Ownership {
  private final Intervals intervals;
  private final long minN;

  Ownership(JourneySettings settings) {
    this.intervals = new Intervals(settings.confidence(), settings.minN());
    this.minN = settings.minN();
  }

  /**
   * The query of the {@code transfer_outcomes} view: per number of transfers (3 = three or more), how the
   * customers of those cases answered NPS, with Wilson intervals, over every date of {@code journeysTable}.
   * This is "each transfer after the first makes detractors", measured; the interval expressions are the
   * same as the table's, rendered to SQL.
   */
  String transferOutcomesQuery(String journeysTable) {
    Column n = col("nps_n");
    return "SELECT transfers, cases, nps_n, promoters, detractors, "
        + intervals.rate(col("detractors"), n).expr().sql() + " AS detractor_share, "
        + intervals.wilsonLower(col("detractors"), n).expr().sql() + " AS detractor_low, "
        + intervals.wilsonUpper(col("detractors"), n).expr().sql() + " AS detractor_high, "
        + intervals.rate(col("promoters"), n).expr().sql() + " AS promoter_share, "
        + intervals.wilsonLower(col("promoters"), n).expr().sql() + " AS promoter_low, "
        + intervals.wilsonUpper(col("promoters"), n).expr().sql() + " AS promoter_high "
        + "FROM (SELECT least(transfers, 3) AS transfers, count(1) AS cases, "
        + "count_if(" + SurveyScale.NPS.answered(col("survey_type"), col("survey_score")).expr().sql() + ") AS nps_n, "
        + "count_if(" + SurveyScale.promoterSql("survey_type", "survey_score") + ") AS promoters, "
        + "count_if(" + SurveyScale.detractorSql("survey_type", "survey_score") + ") AS detractors "
        + "FROM " + journeysTable + " WHERE kind = 'case' GROUP BY least(transfers, 3))";
  }

  /** {@code journeys}: conformed journeys with their survey columns; only the case rows are used. */
  Dataset<Row> build(Dataset<Row> journeys) {
    Column type = col("survey_type");
    Column score = col("survey_score");
    Dataset<Row> cases = journeys.where(col("kind").equalTo("case")).select(
        col("journey_date").as("ownership_date"), col("departments"), col("resolved"),
        col("first_contact_resolution"), col("time_to_resolve_s"),
        when(SurveyScale.NPS.answered(type, score), 1L).otherwise(0L).as("_nps"),
        when(SurveyScale.isPromoter(type, score), 1L).otherwise(0L).as("_promoter"),
        when(SurveyScale.isDetractor(type, score), 1L).otherwise(0L).as("_detractor"),
        when(SurveyScale.CSAT.answered(type, score), 1L).otherwise(0L).as("_csat"),
        when(SurveyScale.isSatisfied(type, score), 1L).otherwise(0L).as("_satisfied"));

    Dataset<Row> through = NewColumns
        .of("_out", expr("size(filter(departments, (d, i) -> d = department AND i < size(departments) - 1))"))
        .and("_back", expr(
            "size(filter(departments, (d, i) -> d = department AND i > 0 AND array_contains(slice(departments, 1, i), d)))"))
        .on(cases.withColumn("department", explode(expr("array_distinct(departments)"))))
        .groupBy(col("ownership_date"), col("department")).agg(
            count(lit(1)).as("cases_touched"),
            sum(when(col("resolved"), 1L).otherwise(0L)).as("cases_resolved"),
            sum(col("_out").cast("long")).as("transfers_out"),
            sum(col("_back").cast("long")).as("ping_pongs"),
            sum(when(col("first_contact_resolution"), 1L).otherwise(0L)).as("fcr_cases"),
            count(col("time_to_resolve_s")).as("resolved_n"),
            expr("percentile_approx(time_to_resolve_s, array(0.5, 0.9), 10000)").as("_ttr"),
            sum("_nps").as("nps_n"), sum("_promoter").as("nps_promoters"), sum("_detractor").as("nps_detractors"),
            sum("_csat").as("csat_n"), sum("_satisfied").as("csat_satisfied"));
    Dataset<Row> day = cases.groupBy(col("ownership_date").as("_day")).agg(
        sum("_nps").as("_day_nps"), sum("_promoter").as("_day_promoters"), sum("_detractor").as("_day_detractors"),
        sum("_csat").as("_day_csat"), sum("_satisfied").as("_day_satisfied"));

    Dataset<Row> joined = NewColumns
        .of("others_nps_n", col("_day_nps").minus(col("nps_n")))
        .and("_others_promoters", col("_day_promoters").minus(col("nps_promoters")))
        .and("_others_detractors", col("_day_detractors").minus(col("nps_detractors")))
        .and("others_csat_n", col("_day_csat").minus(col("csat_n")))
        .and("_others_satisfied", col("_day_satisfied").minus(col("csat_satisfied")))
        .on(through.join(day, col("ownership_date").equalTo(col("_day"))));
    Column enoughResolved = col("resolved_n").geq(minN);
    Dataset<Row> result = NewColumns
        .of("fcr_rate", intervals.rate(col("fcr_cases"), col("cases_touched")))
        .and("fcr_low", intervals.wilsonLower(col("fcr_cases"), col("cases_touched")))
        .and("fcr_high", intervals.wilsonUpper(col("fcr_cases"), col("cases_touched")))
        .and("median_time_to_resolve_s", when(enoughResolved, col("_ttr").getItem(0).cast("double")))
        .and("p90_time_to_resolve_s", when(enoughResolved, col("_ttr").getItem(1).cast("double")))
        .and("nps", intervals.nps(col("nps_promoters"), col("nps_detractors"), col("nps_n")))
        .and("nps_low", intervals.npsLower(col("nps_promoters"), col("nps_detractors"), col("nps_n")))
        .and("nps_high", intervals.npsUpper(col("nps_promoters"), col("nps_detractors"), col("nps_n")))
        .and("detractor_share", intervals.rate(col("nps_detractors"), col("nps_n")))
        .and("detractor_low", intervals.wilsonLower(col("nps_detractors"), col("nps_n")))
        .and("detractor_high", intervals.wilsonUpper(col("nps_detractors"), col("nps_n")))
        .and("csat_share", intervals.rate(col("csat_satisfied"), col("csat_n")))
        .and("csat_low", intervals.wilsonLower(col("csat_satisfied"), col("csat_n")))
        .and("csat_high", intervals.wilsonUpper(col("csat_satisfied"), col("csat_n")))
        .and("others_nps", intervals.nps(col("_others_promoters"), col("_others_detractors"),
            col("others_nps_n")))
        .and("others_nps_low", intervals.npsLower(col("_others_promoters"), col("_others_detractors"),
            col("others_nps_n")))
        .and("others_nps_high", intervals.npsUpper(col("_others_promoters"), col("_others_detractors"),
            col("others_nps_n")))
        .and("others_csat_share", intervals.rate(col("_others_satisfied"), col("others_csat_n")))
        .and("others_csat_low", intervals.wilsonLower(col("_others_satisfied"), col("others_csat_n")))
        .and("others_csat_high", intervals.wilsonUpper(col("_others_satisfied"), col("others_csat_n")))
        .on(joined);
    return result.select(Arrays.stream(JourneyTables.OWNERSHIP.fields())
        .map(f -> col(f.name()).cast(f.dataType()).as(f.name())).toArray(Column[]::new));
  }
}
