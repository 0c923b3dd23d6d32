package io.outsidein.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.config.OutsideinSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SampleDataSettingsTest {
  private static final LocalDate FROM = LocalDate.of(2026, 9, 1);
  private static final LocalDate TO = LocalDate.of(2026, 10, 30);

  private static SampleDataSettings load(String... overrides) {
    return SampleDataSettings.read(OutsideinSettings.root(new ConfigLoader().load(Optional.empty(), List.of(overrides))));
  }

  @Test
  void defaultsArePinned() {
    GeneratorSettings settings = load().forRange(FROM, TO);
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
    assertThat(SampleDataSettings.defaults()).isEqualTo(load());
  }

  @Test
  void aBadRateOutOfRangeNamesTheKeyTheValueTheOriginAndWhatIsAllowed() {
    assertThatThrownBy(() -> load("outsidein.generate.bad-rate=1.5"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Invalid configuration: outsidein.generate.bad-rate = 1.5 (command line --set); "
            + "must be a number from 0.0 to 0.5");
  }

  @Test
  void anUnknownKeyIsRejectedByTheLoaderWithASuggestion() {
    assertThatThrownBy(() -> load("outsidein.generate.custmers=10"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unknown configuration key outsidein.generate.custmers")
        .hasMessageContaining("did you mean outsidein.generate.customers?");
  }

  @Test
  void plantedEffectsThatWouldClipProbabilitiesAreRejected() {
    assertThatThrownBy(() -> load("outsidein.generate.planted.transfers.promoter-drop=20",
        "outsidein.generate.planted.transfers.max-transfers=4"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.generate.planted.transfers")
        .hasMessageContaining("out of [0, 1]");
  }

  @Test
  void plantedItemsMustDiffer() {
    assertThatThrownBy(() -> load("outsidein.generate.planted.co-purchase.pairs=[\"pasta:flashlight\"]"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.generate.planted.co-purchase.pairs");
  }

  @Test
  void aRangeThatEndsBeforeItStartsIsRejected() {
    assertThatThrownBy(() -> GeneratorSettings.defaults(TO, FROM))
        .hasMessage("Cannot generate from 2026-10-30 to 2026-09-01: --to is before --from");
  }
}
