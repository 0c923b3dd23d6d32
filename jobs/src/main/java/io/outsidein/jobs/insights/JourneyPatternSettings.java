package io.outsidein.jobs.insights;

import io.outsidein.common.config.ConfigReader;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code outsidein.insights.journey-patterns}: which journeys are mined for step sequences before a bad outcome and
 * the caps of the miner (documented in reference.conf). A pattern is frequent when it is in at least
 * max(min-count, ceil(min-support x bad journeys)) journeys that ended badly.
 */
public record JourneyPatternSettings(Duration window, List<String> kinds, List<String> outcomes,
    Duration churnHorizon, int maxLength, long minCount, double minSupport, long maxPatterns) {
  static final Set<String> KINDS = Set.of("case", "order", "session");
  /** A detractor or dissatisfied answer against a good one, in rated journeys. */
  static final String DETRACTOR = "detractor";
  /** A complaint step against none, in every journey of the window. */
  static final String COMPLAINT = "complaint";
  /** No order of the customer within the churn horizon after the journey, against an order within it. */
  static final String CHURN = "churn";
  static final Set<String> OUTCOMES = Set.of(DETRACTOR, COMPLAINT, CHURN);

  public JourneyPatternSettings {
    kinds = List.copyOf(kinds);
    outcomes = List.copyOf(outcomes);
  }

  static JourneyPatternSettings read(ConfigReader patterns) {
    List<String> kinds = patterns.stringList("kinds");
    for (String kind : kinds) {
      if (!KINDS.contains(kind)) {
        throw patterns.invalid("kinds", "a list of journey kinds out of case, order, session");
      }
    }
    List<String> outcomes = patterns.stringList("outcomes");
    for (String outcome : outcomes) {
      if (!OUTCOMES.contains(outcome)) {
        throw patterns.invalid("outcomes", "a list of bad outcomes out of detractor, complaint, churn");
      }
    }
    return new JourneyPatternSettings(
        patterns.durationIn("window", Duration.ofDays(1), Duration.ofDays(3660)),
        kinds,
        outcomes,
        patterns.durationIn("churn-horizon", Duration.ofDays(1), Duration.ofDays(3660)),
        patterns.intIn("max-length", 1, 10),
        patterns.longIn("min-count", 1, Long.MAX_VALUE),
        patterns.doubleIn("min-support", 0, 1),
        patterns.longIn("max-patterns", 1, Long.MAX_VALUE));
  }

  /** The least number of bad journeys a pattern must be in, of {@code bad} journeys that ended badly. */
  long minCount(long bad) {
    return Math.max(minCount, (long) Math.ceil(minSupport * bad));
  }
}
