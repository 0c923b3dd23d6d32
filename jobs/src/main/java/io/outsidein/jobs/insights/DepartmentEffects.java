package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import io.outsidein.common.stats.Comparison;
import io.outsidein.common.stats.Comparisons;
import io.outsidein.common.stats.Intervals;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The ownership finding: the NPS of cases that passed through a department against that of the cases that did
 * not, over the window's rated cases ("cases that passed through billing have NPS 18 points lower"). Two
 * independent groups of answers: the difference of the two scores with the adjusted-Wald interval and z test of
 * {@link Comparisons#nps}; a group under min-n gets no test.
 */
final class DepartmentEffects {
  private final Comparisons comparisons;

  DepartmentEffects(double confidence, long minN) {
    this.comparisons = new Comparisons(new Intervals(confidence, minN));
  }

  /**
   * @param rated {@link RatedJourneys} rows
   * @return department, through_n, through_nps, others_n, others_nps, effect (points, through minus others),
   *     ci_low, ci_high, p_value
   */
  Dataset<Row> effects(Dataset<Row> rated) {
    Dataset<Row> answers = rated.where(col("journey_kind").equalTo("case").and(col("survey_type").equalTo("nps")));
    Row total = answers.agg(count(lit(1)), count_if(col("points").gt(0)), count_if(col("points").lt(0))).first();
    Dataset<Row> through = answers
        .select(explode(array_distinct(col("departments"))).as("department"), col("points"))
        .where(col("department").isNotNull())
        .groupBy("department")
        .agg(count(lit(1)).as("through_n"), count_if(col("points").gt(0)).as("through_promoters"),
            count_if(col("points").lt(0)).as("through_detractors"));
    Column n1 = col("through_n");
    Column p1 = col("through_promoters");
    Column d1 = col("through_detractors");
    Column n2 = lit(total.getLong(0)).minus(n1);
    Column p2 = lit(total.getLong(1)).minus(p1);
    Column d2 = lit(total.getLong(2)).minus(d1);
    Comparison difference = comparisons.nps(p1, d1, n1, p2, d2, n2);
    return through.select(col("department"), n1,
        p1.minus(d1).multiply(100.0).divide(n1).as("through_nps"),
        n2.as("others_n"),
        p2.minus(d2).multiply(100.0).divide(n2).as("others_nps"),
        difference.effect().as("effect"), difference.low().as("ci_low"), difference.high().as("ci_high"),
        difference.pValue().as("p_value"));
  }
}
