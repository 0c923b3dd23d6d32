package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * How much more often two things occur together than if they were independent, from four counts: {@code both}
 * (baskets holding A and C), {@code a} (holding A), {@code c} (holding C) and {@code n} (all baskets). The lift
 * is both n / (a c); its interval is the delta method on log lift under multinomial sampling of the 2 x 2 table:
 * Var(log lift) = 1/both - 1/a - 1/c + (2 lift - 1)/n (derived in the README, "Basket rules"). The test is
 * Fisher's exact test against positive association (one-sided): P(X >= both) for X hypergeometric with a
 * drawn from n holding c.
 */
public final class CoOccurrence {
  private final double z;

  /** {@code confidence} in (0, 1), e.g. 0.95. */
  public CoOccurrence(double confidence) {
    this.z = Distributions.twoSidedZ(confidence);
  }

  /** both n / (a c); null when a or c is 0. */
  public static Column lift(Column both, Column a, Column c, Column n) {
    return when(a.gt(0).and(c.gt(0)), both.cast("double").multiply(n).divide(a.cast("double").multiply(c)));
  }

  public Column liftLower(Column both, Column a, Column c, Column n) {
    return bound(both, a, c, n, -z);
  }

  public Column liftUpper(Column both, Column a, Column c, Column n) {
    return bound(both, a, c, n, z);
  }

  /** Fisher's exact one-sided p-value of co-occurring at least {@code both} times. */
  public static Column independenceP(Column both, Column a, Column c, Column n) {
    return Distributions.hypergeometricUpperP(both, n, c, a);
  }

  private Column bound(Column both, Column a, Column c, Column n, double zSigned) {
    Column lift = lift(both, a, c, n);
    Column variance = lit(1.0).divide(both).minus(lit(1.0).divide(a)).minus(lit(1.0).divide(c))
        .plus(lift.multiply(2).minus(1).divide(n));
    // Never co-occurring: the log lift has no finite interval.
    return when(both.gt(0).and(variance.geq(0)), exp(log(lift).plus(sqrt(variance).multiply(zSigned))));
  }
}
