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

  @SuppressWarnings("unchecked")
  @Test
  void everyHurricaneSkuSellsItsPlantedMultipleInWarnedStoresAndNothingElseRises() {
    Map<String, Object> hurricane = (Map<String, Object>) AcceptanceWarehouse.get().truth().planted()
        .get("hurricane_skus");
    double multiplier = ((Number) hurricane.get("multiplier")).doubleValue();
    String lift = AcceptanceWarehouse.GOLD + ".context_lift WHERE run_date = DATE'" + AcceptanceWarehouse.TO + "'";
    for (String sku : (List<String>) hurricane.get("skus")) {
      Row row = TestSpark.session().sql("SELECT * FROM " + lift + " AND context_type = 'hurricane_warning' AND item = '"
          + sku + "'").first();
      System.out.printf(java.util.Locale.ROOT, "TRUTH (a) %s: planted %.1f, rate ratio %.2f [%.2f, %.2f], observed %d, "
              + "expected %.1f, %d stores, %d warnings, %d days, %s, q %.2g%n", sku, multiplier,
          row.<Double>getAs("rate_ratio"), row.<Double>getAs("ci_low"), row.<Double>getAs("ci_high"),
          row.<Long>getAs("observed"), row.<Double>getAs("expected"), row.<Long>getAs("stores"),
          row.<Long>getAs("events"), row.<Long>getAs("days"), row.getAs("model"), row.<Double>getAs("q_value"));
      assertThat(row.<Boolean>getAs("significant")).as(sku).isTrue();
      assertThat(row.<Double>getAs("ci_low")).as(sku).isLessThanOrEqualTo(multiplier);
      assertThat(row.<Double>getAs("ci_high")).as(sku).isGreaterThanOrEqualTo(multiplier);
    }
    List<String> named = new java.util.ArrayList<>((List<String>) hurricane.get("skus"));
    named.addAll((List<String>) hurricane.get("control_skus"));
    String in = "('" + String.join("', '", named) + "')";
    // Control SKUs in the warnings, and every named SKU in every other context: no significant rise.
    List<Row> rising = TestSpark.session().sql("SELECT context_type, item, rate_ratio, q_value FROM " + lift
        + " AND significant AND rate_ratio > 1 AND item IN " + in + " AND NOT (context_type = 'hurricane_warning' "
        + "AND item IN ('" + String.join("', '", (List<String>) hurricane.get("skus")) + "'))").collectAsList();
    assertThat(rising).isEmpty();
  }

  @SuppressWarnings("unchecked")
  @Test
  void theObservedUnitsAreInStoreSalesOfTheWarnedStoresOnly() {
    Map<String, Object> hurricane = (Map<String, Object>) AcceptanceWarehouse.get().truth().planted()
        .get("hurricane_skus");
    String sku = ((List<String>) hurricane.get("skus")).get(0);
    StringBuilder days = new StringBuilder("false");
    for (Map<String, Object> warning : (List<Map<String, Object>>) hurricane.get("warnings")) {
      days.append(" OR (store_id LIKE '").append(warning.get("region")).append("-%' AND to_date(order_time) BETWEEN "
          + "DATE'").append(warning.get("start_date")).append("' AND DATE'").append(warning.get("end_date"))
          .append("')");
    }
    long inStore = TestSpark.session().sql("SELECT coalesce(sum(quantity), 0) FROM " + AcceptanceWarehouse.SILVER
        + ".order_lines WHERE store_id IS NOT NULL AND quantity > 0 AND sku = '" + sku + "' AND (" + days + ")")
        .first().getLong(0);
    long online = TestSpark.session().sql("SELECT coalesce(sum(quantity), 0) FROM " + AcceptanceWarehouse.SILVER
        + ".order_lines WHERE store_id IS NULL AND quantity > 0 AND sku = '" + sku + "' AND to_date(order_time) "
        + "BETWEEN DATE'" + AcceptanceWarehouse.FROM + "' AND DATE'" + AcceptanceWarehouse.TO + "'").first().getLong(0);
    Row row = TestSpark.session().sql("SELECT observed FROM " + AcceptanceWarehouse.GOLD + ".context_lift WHERE "
        + "run_date = DATE'" + AcceptanceWarehouse.TO + "' AND context_type = 'hurricane_warning' AND item = '" + sku
        + "'").first();
    assertThat(online).as("online orders of " + sku + " exist, to be left out").isPositive();
    assertThat(row.getLong(0)).isEqualTo(inStore);
  }

  @SuppressWarnings("unchecked")
  @Test
  void everyPlantedRiseIsAnActiveInsightWithItsSentence() {
    List<Row> active = TestSpark.session().sql("SELECT kind, sentence, evidence, rank FROM " + AcceptanceWarehouse.GOLD
        + ".insights WHERE status = 'active' AND last_seen = DATE'" + AcceptanceWarehouse.TO + "'").collectAsList();
    Map<String, Object> hurricane = (Map<String, Object>) AcceptanceWarehouse.get().truth().planted()
        .get("hurricane_skus");
    List<String> planted = new java.util.ArrayList<>();
    for (String sku : (List<String>) hurricane.get("skus")) {
      String sentence = "During hurricane warnings, " + sku + " sells ";
      assertThat(active).as(sku).anyMatch(r -> r.<String>getAs("sentence").startsWith(sentence));
      planted.add(sentence);
    }
    for (Map<String, Object> pair : pairs("pairs")) {
      String sentence = "Baskets with " + pair.get("a") + " also hold " + pair.get("b") + " ";
      assertThat(active).as(sentence).anyMatch(r -> r.<String>getAs("sentence").startsWith(sentence));
      planted.add(sentence);
      planted.add("Baskets with " + pair.get("b") + " also hold " + pair.get("a") + " ");
    }
    // The transfer effect (b): each transfer after the first as a driver, and the steps before detractors that
    // hold transfers (its test is below).
    planted.add("Among all customers, each transfer after the first lowers the NPS of rated case journeys ");
    planted.add("Rated case journeys with the steps transfer ");
    // Not a named truth but the generator's own mechanism: each transfer after the first makes a complaint likelier.
    planted.add("Case journeys with the steps transfer ");
    List<String> others = active.stream().map(r -> r.<String>getAs("sentence"))
        .filter(sentence -> planted.stream().noneMatch(sentence::startsWith)).toList();
    System.out.printf(java.util.Locale.ROOT, "TRUTH insights: %d active on %s, %d not among the planted effects%s%n",
        active.size(), AcceptanceWarehouse.TO, others.size(), others.isEmpty() ? "" : ": " + others);
    for (String kind : Findings.KINDS) {
      assertThat(active.stream().filter(r -> r.getAs("kind").equals(kind)).map(r -> r.<Integer>getAs("rank")))
          .as(kind).doesNotHaveDuplicates();
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void transfersAfterTheFirstLowerCaseNpsByThePlantedPointsAndComeBeforeDetractors() {
    Map<String, Object> transfers = (Map<String, Object>) AcceptanceWarehouse.get().truth().planted()
        .get("transfers_to_detractors");
    double planted = ((Number) transfers.get("nps_points_per_extra_transfer")).doubleValue();
    String drivers = "SELECT * FROM " + AcceptanceWarehouse.GOLD + ".drivers WHERE run_date = DATE'"
        + AcceptanceWarehouse.TO + "' AND segment = 'all' AND cx_area = 'all' AND journey_kind = 'case' "
        + "AND metric = 'nps' AND driver = ";
    Row further = TestSpark.session().sql(drivers + "'further_transfers'").first();
    Row first = TestSpark.session().sql(drivers + "'transferred'").first();
    for (Row row : List.of(further, first)) {
      System.out.printf(java.util.Locale.ROOT, "TRUTH (b) %s: planted %.1f NPS points, estimate %.1f [%.1f, %.1f], "
              + "strength %.3f, n %d, q %.2g%n", row.getAs("driver"), row == further ? planted : 0.0,
          row.<Double>getAs("estimate"), row.<Double>getAs("ci_low"), row.<Double>getAs("ci_high"),
          row.<Double>getAs("strength"), row.<Long>getAs("n"), row.<Double>getAs("q_value"));
    }
    assertThat(further.<Boolean>getAs("significant")).isTrue();
    assertThat(further.<Double>getAs("ci_low")).isLessThanOrEqualTo(planted);
    assertThat(further.<Double>getAs("ci_high")).isGreaterThanOrEqualTo(planted);
    // The first transfer is planted with no effect of its own.
    assertThat(first.<Double>getAs("ci_low")).isLessThanOrEqualTo(0);
    assertThat(first.<Double>getAs("ci_high")).isGreaterThanOrEqualTo(0);

    Row pattern = TestSpark.session().sql("SELECT * FROM " + AcceptanceWarehouse.GOLD + ".journey_patterns WHERE "
        + "run_date = DATE'" + AcceptanceWarehouse.TO + "' AND journey_kind = 'case' AND outcome = 'detractor' "
        + "AND pattern = array('transfer', 'transfer')").first();
    System.out.printf(java.util.Locale.ROOT, "TRUTH (b) case steps transfer -> transfer: lift %.2f "
            + "[%.2f, %.2f], %d of %d bad and %d of %d good journeys, q %.2g%n", pattern.<Double>getAs("lift"),
        pattern.<Double>getAs("ci_low"), pattern.<Double>getAs("ci_high"), pattern.<Long>getAs("bad_count"),
        pattern.<Long>getAs("bad_journeys"), pattern.<Long>getAs("good_count"), pattern.<Long>getAs("good_journeys"),
        pattern.<Double>getAs("q_value"));
    assertThat(pattern.<Boolean>getAs("significant")).isTrue();
    assertThat(pattern.<Double>getAs("ci_low")).isGreaterThan(1);
    List<Row> sentences = TestSpark.session().sql("SELECT sentence FROM " + AcceptanceWarehouse.GOLD + ".insights "
        + "WHERE status = 'active' AND kind IN ('journey_pattern', 'driver') AND sentence LIKE '%transfer%'")
        .collectAsList();
    assertThat(sentences).anyMatch(r -> r.getString(0).startsWith("Rated case journeys with the steps transfer -> "
        + "transfer end in a detractor"));
    assertThat(sentences).anyMatch(r -> r.getString(0).startsWith("Among all customers, each transfer after the "
        + "first lowers the NPS of rated case journeys by "));
    // Order answers are planted without any link to transfers: their patterns do not rise.
    assertThat(TestSpark.session().sql("SELECT count(1) FROM " + AcceptanceWarehouse.GOLD + ".journey_patterns "
        + "WHERE journey_kind = 'order' AND outcome = 'detractor' AND significant AND lift > 1 "
        + "AND array_contains(pattern, 'transfer')").first().getLong(0)).isZero();
    // The generator makes a complaint likelier with each transfer after the first (CaseSimulator): the steps
    // before complaints show it too.
    Row beforeComplaints = TestSpark.session().sql("SELECT * FROM " + AcceptanceWarehouse.GOLD + ".journey_patterns "
        + "WHERE run_date = DATE'" + AcceptanceWarehouse.TO + "' AND journey_kind = 'case' AND outcome = 'complaint' "
        + "AND pattern = array('transfer', 'transfer')").first();
    System.out.printf(java.util.Locale.ROOT, "TRUTH case steps transfer -> transfer before a complaint: lift %.2f "
            + "[%.2f, %.2f], %d of %d complaints and %d of %d others, q %.2g%n",
        beforeComplaints.<Double>getAs("lift"), beforeComplaints.<Double>getAs("ci_low"),
        beforeComplaints.<Double>getAs("ci_high"), beforeComplaints.<Long>getAs("bad_count"),
        beforeComplaints.<Long>getAs("bad_journeys"), beforeComplaints.<Long>getAs("good_count"),
        beforeComplaints.<Long>getAs("good_journeys"), beforeComplaints.<Double>getAs("q_value"));
    assertThat(beforeComplaints.<Double>getAs("ci_low")).isGreaterThan(1);
  }
}
