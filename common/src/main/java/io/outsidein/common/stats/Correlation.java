package io.outsidein.common.stats;

import java.util.Optional;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A Pearson correlation of {@code n} pairs with its interval and test through Fisher's z: atanh(r) is close to
 * normal with standard error 1 / sqrt(n - 3) whatever r is, so the interval is taken there and mapped back by
 * tanh (asymmetric around r, always within -1..1), and the two-sided p-value of no correlation is that of
 * atanh(r) / se.
 */
public record Correlation(double r, double low, double high, double pValue, long n) {
  /** |r| is held just below 1 so that a perfect correlation of a few pairs still has a finite z. */
  private static final double LARGEST = 0.999999;

  /**
   * @param r the sample correlation
   * @param n the pairs behind it
   * @param confidence of the interval, e.g. 0.95
   * @return empty when r is not a number or there are 3 pairs or fewer (no standard error)
   */
  public static Optional<Correlation> of(double r, long n, double confidence) {
    if (Double.isNaN(r) || n <= 3) {
      return Optional.empty();
    }
    NormalDistribution normal = new NormalDistribution();
    double held = Math.max(-LARGEST, Math.min(LARGEST, r));
    double z = 0.5 * Math.log((1 + held) / (1 - held));
    double se = 1 / Math.sqrt(n - 3);
    double quantile = normal.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    return Optional.of(new Correlation(held, Math.tanh(z - quantile * se), Math.tanh(z + quantile * se),
        2 * normal.cumulativeProbability(-Math.abs(z / se)), n));
  }
}
