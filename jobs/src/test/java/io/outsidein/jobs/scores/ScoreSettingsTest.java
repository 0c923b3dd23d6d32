package io.outsidein.jobs.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.config.CxAreaRule;
import org.junit.jupiter.api.Test;

class ScoreSettingsTest {
  @Test
  void defaultsArePinned() {
    ScoreSettings s = ScorecardTest.settings();
    assertThat(s.minN()).isEqualTo(30);
    assertThat(s.confidence()).isEqualTo(0.95);
    assertThat(s.falseDiscoveryRate()).isEqualTo(0.05);
    assertThat(s.touchpointLookback().toDays()).isEqualTo(90);
    assertThat(s.stores().regionPattern().orElseThrow().pattern()).isEqualTo("^(.+)-[0-9]+$");
    assertThat(s.cxAreas().rules()).extracting(CxAreaRule::area).containsOnly("recommend", "return", "pay",
        "get_help", "receive", "buy", "discover", "use");
  }

  @Test
  void aMisspeltKeyInsideAnAreaRuleStopsWithItsPlace() {
    assertThatThrownBy(() -> ScorecardTest.settings("outsidein.scores.cx-areas=[{area = buy, event-type = [purchase]}]"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.scores.cx-areas[0].event-type")
        .hasMessageContaining("did you mean outsidein.scores.cx-areas[0].event-types?");
    assertThatThrownBy(() -> ScorecardTest.settings("outsidein.scores.cx-areas=[{area = buy}]"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("at least one non-empty list");
    assertThatThrownBy(() -> ScorecardTest.settings("outsidein.scores.cx-areas=[{area = unmapped, channels = [web]}]"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("holds what no rule matches");
  }

  @Test
  void aRegionPatternNeedsAGroupAndMayBeSwitchedOff() {
    assertThatThrownBy(() -> ScorecardTest.settings("outsidein.stores.region-pattern=\"^gulf\""))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs a group");
    assertThatThrownBy(() -> ScorecardTest.settings("outsidein.stores.region-pattern=\"(\""))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("regular expression");
    assertThat(ScorecardTest.settings("outsidein.stores.region-pattern=\"\"").stores().regionPattern()).isEmpty();
  }
}
