package io.outsidein.jobs.journeys;

import com.typesafe.config.Config;
import io.outsidein.common.config.ConfigReader;
import java.time.Duration;

/** The thresholds of the journeys stage ({@code outsidein.journeys} in reference.conf, documented there). */
public record JourneySettings(
    Duration inactivityGap,
    Duration maxSessionLength,
    int maxCustomersPerDevice,
    int lookbackDays,
    Duration caseAttachWindow,
    Duration repeatContactWindow,
    Duration abandonAfter,
    Duration surveyAttachWindow,
    int minN,
    double confidence) {

  public JourneySettings {
    if (maxSessionLength.compareTo(inactivityGap) < 0) {
      throw new IllegalArgumentException("max-session-length must not be shorter than inactivity-gap");
    }
  }

  /** Reads {@code outsidein.journeys} of a loaded (validated) configuration. */
  public static JourneySettings from(Config root) {
    ConfigReader j = new ConfigReader(root).section("outsidein.journeys");
    Duration gap = j.durationIn("inactivity-gap", Duration.ofSeconds(1), Duration.ofDays(1));
    Duration maxLength = j.durationIn("max-session-length", Duration.ofMinutes(1), Duration.ofDays(7));
    if (maxLength.compareTo(gap) < 0) {
      throw j.invalid("max-session-length", "at least outsidein.journeys.inactivity-gap (" + gap + ")");
    }
    return new JourneySettings(
        gap,
        maxLength,
        j.intIn("max-customers-per-device", 1, 1000),
        j.intIn("lookback-days", 1, 366),
        j.durationIn("case-attach-window", Duration.ZERO, Duration.ofDays(90)),
        j.durationIn("repeat-contact-window", Duration.ZERO, Duration.ofDays(90)),
        j.durationIn("abandon-after", Duration.ofHours(1), Duration.ofDays(366)),
        j.durationIn("survey-attach-window", Duration.ZERO, Duration.ofDays(90)),
        j.intIn("min-n", 1, 1_000_000),
        j.doubleIn("confidence", 0.5, 0.999));
  }
}
