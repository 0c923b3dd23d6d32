package io.outsidein.jobs.scores;

import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.config.CxAreas;
import io.outsidein.common.config.StoreSettings;
import java.time.Duration;

/** The thresholds of the scores stage ({@code outsidein.scores} in reference.conf, documented there). */
public record ScoreSettings(
    int minN,
    double confidence,
    double falseDiscoveryRate,
    Duration touchpointLookback,
    StoreSettings stores,
    CxAreas cxAreas,
    int minPulseResponses,
    int minUnitAnswers,
    Duration accountWindow,
    int minAccounts,
    RenewalEvent renewal) {

  /** The interaction that records a renewal: its event type and a property key with its value. */
  public record RenewalEvent(String eventType, String property, String value) {}

  /** Reads {@code outsidein.scores}; {@code outsidein} is the root section. */
  public static ScoreSettings read(ConfigReader outsidein) {
    ConfigReader s = outsidein.section("scores");
    return new ScoreSettings(
        s.intIn("min-n", 1, 1_000_000),
        s.doubleIn("confidence", 0.5, 0.999),
        s.doubleIn("false-discovery-rate", 0.001, 0.5),
        s.durationIn("touchpoint-lookback", Duration.ofDays(1), Duration.ofDays(3660)),
        StoreSettings.read(outsidein.section("stores")),
        CxAreas.read(s),
        s.intIn("engagement.min-responses", 1, 1000),
        s.intIn("engagement.min-answers", 1, 1_000_000),
        s.durationIn("accounts.window", Duration.ofDays(1), Duration.ofDays(3660)),
        s.intIn("accounts.min-accounts", 1, 1_000_000),
        new RenewalEvent(s.nonEmptyString("accounts.renewal-event-type"), s.nonEmptyString("accounts.renewal-property"),
            s.nonEmptyString("accounts.renewal-value")));
  }

}
