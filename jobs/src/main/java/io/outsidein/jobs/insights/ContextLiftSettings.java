package io.outsidein.jobs.insights;

import io.outsidein.common.config.ConfigReader;
import java.time.Duration;

/** {@code outsidein.insights.context-lift}: the matched baseline and the tests of gold.context_lift. */
public record ContextLiftSettings(Duration window, int baselineWeeks, double minExpected, double dispersionAlpha) {
  static ContextLiftSettings read(ConfigReader lift) {
    return new ContextLiftSettings(
        lift.durationIn("window", Duration.ofDays(1), Duration.ofDays(3660)),
        lift.intIn("baseline-weeks", 1, 52),
        lift.doubleIn("min-expected", 0, 1_000_000),
        lift.doubleIn("dispersion-alpha", 0.0001, 0.5));
  }
}
