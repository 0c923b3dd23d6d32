package io.outsidein.jobs.scores;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.schema.SurveyScale;
import io.outsidein.common.stats.Comparison;
import io.outsidein.common.stats.Comparisons;
import io.outsidein.common.stats.FalseDiscovery;
import io.outsidein.common.stats.Intervals;
import io.outsidein.common.tables.ScoreTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The CX scorecard: per score date, window (1, 7, 28 days ending that date) and dimension value, NPS, CSAT and CES
 * with n, interval, and the change against the window before. Answers are first summed per day and dimension
 * value into counts, sums and sums of squares; every window is a sum of those days, so the answers are read
 * once whatever the number of windows and dates. The false discovery rate is controlled over all cells of one
 * score date: what one nightly run adds, and the same whichever range a run covers.
 */
final class Scorecard {
  static final int[] WINDOWS = {1, 7, 28};
  /** Days before a score date whose answers it needs: the longest window and the one before it. */
  static final int HISTORY_DAYS = 2 * 28 - 1;
  static final List<String> DIMENSIONS = List.of("all", "channel", "touchpoint", "department", "store", "region",
      "segment", "cx_area");
  private static final List<String> STATISTICS = List.of("nps_n", "promoters", "detractors", "csat_n",
      "csat_satisfied", "csat_sum", "csat_squares", "ces_n", "ces_low_effort", "ces_sum", "ces_squares");

  private final ScoreSettings settings;
  private final Intervals intervals;
  private final Comparisons comparisons;

  Scorecard(ScoreSettings settings) {
    this.settings = settings;
    this.intervals = new Intervals(settings.confidence(), settings.minN());
    this.comparisons = new Comparisons(intervals);
  }

  /** The first answer date the score dates need. */
  static LocalDate firstAnswerDate(LocalDate firstScoreDate) {
    return firstScoreDate.minusDays(HISTORY_DAYS);
  }

  /** The scorecard rows of {@code scoreDates}, in the columns of {@link ScoreTables#CX_SCORECARD_DAILY}. */
  Dataset<Row> cells(Dataset<Row> rated, List<LocalDate> scoreDates) {
    return cells(windows(rated, scoreDates));
  }

  /**
   * The sums of every window and of the window before it, per score date, window length and dimension value:
   * what each metric reads. A caller that runs the cells once caches it (five metrics read it).
   */
  Dataset<Row> windows(Dataset<Row> rated, List<LocalDate> scoreDates) {
    return windowSums(dailySums(rated), scoreDates);
  }

