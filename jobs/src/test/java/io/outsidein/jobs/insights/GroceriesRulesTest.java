package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.insights.BasketSettings.BasketKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The miner against the reference implementation on real baskets: arules' apriori on Groceries (9,835
 * transactions, delivered as a CRLF export with a trailing space in one item's name). At each published
 * threshold the number of rules (and of frequent itemsets) is the same, and every published rule is found with
 * the same count and the same support, confidence and lift to the seven digits arules prints.
 */
class GroceriesRulesTest {
  private static Dataset<Row> lines;

  @BeforeAll
  static void readBaskets() {
    lines = TestSpark.session().read().option("header", "true").csv(resource("groceries_long.csv.gz").toString())
        .select(col("transaction_id").as(BasketMiner.BASKET), col("item").as(BasketMiner.ITEM))
        .localCheckpoint();
  }

  @Test
  void everyPublishedCountOfRulesAndItemsetsIsMatched() {
    // One mining per support and size; the confidences are filters of its rules.
    Map<String, BasketMiner.Mined> minings = new HashMap<>();
    for (String[] row : table("arules-counts.tsv")) {
      double support = Double.parseDouble(row[1]);
      double confidence = Double.parseDouble(row[2]);
      int minSize = Integer.parseInt(row[3]);
      int maxSize = Integer.parseInt(row[4]);
      long expected = Long.parseLong(row[5]);
      BasketMiner.Mined mined = minings.computeIfAbsent(row[1] + "/" + maxSize,
          k -> miner(support, 0.0, maxSize).mine(lines));
      assertThat(mined.baskets()).isEqualTo(9835);
      long found = row[0].equals("rules")
          ? mined.rules().where(col("confidence").geq(confidence)).count()
          : mined.itemsets().where(size(col("items")).geq(minSize)).count();
      assertThat(found).as("%s at support %s, confidence %s, sizes %d..%d", row[0], row[1], row[2], minSize, maxSize)
          .isEqualTo(expected);
    }
  }

  @Test
  void everyPublishedRuleHasTheSameCountSupportConfidenceAndLift() {
    Map<String, Map<String, Row>> bySet = new HashMap<>();
    List<String[]> published = table("arules-rules.tsv");
    assertThat(published).hasSizeGreaterThan(150);
    for (String[] rule : published) {
      Map<String, Row> rules = bySet.computeIfAbsent(rule[0], k -> {
        Map<String, Row> mined = new HashMap<>();
        for (Row r : miner(Double.parseDouble(rule[1]), Double.parseDouble(rule[2]), 10).mine(lines).rules()
            .collectAsList()) {
          mined.put(String.join("|", r.<String>getList(r.fieldIndex("antecedent"))) + " => "
              + r.getAs("consequent"), r);
        }
        return mined;
      });
      String name = rule[3] + " => " + rule[4];
      Row ours = rules.get(name);
      assertThat(ours).as("set %s: %s", rule[0], name).isNotNull();
      assertThat(ours.<Long>getAs("support_count")).as(name).isEqualTo(Long.parseLong(rule[8]));
      assertSameToPrintedDigits(name + " support", ours.getAs("support"), rule[5]);
      assertSameToPrintedDigits(name + " confidence", ours.getAs("confidence"), rule[6]);
      assertSameToPrintedDigits(name + " lift", ours.getAs("lift"), rule[7]);
    }
    // The complete published list at support 0.01 and confidence 0.3: no rule more, none less.
    assertThat(bySet.get("D")).hasSize(125);
  }

  private static BasketMiner miner(double support, double confidence, int maxSize) {
    return new BasketMiner(new BasketSettings(support, 1, confidence, maxSize, 1_000_000, BasketKind.ORDER,
        Duration.ofDays(30), Duration.ofDays(90)), 0.95, 0.05, 2);
  }

  /**
   * Equal once rounded to as many significant digits as arules printed (7, trailing zeros dropped), the way R
   * prints: C's printf, whose exact ties go to the even digit (113/256 = 0.44140625 prints as 0.4414062).
   */
  private static void assertSameToPrintedDigits(String what, double ours, String printed) {
    BigDecimal reference = new BigDecimal(printed);
    MathContext digits = new MathContext(Math.max(reference.precision(), 7), RoundingMode.HALF_EVEN);
    assertThat(new BigDecimal(ours).round(digits).compareTo(reference.round(digits)))
        .as("%s: %s against %s", what, ours, printed).isZero();
  }

  private static List<String[]> table(String name) {
    try {
      List<String[]> rows = new ArrayList<>();
      for (String line : Files.readAllLines(resource(name))) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.split("\t", -1));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path resource(String name) {
    try {
      return Path.of(GroceriesRulesTest.class.getResource("/groceries/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
