package io.outsidein.jobs.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.ExitCodes;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import io.outsidein.jobs.testing.TestOrder;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The insights stage on the shared acceptance warehouse (the night that built it ran it). */
@Order(TestOrder.READS_A_SHARED_WORLD)
class InsightsJobTest {
  private static final String RULES = AcceptanceWarehouse.GOLD + ".basket_rules";

  @BeforeAll
  static void warehouse() {
    assertThat(AcceptanceWarehouse.get().nightlyExit()).isEqualTo(ExitCodes.SUCCESS);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> pairs(String which) {
    return (List<Map<String, Object>>) ((Map<String, Object>) AcceptanceWarehouse.get().truth().planted()
        .get("co_purchase")).get(which);
  }

  private static Row rule(String antecedent, String consequent) {
    List<Row> rows = TestSpark.session().sql("SELECT * FROM " + RULES + " WHERE antecedent = array('" + antecedent
        + "') AND consequent = '" + consequent + "' AND run_date = DATE'" + AcceptanceWarehouse.TO + "'")
        .collectAsList();
    assertThat(rows).as(antecedent + " => " + consequent).hasSizeLessThanOrEqualTo(1);
    return rows.isEmpty() ? null : rows.get(0);
  }

  @Test
  void everyPlantedPairIsFoundWithAnIntervalCoveringItsLiftAndNoControlPairIs() {
    for (Map<String, Object> pair : pairs("pairs")) {
      double planted = ((Number) pair.get("lift")).doubleValue();
      for (String[] direction : new String[][] {{(String) pair.get("a"), (String) pair.get("b")},
          {(String) pair.get("b"), (String) pair.get("a")}}) {
        Row found = rule(direction[0], direction[1]);
        assertThat(found).as("%s => %s", direction[0], direction[1]).isNotNull();
        System.out.printf(java.util.Locale.ROOT, "TRUTH (f) %s => %s: planted lift %.2f, lift %.2f [%.2f, %.2f], "
                + "support %d of %d baskets, q %.2g%n", direction[0], direction[1], planted,
            found.<Double>getAs("lift"), found.<Double>getAs("lift_ci_low"), found.<Double>getAs("lift_ci_high"),
            found.<Long>getAs("support_count"), found.<Long>getAs("baskets"), found.<Double>getAs("q_value"));
        assertThat(found.<Boolean>getAs("significant")).isTrue();
        assertThat(found.<Double>getAs("lift_ci_low")).as("%s => %s lift %s", direction[0], direction[1],
            found.getAs("lift")).isLessThanOrEqualTo(planted);
        assertThat(found.<Double>getAs("lift_ci_high")).isGreaterThanOrEqualTo(planted);
      }
    }
    for (Map<String, Object> pair : pairs("control_pairs")) {
      Row found = rule((String) pair.get("a"), (String) pair.get("b"));
      // Not a rule at the stage's thresholds, or not a significant one.
      assertThat(found == null || !found.<Boolean>getAs("significant")).as("control %s", pair).isTrue();
    }
  }

  @Test
  void theRulesAreCountsOfTheOrdersInSilver() {
    Row check = TestSpark.session().sql("SELECT count(DISTINCT order_id) FROM " + AcceptanceWarehouse.SILVER
        + ".order_lines WHERE quantity > 0 AND sku IS NOT NULL AND to_date(order_time) BETWEEN date_sub(DATE'"
        + AcceptanceWarehouse.TO + "', 89) AND DATE'" + AcceptanceWarehouse.TO + "'").first();
    Row rules = TestSpark.session().sql("SELECT min(baskets), max(baskets), count(1), min(support_count) FROM "
        + RULES).first();
    assertThat(rules.getLong(0)).isEqualTo(check.getLong(0)).isEqualTo(rules.getLong(1));
    assertThat(rules.getLong(2)).isPositive();
    assertThat(rules.getLong(3)).isGreaterThanOrEqualTo(10);
    Map<String, Object> pair = pairs("pairs").get(0);
    Row both = TestSpark.session().sql("SELECT count(DISTINCT order_id) FROM (SELECT order_id FROM "
        + AcceptanceWarehouse.SILVER + ".order_lines WHERE quantity > 0 AND sku IN ('" + pair.get("a") + "', '"
        + pair.get("b") + "') AND to_date(order_time) BETWEEN date_sub(DATE'" + AcceptanceWarehouse.TO + "', 89) "
        + "AND DATE'" + AcceptanceWarehouse.TO + "' GROUP BY order_id HAVING count(DISTINCT sku) = 2)").first();
    assertThat(rule((String) pair.get("a"), (String) pair.get("b")).<Long>getAs("support_count"))
        .isEqualTo(both.getLong(0));
  }
}
