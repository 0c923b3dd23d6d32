package io.outsidein.jobs.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.config.OutsideinSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JourneySettingsTest {
  private static JourneySettings load(List<String> overrides) {
    return JourneySettings.read(OutsideinSettings.root(new ConfigLoader().load(Optional.empty(), overrides)));
  }

  @Test
  void everyDefaultIsPinned() {
    assertThat(load(List.of())).isEqualTo(new JourneySettings(Duration.ofMinutes(30), Duration.ofHours(4), 3,
        Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14),
        Duration.ofDays(7), 10, 0.95, ZoneId.of("UTC")));
  }

  @Test
  void aBadValueNamesTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> load(List.of("outsidein.journeys.max-customers-per-device=0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.journeys.max-customers-per-device");
    assertThatThrownBy(() -> load(List.of("outsidein.journeys.inactivity-gap=2h",
        "outsidein.journeys.max-session-length=1h")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.journeys.max-session-length")
        .hasMessageContaining("inactivity-gap");
    assertThatThrownBy(() -> load(List.of("outsidein.journeys.journey-horizon=10d")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.journeys.abandon-after = \"14d\"")
        .hasMessageContaining("at most outsidein.journeys.journey-horizon (10d)");
  }
}
