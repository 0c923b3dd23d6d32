package io.outsidein.jobs.generate;

/**
 * How each segment behaves: browsing, store visits, support needs and basket sizes. Premium customers buy
 * more and more often; business contacts buy big baskets online and need more support (cost-to-serve).
 */
enum Segment {
  CONSUMER("consumer", 1.0, 0.05, 0.006, 0.07, 2.0, 1),
  PREMIUM("premium", 1.4, 0.07, 0.006, 0.11, 3.0, 1),
  SMALL_BUSINESS("small_business", 0.8, 0.03, 0.010, 0.13, 3.5, 2),
  ENTERPRISE("enterprise", 0.6, 0.015, 0.012, 0.16, 5.0, 4);

  private final String id;
  /** Browsing sessions, relative to the mean. */
  final double sessions;
  /** Store visits (each a purchase) per day. */
  final double storeVisits;
  /** Support cases per day, before the customer's own support propensity. */
  final double cases;
  /** Chance that a logged-in session ends in an online order. */
  final double buyChance;
  /** Mean popular items per basket. */
  final double basketItems;
  /** Multiplier on the quantity of popular items. */
  final int quantityFactor;

  Segment(String id, double sessions, double storeVisits, double cases, double buyChance, double basketItems,
      int quantityFactor) {
    this.id = id;
    this.sessions = sessions;
    this.storeVisits = storeVisits;
    this.cases = cases;
    this.buyChance = buyChance;
    this.basketItems = basketItems;
    this.quantityFactor = quantityFactor;
  }

  String id() {
    return id;
  }

  static Segment of(String id) {
    for (Segment segment : values()) {
      if (segment.id.equals(id)) {
        return segment;
      }
    }
    throw new IllegalArgumentException("Unknown segment " + id);
  }
}