  /**
   * The scorecard rows from the window sums. One select per metric, then a union: a single select of all five
   * (one struct each, exploded) is one generated method too large for Spark to compile.
   */
  Dataset<Row> cells(Dataset<Row> windows) {
    List<Dataset<Row>> metrics = List.of(
        metric(windows, "nps", "nps_n",
            intervals.nps(col("promoters"), col("detractors"), col("nps_n")),
            intervals.npsLower(col("promoters"), col("detractors"), col("nps_n")),
            intervals.npsUpper(col("promoters"), col("detractors"), col("nps_n")),
            intervals.nps(col("p_promoters"), col("p_detractors"), col("p_nps_n")),
            comparisons.nps(col("promoters"), col("detractors"), col("nps_n"), col("p_promoters"),
                col("p_detractors"), col("p_nps_n"))),
        share(windows, "csat", "csat_satisfied", "csat_n"),
        mean(windows, "csat_mean", "csat_sum", "csat_squares", "csat_n"),
        mean(windows, "ces", "ces_sum", "ces_squares", "ces_n"),
        share(windows, "ces_share", "ces_low_effort", "ces_n"));
    Dataset<Row> all = metrics.stream().reduce(Dataset::unionByName).orElseThrow();
    Dataset<Row> tested = FalseDiscovery.qValues(all, "p_value", "q_value", col("score_date"));
    return tested
        .withColumn("significant", coalesce(col("q_value").leq(settings.falseDiscoveryRate()), lit(false)))
        .withColumn("suppressed", intervals.suppressed(col("n")))
        .select(Arrays.stream(ScoreTables.CX_SCORECARD_DAILY.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
  }

  /** Per answer date and dimension value: the counts and sums every metric is made of. */
  Dataset<Row> dailySums(Dataset<Row> rated) {
    List<Column> pairs = new ArrayList<>();
    for (String dimension : DIMENSIONS) {
      Column value = dimension.equals("all") ? lit("all") : col(dimension);
      pairs.add(struct(lit(dimension).as("dimension"),
          value.cast("string").as("dimension_value")));
    }
    Column type = col("survey_type");
    Column score = col("score");
    Column zeroToTen = type.isin(SurveyScale.NPS.type(), SurveyScale.RELATIONSHIP.type()).and(score.isNotNull());
    Column csat = SurveyScale.CSAT.answered(type, score);
    Column ces = SurveyScale.CES.answered(type, score);
    return rated
        .select(col(RatedAnswers.ANSWER_DATE), type, score, explode(array(pairs.toArray(Column[]::new))).as("_d"))
        .where(col("_d.dimension_value").isNotNull())
        .groupBy(col(RatedAnswers.ANSWER_DATE), col("_d.dimension").as("dimension"),
            col("_d.dimension_value").as("dimension_value"))
        .agg(count_if(zeroToTen).as("nps_n"),
            count_if(zeroToTen.and(score.geq(SurveyScale.PROMOTER_MIN))).as("promoters"),
            count_if(zeroToTen.and(score.leq(SurveyScale.DETRACTOR_MAX))).as("detractors"),
            count_if(csat).as("csat_n"),
            count_if(csat.and(score.geq(SurveyScale.SATISFIED_MIN))).as("csat_satisfied"),
            sum(when(csat, score)).cast("double").as("csat_sum"),
            sum(when(csat, score.multiply(score))).cast("double").as("csat_squares"),
            count_if(ces).as("ces_n"),
            count_if(ces.and(score.geq(SurveyScale.LOW_EFFORT_MIN))).as("ces_low_effort"),
            sum(when(ces, score)).cast("double").as("ces_sum"),
            sum(when(ces, score.multiply(score))).cast("double").as("ces_squares"));
  }

  /**
   * Each day's sums added into the windows it falls in: for window w, a day d feeds score dates d .. d+w-1 (the
   * window) and d+w .. d+2w-1 (as the previous window, columns prefixed p_).
   */
  private static Dataset<Row> windowSums(Dataset<Row> daily, List<LocalDate> scoreDates) {
    List<Column> offsets = new ArrayList<>();
    for (int w : WINDOWS) {
      for (int offset = 0; offset < 2 * w; offset++) {
        offsets.add(struct(lit(w).as("window_days"), lit(offset).as("offset")));
      }
    }
    Dataset<Row> spread = daily
        .withColumn("_o", explode(array(offsets.toArray(Column[]::new))))
        .withColumn("score_date", date_add(col(RatedAnswers.ANSWER_DATE), col("_o.offset")))
        .withColumn("window_days", col("_o.window_days"))
        .withColumn("_current", col("_o.offset").lt(col("_o.window_days")))
        .where(col("score_date").isin(scoreDates.stream().map(java.sql.Date::valueOf).toArray()));
    List<Column> sums = new ArrayList<>();
    for (String statistic : STATISTICS) {
      sums.add(coalesce(sum(when(col("_current"), col(statistic))), lit(0)).as(statistic));
      sums.add(coalesce(sum(when(col("_current").equalTo(false), col(statistic))), lit(0)).as("p_" + statistic));
    }
    return spread.groupBy(col("score_date"), col("window_days"), col("dimension"), col("dimension_value"))
        .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
  }

  private Dataset<Row> share(Dataset<Row> windows, String metric, String successes, String n) {
    return metric(windows, metric, n,
        intervals.rate(col(successes), col(n)).multiply(100),
        intervals.wilsonLower(col(successes), col(n)).multiply(100),
        intervals.wilsonUpper(col(successes), col(n)).multiply(100),
        intervals.rate(col("p_" + successes), col("p_" + n)).multiply(100),
        comparisons.proportions(col(successes), col(n), col("p_" + successes), col("p_" + n)).scaled(100));
  }

  private Dataset<Row> mean(Dataset<Row> windows, String metric, String sum, String squares, String n) {
    return metric(windows, metric, n,
        intervals.mean(col(sum), col(n)),
        intervals.meanLower(col(sum), col(squares), col(n)),
        intervals.meanUpper(col(sum), col(squares), col(n)),
        intervals.mean(col("p_" + sum), col("p_" + n)),
        comparisons.means(col(sum), col(squares), col(n), col("p_" + sum), col("p_" + squares), col("p_" + n)));
  }

  /** One metric's rows: only where the window or the one before holds an answer of the metric's type. */
  private static Dataset<Row> metric(Dataset<Row> windows, String metric, String n, Column score, Column low,
      Column high, Column previous, Comparison change) {
    return windows.where(col(n).plus(col("p_" + n)).gt(0)).select(
        col("score_date"), col("window_days"), col("dimension"), col("dimension_value"),
        lit(metric).as("metric"), col(n).cast("long").as("n"), score.cast("double").as("score"),
        low.cast("double").as("ci_low"), high.cast("double").as("ci_high"),
        col("p_" + n).cast("long").as("previous_n"), previous.cast("double").as("previous_score"),
        change.effect().cast("double").as("change"), change.low().cast("double").as("change_ci_low"),
        change.high().cast("double").as("change_ci_high"), change.pValue().cast("double").as("p_value"));
  }
}
