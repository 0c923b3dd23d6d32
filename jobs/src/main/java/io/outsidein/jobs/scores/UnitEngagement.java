package io.outsidein.jobs.scores;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.schema.SurveyScale;
import io.outsidein.common.spark.NewColumns;
import io.outsidein.common.stats.Coefficient;
import io.outsidein.common.stats.Intervals;
import io.outsidein.common.stats.LeastSquares;
import io.outsidein.common.tables.ScoreTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;

/**
 * Staff engagement beside customer NPS, per unit and month, and the lagged link between them across units and
 * months. A unit is a store or a team; an answer is about the team whose department last handled its case, or
 * the store of its order. The link is a within-unit (fixed-effects) slope: each unit's pairs are centred on
 * that unit's own means, so that a unit that is always engaged and always liked does not pass for an effect;
 * its errors are clustered by unit.
 */
final class UnitEngagement {
  static final String ENGAGEMENT_TO_NPS = "engagement_to_nps";
  static final String NPS_TO_ENGAGEMENT = "nps_to_engagement";

  private final ScoreSettings settings;
  private final Intervals pulse;
  private final Intervals customers;

  UnitEngagement(ScoreSettings settings) {
    this.settings = settings;
    this.pulse = new Intervals(settings.confidence(), settings.minPulseResponses());
    this.customers = new Intervals(settings.confidence(), settings.minUnitAnswers());
  }

  /** The first day of the month before the one {@code date} lies in: the lag needs its month whole. */
  static LocalDate firstMonth(LocalDate date) {
    return date.withDayOfMonth(1).minusMonths(1);
  }

