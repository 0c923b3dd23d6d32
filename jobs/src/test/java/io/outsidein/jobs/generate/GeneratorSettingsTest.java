package io.outsidein.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GeneratorSettingsTest {
  private static final LocalDate FROM = LocalDate.of(2026, 9, 1);
  private static final LocalDate TO = LocalDate.of(2026, 10, 30);

  private static Config generate(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference())
        .getConfig("outsidein.generate");
  }

  @Test
  void defaultsArePinned() {
    GeneratorSettings settings = GeneratorSettings.from(generate(""), FROM, TO);
    assertThat(settings.customers()).isEqualTo(3000);
    assertThat(settings.seed()).isEqualTo(42);
    assertThat(settings.badRate()).isEqualTo(0.01);
    assertThat(settings.days()).isEqualTo(60);
    assertThat(settings.volumes().eventsPerCustomerDay()).isEqualTo(3.4);
    assertThat(settings.planted().hurricane().multiplier()).isEqualTo(6.0);
    assertThat(settings.planted().hurricane().skus()).contains("strawberry-toaster-pastry", "flashlight",
        "aa-batteries", "bottled-water-24pk", "beer-12pk");
    assertThat(settings.planted().transfers().promoterDrop()).isEqualTo(6.0);
    assertThat(settings.planted().transfers().detractorRise()).isEqualTo(8.0);
    assertThat(settings.planted().engagementNpsSlope()).isEqualTo(20.0);
    assertThat(settings.planted().renewal().chance(1, 1)).isEqualTo(0.45);
    assertThat(settings.planted().referrals().promoterRate()).isEqualTo(0.25);
    assertThat(settings.planted().coPurchase().lift()).isEqualTo(5.0);
  }

  @Test
  void rejectsABadRateOutOfRangeNamingTheKey() {
    assertThatThrownBy(() -> GeneratorSettings.from(generate("outsidein.generate.bad-rate = 1.5"), FROM, TO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outsidein.generate.bad-rate is 1.5, must be within [0, 0.5]");
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> GeneratorSettings.from(generate("outsidein.generate.custmers = 10"), FROM, TO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown configuration key(s) [outsidein.generate.custmers]");
  }

  @Test
  void rejectsPlantedEffectsThatWouldClipProbabilities() {
    assertThatThrownBy(() -> GeneratorSettings.from(
        generate("outsidein.generate.planted.transfers { promoter-drop = 20, max-transfers = 4 }"), FROM, TO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outsidein.generate.planted.transfers")
        .hasMessageContaining("out of [0, 1]");
  }

  @Test
  void rejectsARangeThatEndsBeforeItStarts() {
    assertThatThrownBy(() -> GeneratorSettings.defaults(TO, FROM))
        .hasMessage("Cannot generate from 2026-10-30 to 2026-09-01: --to is before --from");
  }
}
