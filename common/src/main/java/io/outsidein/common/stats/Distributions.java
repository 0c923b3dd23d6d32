package io.outsidein.common.stats;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * P-values from Apache Commons Math. Spark SQL has no normal or t distribution function, and these are
 * not to be written by hand; they run once per compared group (a scorecard cell, a link), never per event, so
 * a UDF costs nothing that shows.
 */
final class Distributions {
  private static final UserDefinedFunction NORMAL_TWO_SIDED = functions.udf(
      (UDF1<Double, Double>) Distributions::normalTwoSided, DataTypes.DoubleType).withName("normal_two_sided_p");
  private static final UserDefinedFunction T_TWO_SIDED = functions.udf(
      (UDF2<Double, Double, Double>) Distributions::tTwoSided, DataTypes.DoubleType).withName("t_two_sided_p");
  private static final UserDefinedFunction CHI_SQUARED_UPPER = functions.udf(
      (UDF2<Double, Double, Double>) Distributions::chiSquaredUpper, DataTypes.DoubleType)
      .withName("chi_squared_upper_p");
  private static final UserDefinedFunction HYPERGEOMETRIC_UPPER = functions.udf(
      (UDF4<Long, Long, Long, Long, Double>) Distributions::hypergeometricUpper, DataTypes.DoubleType)
      .withName("hypergeometric_upper_p");

  private Distributions() {}

  /** P(|Z| >= |z|) for a standard normal Z; null for a null or non-finite z. */
  static Column normalTwoSidedP(Column z) {
    return NORMAL_TWO_SIDED.apply(z.cast("double"));
  }

  /** P(|T| >= |t|) for Student's t with {@code df} degrees of freedom (fractional allowed). */
  static Column tTwoSidedP(Column t, Column df) {
    return T_TWO_SIDED.apply(t.cast("double"), df.cast("double"));
  }

  static Double normalTwoSided(Double z) {
    if (z == null || !Double.isFinite(z)) {
      return null;
    }
    return 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z));
  }

  static Double tTwoSided(Double t, Double df) {
    if (t == null || df == null || !Double.isFinite(t) || !(df > 0) || !Double.isFinite(df)) {
      return null;
    }
    return 2 * new TDistribution(df).cumulativeProbability(-Math.abs(t));
  }

  /**
   * P(X >= k) for X hypergeometric: {@code draws} drawn without replacement from {@code population} holding
   * {@code successes}; Fisher's exact test of a 2 x 2 table against positive association (one-sided).
   */
  static Column hypergeometricUpperP(Column k, Column population, Column successes, Column draws) {
    return HYPERGEOMETRIC_UPPER.apply(k.cast("long"), population.cast("long"), successes.cast("long"),
        draws.cast("long"));
  }

  static Double hypergeometricUpper(Long k, Long population, Long successes, Long draws) {
    if (k == null || population == null || successes == null || draws == null || population > Integer.MAX_VALUE
        || successes > population || draws > population || k < 0 || successes < 0 || draws < 0) {
      return null;
    }
    // No random generator: the distribution is only evaluated, never sampled.
    return new HypergeometricDistribution(null, population.intValue(), successes.intValue(), draws.intValue())
        .upperCumulativeProbability((int) Math.min(k, Integer.MAX_VALUE));
  }

  /** P(X >= x) for X chi-squared with {@code df} degrees of freedom: a dispersion test's p-value. */
  static Column chiSquaredUpperP(Column x, Column df) {
    return CHI_SQUARED_UPPER.apply(x.cast("double"), df.cast("double"));
  }

  static Double chiSquaredUpper(Double x, Double df) {
    if (x == null || df == null || !Double.isFinite(x) || !(df > 0) || !Double.isFinite(df)) {
      return null;
    }
    return 1 - new ChiSquaredDistribution(null, df).cumulativeProbability(x);
  }

  /** The two-sided normal quantile of a confidence level in (0, 1): 1.96 for 0.95. */
  static double twoSidedZ(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must lie in (0, 1): " + confidence);
    }
    return new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }
}