  /**
   * Per unit and month of [{@code from}, {@code to}] (first days of months), in the columns of
   * {@link ScoreTables#UNIT_ENGAGEMENT}.
   *
   * @param pulses silver engagement answers
   * @param rated answers as {@link RatedAnswers} writes them, at least from {@code from}
   */
  Dataset<Row> units(Dataset<Row> pulses, Dataset<Row> rated, LocalDate from, LocalDate to) {
    Column first = lit(java.sql.Date.valueOf(from));
    Column last = lit(java.sql.Date.valueOf(to));
    Column sum = lit(0.0);
    Column answered = lit(0);
    for (int q = 1; q <= 12; q++) {
      Column item = col(item(q));
      sum = sum.plus(coalesce(item.cast("double"), lit(0.0)));
      answered = answered.plus(when(item.isNotNull(), 1).otherwise(0));
    }
    Dataset<Row> perAnswer = pulses.withColumn("month", trunc(col("period"), "month"))
        .where(col("month").between(first, last))
        .withColumn("_mean", when(answered.gt(0), sum.divide(answered)));
    List<Column> aggregates = new ArrayList<>(List.of(count(col("_mean")).as("responses"),
        sum(col("_mean")).as("_sum"), sum(col("_mean").multiply(col("_mean"))).as("_squares")));
    for (int q = 1; q <= 12; q++) {
      aggregates.add(avg(col(item(q))).as("_" + item(q)));
    }
    Dataset<Row> engagement = perAnswer.groupBy(col("unit_id"), col("month"))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));

    Column type = col("survey_type");
    Column score = col("score");
    Column nps = SurveyScale.NPS.answered(type, score);
    Column csat = SurveyScale.CSAT.answered(type, score);
    Dataset<Row> answers = rated
        .withColumn("unit_id", coalesce(col("store"), col("department")))
        .withColumn("month", trunc(col(RatedAnswers.ANSWER_DATE), "month"))
        .where(col("unit_id").isNotNull().and(col("month").between(first, last)))
        .groupBy(col("unit_id"), col("month"))
        .agg(count_if(nps).as("nps_n"),
            count_if(nps.and(score.geq(SurveyScale.PROMOTER_MIN))).as("_promoters"),
            count_if(nps.and(score.leq(SurveyScale.DETRACTOR_MAX))).as("_detractors"),
            count_if(csat).as("csat_n"),
            count_if(csat.and(score.geq(SurveyScale.SATISFIED_MIN))).as("_satisfied"));

    Dataset<Row> joined = engagement.join(answers,
        scala.collection.JavaConverters.asScalaBuffer(List.of("unit_id", "month")).toSeq(), "full");
    Column responses = coalesce(col("responses"), lit(0L));
    Column npsN = coalesce(col("nps_n"), lit(0L));
    Column csatN = coalesce(col("csat_n"), lit(0L));
    // Every column reads the joined frame only (the counts through their coalesce): one projection.
    NewColumns columns = NewColumns
        .of("responses", responses)
        .and("engagement", pulse.mean(col("_sum"), responses))
        .and("engagement_ci_low", pulse.meanLower(col("_sum"), col("_squares"), responses))
        .and("engagement_ci_high", pulse.meanUpper(col("_sum"), col("_squares"), responses));
    for (int q = 1; q <= 12; q++) {
      columns = columns.and(item(q), when(responses.geq(settings.minPulseResponses()), col("_" + item(q))));
    }
    Dataset<Row> units = columns
        .and("engagement_suppressed", pulse.suppressed(responses))
        .and("nps_n", npsN)
        .and("nps", customers.nps(col("_promoters"), col("_detractors"), npsN))
        .and("nps_ci_low", customers.npsLower(col("_promoters"), col("_detractors"), npsN))
        .and("nps_ci_high", customers.npsUpper(col("_promoters"), col("_detractors"), npsN))
        .and("csat_n", csatN)
        .and("csat", customers.rate(col("_satisfied"), csatN).multiply(100))
        .and("csat_ci_low", customers.wilsonLower(col("_satisfied"), csatN).multiply(100))
        .and("csat_ci_high", customers.wilsonUpper(col("_satisfied"), csatN).multiply(100))
        .and("customer_suppressed", customers.suppressed(npsN))
        .on(joined);
    return units.select(Arrays.stream(ScoreTables.UNIT_ENGAGEMENT.fieldNames()).map(c -> col(c))
        .toArray(Column[]::new));
  }

  /**
   * Both lagged links over every unit-month of {@code units}, as rows of {@link ScoreTables#UNIT_ENGAGEMENT_LINKS}
   * before the q-values. A pair takes the earlier month's figure and the later month's, each only where it is
   * published (engagement not suppressed, or customer figures not suppressed): the other side's figure of a
   * month plays no part.
   */
  List<Row> links(Dataset<Row> units, LocalDate runDate) {
    Dataset<Row> engagement = units.where(col("engagement_suppressed").equalTo(false))
        .select(col("unit_id"), col("month"), col("engagement"));
    Dataset<Row> nps = units.where(col("customer_suppressed").equalTo(false))
        .select(col("unit_id"), col("month"), col("nps"));
    return List.of(
        link(lagged(engagement, nps), ENGAGEMENT_TO_NPS, "NPS points in month m+1 per engagement point in m", runDate),
        link(lagged(nps, engagement), NPS_TO_ENGAGEMENT, "engagement points in month m+1 per NPS point in m", runDate));
  }

  /** Pairs of a unit's earlier figure (month m) and its later figure (month m+1): unit_id, month, x, y. */
  private static Dataset<Row> lagged(Dataset<Row> earlier, Dataset<Row> later) {
    Dataset<Row> next = later.select(col("unit_id").as("_u"), add_months(col("month"), -1).as("_m"),
        col(later.columns()[2]).as("_y"));
    return earlier.join(next, col("unit_id").equalTo(col("_u")).and(col("month").equalTo(col("_m"))))
        .select(col("unit_id"), col("month"), col(earlier.columns()[2]).as("_x"), col("_y"));
  }

  private Row link(Dataset<Row> pairs, String direction, String measure, LocalDate runDate) {
    // Units with one pair carry no within-unit information; centring takes each unit's own means out.
    Dataset<Row> within = pairs
        .withColumn("_pairs", count(lit(1)).over(Window.partitionBy("unit_id")))
        .where(col("_pairs").geq(2))
        .withColumn("x", col("_x").minus(avg(col("_x")).over(Window.partitionBy("unit_id"))))
        .withColumn("y", col("_y").minus(avg(col("_y")).over(Window.partitionBy("unit_id"))))
        .cache();
    Row sizes = within.agg(countDistinct(col("unit_id")), countDistinct(col("month")), count(lit(1))).first();
    // Two units at least, or there is nothing to cluster by: no fit is tried.
    Optional<Coefficient> slope = sizes.getLong(0) < 2 ? Optional.empty()
        : new LeastSquares(settings.confidence()).fit(within, "y", List.of("x"), false, Optional.of("unit_id"))
            .map(fit -> fit.coefficient("x"));
    within.unpersist();
    return RowFactory.create(java.sql.Date.valueOf(runDate), direction,
        slope.map(Coefficient::estimate).orElse(null), slope.map(Coefficient::low).orElse(null),
        slope.map(Coefficient::high).orElse(null), slope.map(Coefficient::pValue).filter(p -> !p.isNaN()).orElse(null),
        null, false, sizes.getLong(0), sizes.getLong(1), sizes.getLong(2), measure);
  }

  private static String item(int q) {
    return String.format(Locale.ROOT, "q%02d", q);
  }
}
