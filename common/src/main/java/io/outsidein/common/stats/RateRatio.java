package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * An observed count against an expected one that is itself estimated from counts: the rate ratio O / E, where
 * E = sum of w_d u_d over baseline counts u_d with known weights. Each count may be a sum of quantities over
 * events that arrive as Poisson counts (units over baskets: compound Poisson), whose variance is the sum of the
 * squared quantities: Var(O) = sum of q^2 over its events and Var(E) = sum of w_d^2 (sum of q^2 of day d); with
 * every quantity 1 these are O and sum of w_d^2 u_d, the plain Poisson case. On the log scale (delta method)
 * Var(log RR) = phi (Var(O) / O^2 + Var(E) / E^2), where phi is the dispersion of the event counts (1 for Poisson;
 * the Pearson statistic over its degrees of freedom when they are overdispersed: quasi-Poisson; phi times the
 * compound variance bounds the variance of a sum over overdispersed events from above). The test is two-sided,
 * z = log RR / sd.
 */
public final class RateRatio {
  private final double z;

  /** {@code confidence} in (0, 1), e.g. 0.95. */
  public RateRatio(double confidence) {
    this.z = Distributions.twoSidedZ(confidence);
  }

  /** O / E; null when E is not positive. */
  public static Column ratio(Column observed, Column expected) {
    return when(expected.gt(0), observed.cast("double").divide(expected));
  }

  /** The standard deviation of log(O / E); null without an observed count (no finite log). */
  public static Column logSd(Column observed, Column observedVariance, Column expected, Column expectedVariance,
      Column dispersion) {
    return when(observed.gt(0).and(expected.gt(0)), sqrt(greatest(dispersion, lit(1.0))
        .multiply(observedVariance.divide(observed.multiply(observed))
            .plus(expectedVariance.divide(expected.multiply(expected))))));
  }

  public Column lower(Column observed, Column observedVariance, Column expected, Column expectedVariance,
      Column dispersion) {
    return exp(log(ratio(observed, expected)).minus(logSd(observed, observedVariance, expected, expectedVariance,
        dispersion).multiply(z)));
  }

  public Column upper(Column observed, Column observedVariance, Column expected, Column expectedVariance,
      Column dispersion) {
    return exp(log(ratio(observed, expected)).plus(logSd(observed, observedVariance, expected, expectedVariance,
        dispersion).multiply(z)));
  }

  /** Two-sided p-value of log RR = 0. */
  public static Column p(Column observed, Column observedVariance, Column expected, Column expectedVariance,
      Column dispersion) {
    return Distributions.normalTwoSidedP(log(ratio(observed, expected))
        .divide(logSd(observed, observedVariance, expected, expectedVariance, dispersion)));
  }

  /**
   * The dispersion of counts from their Pearson statistic (sum of (u - mean)^2 / mean over groups) and its degrees
   * of freedom: the statistic over the degrees of freedom when a chi-squared test at {@code alpha} says the counts
   * vary more than Poisson counts would, else 1.
   */
  public static Column dispersion(Column pearson, Column degreesOfFreedom, double alpha) {
    return when(degreesOfFreedom.gt(0).and(Distributions.chiSquaredUpperP(pearson, degreesOfFreedom).lt(alpha)),
        pearson.divide(degreesOfFreedom)).otherwise(lit(1.0));
  }
}
