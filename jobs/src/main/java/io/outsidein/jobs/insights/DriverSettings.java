package io.outsidein.jobs.insights;

import io.outsidein.common.config.ConfigReader;
import java.time.Duration;

/** {@code outsidein.insights.drivers}: which answers are analysed and how many a fit needs (reference.conf). */
public record DriverSettings(Duration window, long minN, long minExposed) {
  static DriverSettings read(ConfigReader drivers) {
    return new DriverSettings(
        drivers.durationIn("window", Duration.ofDays(1), Duration.ofDays(3660)),
        drivers.longIn("min-n", 10, Long.MAX_VALUE),
        drivers.longIn("min-exposed", 2, Long.MAX_VALUE));
  }
}
