package io.outsidein.jobs.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.insights.BasketSettings.BasketKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The miner's rules on hand-built baskets. */
class BasketMinerTest {
  private static final StructType LINES = new StructType().add(BasketMiner.BASKET, DataTypes.StringType)
      .add(BasketMiner.ITEM, DataTypes.StringType);

  private static BasketMiner miner(double support, long count, double confidence, int maxSize, long maxItemsets) {
    return new BasketMiner(new BasketSettings(support, count, confidence, maxSize, maxItemsets, BasketKind.ORDER,
        Duration.ofDays(30), Duration.ofDays(90)), 0.95, 0.05, 2);
  }

  /** {@code baskets} copies of a basket holding {@code items}, ids starting at {@code first}. */
  private static List<Row> baskets(int first, int baskets, String... items) {
    List<Row> rows = new ArrayList<>();
    for (int b = first; b < first + baskets; b++) {
      for (String item : items) {
        rows.add(RowFactory.create("b" + b, item));
      }
    }
    return rows;
  }

  private static Dataset<Row> frame(List<Row> rows) {
    return TestSpark.session().createDataFrame(rows, LINES);
  }

  @Test
  void aRepeatedItemCountsOnceAndBlankLinesAreNoItems() {
    List<Row> rows = new ArrayList<>(baskets(0, 6, "milk", "bread", "milk"));
    rows.addAll(baskets(6, 4, "bread"));
    rows.add(RowFactory.create("b0", null));
    rows.add(RowFactory.create(null, "milk"));
    BasketMiner.Mined mined = miner(0, 3, 0.5, 3, 1000).mine(frame(rows));
    assertThat(mined.baskets()).isEqualTo(10);
    List<Row> rules = mined.rules().collectAsList();
    // milk => bread: 6 of 6; bread => milk: 6 of 10; lift 1 either way (every basket with milk has bread).
    assertThat(rules).hasSize(2);
    Row milkToBread = rules.stream().filter(r -> r.getAs("consequent").equals("bread")).findFirst().orElseThrow();
    assertThat(milkToBread.<Long>getAs("support_count")).isEqualTo(6L);
    assertThat(milkToBread.<Double>getAs("confidence")).isEqualTo(1.0);
    assertThat(milkToBread.<Double>getAs("lift")).isEqualTo(1.0);
    assertThat(milkToBread.<Long>getAs("antecedent_count")).isEqualTo(6L);
    assertThat(milkToBread.<Long>getAs("consequent_count")).isEqualTo(10L);
  }

  @Test
  void theSupportShareIsRoundedUpInDecimalAndTheCountIsAFloor() {
    assertThat(miner(0.001, 1, 0.5, 3, 10).minCount(10_000)).isEqualTo(10);
    assertThat(miner(0.01, 1, 0.5, 3, 10).minCount(9_835)).isEqualTo(99);
    assertThat(miner(0.001, 25, 0.5, 3, 10).minCount(10_000)).isEqualTo(25);
    // Exactly at the count: kept; one basket fewer: not frequent.
    List<Row> rows = new ArrayList<>(baskets(0, 5, "tea", "lemon"));
    rows.addAll(baskets(5, 4, "coffee", "milk"));
    rows.addAll(baskets(9, 11, "water"));
    List<Row> rules = miner(0.25, 1, 0.5, 3, 1000).mine(frame(rows)).rules().collectAsList();
    assertThat(rules).extracting(r -> r.<String>getAs("consequent")).containsExactlyInAnyOrder("tea", "lemon");
  }

  @Test
  void theConfidenceThresholdIsInclusiveAndMaxSizeBoundsTheRules() {
    List<Row> rows = new ArrayList<>(baskets(0, 4, "a", "b", "c"));
    rows.addAll(baskets(4, 4, "a"));
    rows.addAll(baskets(8, 2, "z"));
    // a => b: 4 of 8 = 0.5 exactly, kept at 0.5.
    List<Row> pairsOnly = miner(0, 2, 0.5, 2, 1000).mine(frame(rows)).rules().collectAsList();
    assertThat(pairsOnly).allMatch(r -> r.getList(r.fieldIndex("antecedent")).size() == 1);
    assertThat(pairsOnly).anyMatch(r -> r.getList(r.fieldIndex("antecedent")).equals(List.of("a"))
        && r.getAs("consequent").equals("b") && r.<Double>getAs("confidence") == 0.5);
    List<Row> triples = miner(0, 2, 0.5, 3, 1000).mine(frame(rows)).rules().collectAsList();
    assertThat(triples).anyMatch(r -> r.getList(r.fieldIndex("antecedent")).equals(List.of("a", "b"))
        && r.getAs("consequent").equals("c"));
    assertThat(miner(0, 2, 0.51, 2, 1000).mine(frame(rows)).rules().collectAsList())
        .noneMatch(r -> r.getList(r.fieldIndex("antecedent")).equals(List.of("a")));
  }

  @Test
  void tooManyItemsetsFailNamingTheSetting() {
    List<Row> rows = baskets(0, 3, "a", "b", "c", "d", "e");
    assertThatThrownBy(() -> miner(0, 2, 0.5, 3, 20).mine(frame(rows)))
        .hasMessageContaining("31 frequent itemsets in 3 baskets")
        .hasMessageContaining("outsidein.insights.baskets.max-itemsets (20)");
  }

  @Test
  void noBasketsIsNoRules() {
    BasketMiner.Mined mined = miner(0.01, 1, 0.5, 3, 10).mine(frame(List.of(RowFactory.create("b1", null))));
    assertThat(mined.baskets()).isZero();
    assertThat(mined.rules().count()).isZero();
    assertThat(mined.rules().columns()).contains("antecedent", "consequent", "lift_ci_low", "q_value");
  }
}
