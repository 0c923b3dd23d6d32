package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.spark.sql.Column;

/**
 * Confidence intervals as native Spark column expressions, so that every rate a table publishes carries its
 * interval without a UDF: Wilson for a proportion, adjusted Wald for a Net Promoter Score, Student's t for a
 * mean. A group smaller than the minimum n gets nulls: a rate over three cases is noise.
 *
 * <p>The quantiles come from Apache Commons Math once, at construction; the t quantiles travel in the plan as one
 * array literal of {@value #T_TABLE_STEPS} points evenly spaced in 1/df, from df 1 to the normal quantile.
 */
public final class Intervals {
  /** The t quantiles are tabulated at df = T_TABLE_STEPS / k for k = 1 .. T_TABLE_STEPS (k = 0: the normal). */
  static final int T_TABLE_STEPS = 200;
  /** Adjusted Wald (Rocks 2016; Sauro and Lewis 2021): answers added to n, and to each of promoters and detractors. */
  static final double NPS_ADDED_N = 3.0;
  static final double NPS_ADDED_EACH = 0.75;

  private final double confidence;
  private final double z;
  private final long minN;
  private final double[] tQuantiles;

  /** {@code confidence} in (0, 1), e.g. 0.95; groups with fewer than {@code minN} observations are suppressed. */
  public Intervals(double confidence, long minN) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must lie in (0, 1): " + confidence);
    }
    this.confidence = confidence;
    double upper = 1 - (1 - confidence) / 2;
    this.z = new NormalDistribution().inverseCumulativeProbability(upper);
    this.minN = Math.max(1, minN);
    this.tQuantiles = new double[T_TABLE_STEPS + 1];
    tQuantiles[0] = z;
    for (int k = 1; k <= T_TABLE_STEPS; k++) {
      tQuantiles[k] = new TDistribution((double) T_TABLE_STEPS / k).inverseCumulativeProbability(upper);
    }
  }

  public double confidence() {
    return confidence;
  }

  /** The two-sided normal quantile of the confidence level (1.96 for 0.95). */
  public double z() {
    return z;
  }

  /** The least n a group needs for its figures to be published. */
  public long minN() {
    return minN;
  }

  /** True where a group of {@code n} is too small to publish. */
  public Column suppressed(Column n) {
    return n.isNull().or(n.lt(minN));
  }

  /** successes / n, or null when n is under the minimum. */
  public Column rate(Column successes, Column n) {
    return when(n.geq(minN), successes.cast("double").divide(n));
  }

  /** The lower end of the Wilson score interval of successes / n (null when suppressed). */
  public Column wilsonLower(Column successes, Column n) {
    return when(n.geq(minN), wilson(successes, n, -1));
  }

  /** The upper end of the Wilson score interval of successes / n (null when suppressed). */
  public Column wilsonUpper(Column successes, Column n) {
    return when(n.geq(minN), wilson(successes, n, 1));
  }

  /** A Wilson bound without suppression, for the difference of two proportions (null at n = 0). */
  Column wilson(Column successes, Column n, int sign) {
    Column nd = n.cast("double");
    Column p = successes.cast("double").divide(nd);
    double z2 = z * z;
    Column denominator = lit(1.0).plus(lit(z2).divide(nd));
    Column centre = p.plus(lit(z2).divide(nd.multiply(2)));
    Column half = lit(z).multiply(sqrt(p.multiply(lit(1.0).minus(p)).divide(nd)
        .plus(lit(z2).divide(nd.multiply(nd).multiply(4)))));
    return when(n.gt(0), centre.plus(half.multiply(sign)).divide(denominator));
  }

  /** Net Promoter Score in points (-100..100) from promoter and detractor counts, or null when suppressed. */
  public Column nps(Column promoters, Column detractors, Column n) {
    return when(n.geq(minN), promoters.minus(detractors).cast("double").divide(n).multiply(100));
  }

  /**
   * The lower end of the adjusted-Wald interval of an NPS, in points: 3 answers added to n and 3/4 to each of
   * promoters and detractors, then the normal interval of the difference of the two shares of one sample. Unlike
   * the plain Wald interval it keeps a width at 100 % promoters.
   */
  public Column npsLower(Column promoters, Column detractors, Column n) {
    return when(n.geq(minN), npsBound(promoters, detractors, n, -1));
  }

  /** The upper end of the adjusted-Wald interval of an NPS, in points. */
  public Column npsUpper(Column promoters, Column detractors, Column n) {
    return when(n.geq(minN), npsBound(promoters, detractors, n, 1));
  }

  private Column npsBound(Column promoters, Column detractors, Column n, int sign) {
    AdjustedNps adjusted = AdjustedNps.of(promoters, detractors, n);
    Column bound = adjusted.score().plus(sqrt(adjusted.variance()).multiply(z * sign));
    // The score cannot leave [-1, 1] whatever the approximation says.
    return least(lit(1.0), greatest(lit(-1.0), bound)).multiply(100);
  }

  /** The mean of a group from its sum, or null when suppressed. */
  public Column mean(Column sum, Column n) {
    return when(n.geq(minN), sum.cast("double").divide(n));
  }

  /** The lower end of Student's t interval of a mean, from the group's n, sum and sum of squares. */
  public Column meanLower(Column sum, Column sumOfSquares, Column n) {
    return meanBound(sum, sumOfSquares, n, -1);
  }

  /** The upper end of Student's t interval of a mean. */
  public Column meanUpper(Column sum, Column sumOfSquares, Column n) {
    return meanBound(sum, sumOfSquares, n, 1);
  }

  private Column meanBound(Column sum, Column sumOfSquares, Column n, int sign) {
    Column half = tQuantile(n.minus(1)).multiply(sqrt(Moments.variance(sum, sumOfSquares, n).divide(n)));
    // n = 1 has no spread to speak of: no interval, whatever the minimum.
    return when(n.geq(minN).and(n.gt(1)), sum.cast("double").divide(n).plus(half.multiply(sign)));
  }

  /**
   * The two-sided t quantile of the confidence level for {@code df} degrees of freedom, fractional (Welch's) too:
   * linear interpolation in 1/df between the tabulated points, along which the quantile bends little: off by at
   * most 0.002 % of the quantile anywhere from df 1 up (checked against scipy's t.ppf on 8,700 df from 1 to 1e7,
   * and in the test against Commons Math). Null under df 1.
   */
  public Column tQuantile(Column df) {
    Column position = lit((double) T_TABLE_STEPS).divide(df.cast("double"));
    Column below = floor(position).cast("int");
    Column fraction = position.minus(below);
    Column table = lit(tQuantiles);
    // element_at counts from 1: entry k of the table is at k + 1.
    Column lower = element_at(table, below.plus(1));
    Column upper = element_at(table, least(below.plus(2), lit(T_TABLE_STEPS + 1)));
    return when(df.geq(1), lower.plus(upper.minus(lower).multiply(fraction)));
  }
}
