package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * A group's sample variance from the sufficient statistics a table keeps (n, sum, sum of squares), so that
 * windows of days add up without going back to the answers. Scores are small integers (1..7), where the
 * one-pass formula loses nothing that matters.
 */
final class Moments {
  private Moments() {}

  /** (sum of squares - sum^2 / n) / (n - 1), never negative; null for n under 2. */
  static Column variance(Column sum, Column sumOfSquares, Column n) {
    Column nd = n.cast("double");
    Column s = sum.cast("double");
    return when(n.gt(1), greatest(lit(0.0),
        sumOfSquares.cast("double").minus(s.multiply(s).divide(nd)).divide(nd.minus(1))));
  }
}
