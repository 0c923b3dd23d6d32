package io.outsidein.jobs.journeys;

import io.outsidein.common.config.ConfigReader;
import java.time.Duration;
import java.time.ZoneId;

/** The thresholds of the journeys stage ({@code outsidein.journeys} in reference.conf, documented there). */
public record JourneySettings(
    Duration inactivityGap,
    Duration maxSessionLength,
    int maxCustomersPerDevice,
    Duration identityHorizon,
    Duration journeyHorizon,
    Duration caseAttachWindow,
    Duration repeatContactWindow,
    Duration abandonAfter,
    Duration surveyAttachWindow,
    int minN,
    double confidence,
    ZoneId promisedDateZone) {

  public JourneySettings {
    if (maxSessionLength.compareTo(inactivityGap) < 0) {
      throw new IllegalArgumentException("max-session-length must not be shorter than inactivity-gap");
    }
    if (abandonAfter.compareTo(journeyHorizon) > 0) {
      throw new IllegalArgumentException("abandon-after must not be longer than journey-horizon");
    }
  }

  /** Reads {@code outsidein.journeys}; {@code outsidein} is the root section. */
  public static JourneySettings read(ConfigReader outsidein) {
    ConfigReader j = outsidein.section("journeys");
    Duration gap = j.durationIn("inactivity-gap", Duration.ofSeconds(1), Duration.ofDays(1));
    Duration maxLength = j.durationIn("max-session-length", Duration.ofMinutes(1), Duration.ofDays(7));
    if (maxLength.compareTo(gap) < 0) {
      throw j.invalid("max-session-length", "at least outsidein.journeys.inactivity-gap (" + ConfigReader.format(gap) + ")");
    }
    Duration horizon = j.durationIn("journey-horizon", Duration.ofDays(1), Duration.ofDays(366));
    Duration abandon = j.durationIn("abandon-after", Duration.ofHours(1), Duration.ofDays(366));
    if (abandon.compareTo(horizon) > 0) {
      throw j.invalid("abandon-after", "at most outsidein.journeys.journey-horizon (" + ConfigReader.format(horizon) + "): a case "
          + "is rebuilt only while it lies within the horizon, so it must be abandoned by then");
    }
    return new JourneySettings(
        gap,
        maxLength,
        j.intIn("max-customers-per-device", 1, 1000),
        j.durationIn("identity-horizon", Duration.ofHours(1), Duration.ofDays(366)),
        horizon,
        j.durationIn("case-attach-window", Duration.ZERO, Duration.ofDays(90)),
        j.durationIn("repeat-contact-window", Duration.ZERO, Duration.ofDays(90)),
        abandon,
        j.durationIn("survey-attach-window", Duration.ZERO, Duration.ofDays(90)),
        j.intIn("min-n", 1, 1_000_000),
        j.doubleIn("confidence", 0.5, 0.999),
        j.zone("promised-date-zone"));
  }
}
