package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.YearMonth;

/**
 * The latent engagement of each unit (store or team) and month: a unit level plus a monthly swing, on the
 * 1-5 scale of the pulse items. The pulse answers scatter around it, and (c) the unit's customers' NPS in the
 * next month moves with its deviation from {@link #CENTRE}. Both sides call this class, so they agree.
 */
final class EngagementLevels implements Serializable {
  static final double CENTRE = 3.3;
  /** The largest deviation from the centre any unit-month can have. */
  static final double MAX_DEVIATION = 1.2;
  /** Per-question offsets from the unit mean (they sum to 0): some items always score lower. */
  private static final double[] ITEM_OFFSETS = {0.3, 0.2, 0.1, 0.1, 0, -0.3, 0.1, -0.2, 0, 0.1, -0.1, -0.3};

  private final long seed;

  EngagementLevels(long seed) {
    this.seed = seed;
  }

  double mean(String unit, YearMonth month) {
    long unitKey = unit.hashCode() & 0xffffffffL;
    double level = 2.7 + 1.2 * Draw.of(seed, Draw.Stream.ENGAGEMENT_UNIT, unitKey).uniform();
    double swing = Draw.of(seed, Draw.Stream.ENGAGEMENT_MONTH, unitKey * 100_000 + month.getYear() * 12L
        + month.getMonthValue()).uniform(-0.5, 0.5);
    return Math.max(CENTRE - MAX_DEVIATION, Math.min(CENTRE + MAX_DEVIATION, level + swing));
  }

  /** The deviation from the centre, in engagement points. */
  double deviation(String unit, YearMonth month) {
    return mean(unit, month) - CENTRE;
  }

  /** One answer to question q (1..12), 1-5, whose expectation is the unit mean plus the item's offset. */
  static int answer(double unitMean, int question, Draw draw) {
    double target = Math.max(1, Math.min(5, unitMean + ITEM_OFFSETS[question - 1]));
    int value = (int) Math.floor(target);
    if (value < 5 && draw.chance(target - value)) {
      value++;
    }
    // Symmetric noise keeps the expectation where it is; skipped at the ends of the scale.
    if (value > 1 && value < 5 && draw.chance(0.3)) {
      value += draw.chance(0.5) ? 1 : -1;
    }
    return value;
  }
}
