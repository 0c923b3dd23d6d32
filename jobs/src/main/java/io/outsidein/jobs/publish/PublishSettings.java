package io.outsidein.jobs.publish;

import io.outsidein.common.config.ConfigReader;
import java.time.Duration;
import java.util.List;

/** The settings of the publish stage ({@code outsidein.publish} in reference.conf, documented there). */
public record PublishSettings(int windowDays, int trendDays, double topShare, long minN, int topItems,
    int topInsights, double confidence, boolean dashboard) {
  /** The scorecard's windows: the dashboard shows one of them. */
  static final List<Integer> SCORECARD_WINDOWS = List.of(1, 7, 28);

  public static PublishSettings read(ConfigReader outsidein) {
    ConfigReader s = outsidein.section("publish");
    int window = (int) s.durationIn("window", Duration.ofDays(1), Duration.ofDays(28)).toDays();
    if (!SCORECARD_WINDOWS.contains(window)) {
      throw s.invalid("window", "one of the scorecard's windows: 1d, 7d or 28d");
    }
    return new PublishSettings(window,
        (int) s.durationIn("trend", Duration.ofDays(7), Duration.ofDays(3660)).toDays(),
        s.doubleIn("top-share", 0.01, 0.5),
        s.longIn("min-n", 1, Long.MAX_VALUE),
        s.intIn("top-items", 1, 1000),
        s.intIn("top-insights", 1, 1000),
        s.doubleIn("confidence", 0.5, 0.999),
        s.bool("dashboard"));
  }
}
