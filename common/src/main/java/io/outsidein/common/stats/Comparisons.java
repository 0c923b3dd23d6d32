package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * Differences between two groups, first minus second, as native column expressions (the p-value's distribution
 * function excepted): two Net Promoter Scores, two proportions, two means. Both groups need the minimum n of
 * the {@link Intervals} they are built with; otherwise every column is null.
 */
public final class Comparisons {
  private final Intervals intervals;

  public Comparisons(Intervals intervals) {
    this.intervals = intervals;
  }

  private Column published(Column n1, Column n2) {
    return n1.geq(intervals.minN()).and(n2.geq(intervals.minN()));
  }

  /**
   * Two NPS, in points: the effect is the difference of the plain scores; the interval and the z test use the
   * adjusted-Wald estimates of each group and the sum of their variances (the groups are independent samples).
   */
  public Comparison nps(Column promoters1, Column detractors1, Column n1, Column promoters2, Column detractors2,
      Column n2) {
    Column ok = published(n1, n2);
    Column effect = promoters1.divide(n1.cast("double")).minus(detractors1.divide(n1.cast("double")))
        .minus(promoters2.divide(n2.cast("double")).minus(detractors2.divide(n2.cast("double"))));
    AdjustedNps first = AdjustedNps.of(promoters1, detractors1, n1);
    AdjustedNps second = AdjustedNps.of(promoters2, detractors2, n2);
    Column adjusted = first.score().minus(second.score());
    Column se = sqrt(first.variance().plus(second.variance()));
    return new Comparison(
        when(ok, effect.multiply(100)),
        when(ok, adjusted.minus(se.multiply(intervals.z())).multiply(100)),
        when(ok, adjusted.plus(se.multiply(intervals.z())).multiply(100)),
        when(ok.and(se.gt(0)), Distributions.normalTwoSidedP(adjusted.divide(se))));
  }

  /**
   * Two proportions, on the 0..1 scale: Newcombe's hybrid score interval (method 10 of Newcombe 1998, from the
   * two Wilson intervals) and the pooled two-proportion z test.
   */
  public Comparison proportions(Column successes1, Column n1, Column successes2, Column n2) {
    Column ok = published(n1, n2);
    Column p1 = successes1.cast("double").divide(n1);
    Column p2 = successes2.cast("double").divide(n2);
    Column effect = p1.minus(p2);
    Column l1 = intervals.wilson(successes1, n1, -1);
    Column u1 = intervals.wilson(successes1, n1, 1);
    Column l2 = intervals.wilson(successes2, n2, -1);
    Column u2 = intervals.wilson(successes2, n2, 1);
    Column low = effect.minus(sqrt(pow(p1.minus(l1), 2).plus(pow(u2.minus(p2), 2))));
    Column high = effect.plus(sqrt(pow(u1.minus(p1), 2).plus(pow(p2.minus(l2), 2))));
    Column pooled = successes1.plus(successes2).cast("double").divide(n1.plus(n2));
    Column se = sqrt(pooled.multiply(lit(1.0).minus(pooled))
        .multiply(lit(1.0).divide(n1).plus(lit(1.0).divide(n2))));
    // Both groups all successes (or none): no evidence of a difference.
    Column p = when(se.equalTo(0), lit(1.0)).otherwise(Distributions.normalTwoSidedP(effect.divide(se)));
    return new Comparison(when(ok, effect), when(ok, low), when(ok, high), when(ok, p));
  }

  /**
   * Two means from each group's n, sum and sum of squares: Welch's t, with Welch-Satterthwaite degrees of
   * freedom. Groups of one answer, or two groups without any spread, have no interval or p-value.
   */
  public Comparison means(Column sum1, Column sumOfSquares1, Column n1, Column sum2, Column sumOfSquares2,
      Column n2) {
    Column ok = published(n1, n2).and(n1.gt(1)).and(n2.gt(1));
    Column v1 = Moments.variance(sum1, sumOfSquares1, n1).divide(n1);
    Column v2 = Moments.variance(sum2, sumOfSquares2, n2).divide(n2);
    Column effect = sum1.cast("double").divide(n1).minus(sum2.cast("double").divide(n2));
    Column se = sqrt(v1.plus(v2));
    Column df = pow(v1.plus(v2), 2).divide(pow(v1, 2).divide(n1.minus(1)).plus(pow(v2, 2).divide(n2.minus(1))));
    Column half = intervals.tQuantile(df).multiply(se);
    Column spread = ok.and(se.gt(0));
    return new Comparison(
        when(published(n1, n2), effect),
        when(spread, effect.minus(half)),
        when(spread, effect.plus(half)),
        when(spread, Distributions.tTwoSidedP(effect.divide(se), df)));
  }
}
