package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.sql.Column;

/**
 * Confidence intervals as native Spark column expressions, so that every rate a table publishes carries its
 * interval without a UDF. A group smaller than the minimum n gets nulls: a rate over three cases is noise.
 */
public final class Intervals {
  private final double z;
  private final long minN;

  /** {@code confidence} in (0, 1), e.g. 0.95; groups with fewer than {@code minN} observations are suppressed. */
  public Intervals(double confidence, long minN) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must lie in (0, 1): " + confidence);
    }
    this.z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
    this.minN = minN;
  }

  /** The two-sided normal quantile of the confidence level (1.96 for 0.95). */
  public double z() {
    return z;
  }

  /** successes / n, or null when n is under the minimum. */
  public Column rate(Column successes, Column n) {
    return when(n.geq(Math.max(1, minN)), successes.cast("double").divide(n));
  }

  /** The lower end of the Wilson score interval of successes / n (null when suppressed). */
  public Column wilsonLower(Column successes, Column n) {
    return wilson(successes, n, -1);
  }

  /** The upper end of the Wilson score interval of successes / n (null when suppressed). */
  public Column wilsonUpper(Column successes, Column n) {
    return wilson(successes, n, 1);
  }

  private Column wilson(Column successes, Column n, int sign) {
    Column nd = n.cast("double");
    Column p = successes.cast("double").divide(nd);
    double z2 = z * z;
    Column denominator = lit(1.0).plus(lit(z2).divide(nd));
    Column centre = p.plus(lit(z2).divide(nd.multiply(2)));
    Column half = lit(z).multiply(sqrt(p.multiply(lit(1.0).minus(p)).divide(nd)
        .plus(lit(z2).divide(nd.multiply(nd).multiply(4)))));
    return when(n.geq(Math.max(1, minN)), centre.plus(half.multiply(sign)).divide(denominator));
  }

  /**
   * Net Promoter Score in points (-100..100) from promoter and detractor counts, or null when suppressed. Its
   * interval ({@link #npsLower}, {@link #npsUpper}) is the normal approximation of the difference of two
   * shares of one multinomial sample: var = (pP + pD - (pP - pD)^2) / n.
   */
  public Column nps(Column promoters, Column detractors, Column n) {
    return when(n.geq(Math.max(1, minN)), promoters.minus(detractors).cast("double").divide(n).multiply(100));
  }

  public Column npsLower(Column promoters, Column detractors, Column n) {
    return npsBound(promoters, detractors, n, -1);
  }

  public Column npsUpper(Column promoters, Column detractors, Column n) {
    return npsBound(promoters, detractors, n, 1);
  }

  private Column npsBound(Column promoters, Column detractors, Column n, int sign) {
    Column nd = n.cast("double");
    Column pp = promoters.cast("double").divide(nd);
    Column pd = detractors.cast("double").divide(nd);
    Column diff = pp.minus(pd);
    Column se = sqrt(pp.plus(pd).minus(diff.multiply(diff)).divide(nd));
    Column bound = diff.plus(se.multiply(z * sign));
    // The score cannot leave [-1, 1] whatever the approximation says.
    Column clipped = when(bound.gt(1), lit(1.0)).when(bound.lt(-1), lit(-1.0)).otherwise(bound);
    return when(n.geq(Math.max(1, minN)), clipped.multiply(100));
  }
}
