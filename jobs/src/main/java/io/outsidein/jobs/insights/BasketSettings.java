package io.outsidein.jobs.insights;

import io.outsidein.common.config.ConfigReader;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code outsidein.insights.baskets}: what a basket is and the thresholds of the rules mined from baskets
 * (documented in reference.conf). A rule or an itemset is frequent when it is in at least
 * max(min-count, ceil(min-support x baskets)) baskets.
 */
public record BasketSettings(
    double minSupport,
    long minCount,
    double minConfidence,
    int maxSize,
    long maxItemsets,
    BasketKind kind,
    Duration customerWindow,
    Duration window) {

  /** What one basket is. */
  public enum BasketKind {
    /** The lines of one order. */
    ORDER,
    /** Everything one customer bought within one window of {@code customer-window} days (fixed, from 1970-01-01). */
    CUSTOMER_WINDOW
  }

  public BasketSettings {
    if (maxSize < 2) {
      throw new IllegalArgumentException("a rule needs itemsets of at least two items: max-size " + maxSize);
    }
  }

  static BasketSettings read(ConfigReader baskets) {
    String kind = baskets.nonEmptyString("basket");
    BasketKind basketKind;
    try {
      basketKind = BasketKind.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw baskets.invalid("basket", "order or customer-window");
    }
    return new BasketSettings(
        baskets.doubleIn("min-support", 0, 1),
        baskets.longIn("min-count", 1, Long.MAX_VALUE),
        baskets.doubleIn("min-confidence", 0, 1),
        baskets.intIn("max-size", 2, 10),
        baskets.longIn("max-itemsets", 1, Long.MAX_VALUE),
        basketKind,
        baskets.durationIn("customer-window", Duration.ofDays(1), Duration.ofDays(366)),
        baskets.durationIn("window", Duration.ofDays(1), Duration.ofDays(3660)));
  }

  /** The same thresholds with another support floor, confidence and size: what {@code outsidein rules} asks for. */
  public BasketSettings with(double minSupport, long minCount, double minConfidence, int maxSize) {
    return new BasketSettings(minSupport, minCount, minConfidence, maxSize, maxItemsets, kind, customerWindow,
        window);
  }
}
