package io.outsidein.common.stats;

import org.apache.spark.sql.Column;

/**
 * The difference of a figure between two groups (first minus second) as column expressions: the effect, its
 * interval and the two-sided p-value of no difference; all null when either group is under the minimum n.
 */
public record Comparison(Column effect, Column low, Column high, Column pValue) {
  /** The same comparison on another scale, e.g. x100 for percentage points; the p-value does not change. */
  public Comparison scaled(double factor) {
    return new Comparison(effect.multiply(factor), low.multiply(factor), high.multiply(factor), pValue);
  }
}
