package io.outsidein.jobs.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.config.ConfigurationException;
import org.junit.jupiter.api.Test;

class CustomerSettingsTest {
  @Test
  void defaultsArePinned() {
    CustomerSettings s = CustomerScoresTest.settings();
    assertThat(s.window().toDays()).isEqualTo(90);
    assertThat(s.marginRate()).isEqualTo(0.30);
    assertThat(s.contactCost().byChannel()).containsEntry("call_center", 4.0).containsEntry("web", 0.2)
        .doesNotContainKey("other");
    assertThat(s.contactCost().other()).isEqualTo(2.0);
    assertThat(s.handlingMinutes().byChannel()).containsEntry("call_center", 8.0);
    assertThat(s.agentCostPerMinute()).isEqualTo(0.75);
    assertThat(s.transferCost()).isEqualTo(3.0);
    assertThat(s.returnCost()).isEqualTo(7.5);
    assertThat(s.costlyRatio()).isEqualTo(1.0);
    assertThat(s.whyReasons()).isEqualTo(3);
    assertThat(s.forecastHorizon().toDays()).isEqualTo(365);
    assertThat(s.forecastPriorDays()).isEqualTo(30.0);
    assertThat(s.lookalikeTopShare()).isEqualTo(0.2);
  }

  @Test
  void aBadCostNamesItsKeyAndValue() {
    assertThatThrownBy(() -> CustomerScoresTest.settings("outsidein.customers.costs.contact.chat=-1"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.customers.costs.contact.chat").hasMessageContaining("-1");
    assertThatThrownBy(() -> CustomerScoresTest.settings("outsidein.customers.margin-rate=1.5"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("outsidein.customers.margin-rate");
    assertThatThrownBy(() -> CustomerScoresTest.settings("outsidein.customers.costs.contact.fax=cheap"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("outsidein.customers.costs.contact.fax");
  }
}
