package io.outsidein.jobs.insights;

import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.config.CxAreas;
import io.outsidein.common.config.StoreSettings;

/** The settings of the insights stage ({@code outsidein.insights} in reference.conf, documented there). */
public record InsightSettings(double confidence, double falseDiscoveryRate, BasketSettings baskets,
    ContextLiftSettings contextLift, JourneyPatternSettings journeyPatterns, DriverSettings drivers,
    StoreSettings stores, CxAreas cxAreas) {
  public static InsightSettings read(ConfigReader outsidein) {
    ConfigReader s = outsidein.section("insights");
    return new InsightSettings(
        s.doubleIn("confidence", 0.5, 0.999),
        s.doubleIn("false-discovery-rate", 0.001, 0.5),
        BasketSettings.read(s.section("baskets")),
        ContextLiftSettings.read(s.section("context-lift")),
        JourneyPatternSettings.read(s.section("journey-patterns")),
        DriverSettings.read(s.section("drivers")),
        StoreSettings.read(outsidein.section("stores")),
        // The scorecard's areas: one definition of the company's CX areas for both stages.
        CxAreas.read(outsidein.section("scores")));
  }
}
