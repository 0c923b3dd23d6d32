package io.outsidein.common.stats;

/**
 * One coefficient of a least-squares fit: the estimate, its robust standard error, the interval at the fit's
 * confidence and the two-sided p-value of zero, with the degrees of freedom of the t distribution behind them.
 */
public record Coefficient(String name, double estimate, double standardError, double low, double high,
    double pValue, long degreesOfFreedom) {

  /** The same coefficient on another scale (e.g. x100 for percentage points); the p-value does not change. */
  public Coefficient scaled(double factor) {
    double a = low * factor;
    double b = high * factor;
    return new Coefficient(name, estimate * factor, standardError * Math.abs(factor), Math.min(a, b),
        Math.max(a, b), pValue, degreesOfFreedom);
  }
}
