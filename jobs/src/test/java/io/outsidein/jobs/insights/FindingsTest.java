package io.outsidein.jobs.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.tables.InsightTables;
import io.outsidein.common.testing.TestSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Findings as sentences, ranked by their conservative bound, merged night after night: new, again, retired, back. */
class FindingsTest {
  private static final StructType RULES = new StructType()
      .add("antecedent", DataTypes.createArrayType(DataTypes.StringType)).add("consequent", DataTypes.StringType)
      .add("support_count", DataTypes.LongType).add("baskets", DataTypes.LongType)
      .add("confidence", DataTypes.DoubleType).add("lift", DataTypes.DoubleType)
      .add("lift_ci_low", DataTypes.DoubleType).add("lift_ci_high", DataTypes.DoubleType)
      .add("p_value", DataTypes.DoubleType).add("q_value", DataTypes.DoubleType)
      .add("significant", DataTypes.BooleanType).add("antecedent_count", DataTypes.LongType);
  private static final LocalDate DAY = LocalDate.of(2026, 4, 14);

  private static Row rule(String a, String c, double lift, double low, double high, boolean significant) {
    return RowFactory.create(List.of(a), c, 40L, 1000L, 0.4, lift, low, high, 1e-6, 1e-5, significant, 100L);
  }

  /** A rule of {@code support} baskets out of {@code antecedent} holding the antecedent, significant. */
  private static Row rule(List<String> a, String c, long support, long antecedent) {
    return RowFactory.create(a, c, support, 1000L, (double) support / antecedent, 3.0, 2.0, 4.0, 1e-6, 1e-5, true,
        antecedent);
  }

  @Test
  void aLongerRuleIsAFindingOnlyWhenItSaysMoreThanEachShorterOne() {
    // salsa => chips: 60 of 200. {beer, salsa} => chips: 7 of 20 (35 %, against 53 of the other 180 salsa
    // baskets, 29 %: beer adds nothing that can be told from chance). {dip, salsa} => chips: 40 of 50 (80 %,
    // against 20 of 150): a finding of its own. Were dip => chips 48 of 60 (80 %), {dip, salsa} => chips would
    // have a second shorter form it does not beat (the other 8 of 10 dip baskets: 80 % too), and it would go.
    List<String> found = findings(DAY, rule(List.of("salsa"), "chips", 60, 200),
        rule(List.of("beer", "salsa"), "chips", 7, 20), rule(List.of("dip", "salsa"), "chips", 40, 50))
        .collectAsList().stream().map(r -> r.<String>getAs("sentence").replaceAll(" also hold.*", "")).sorted()
        .toList();
    assertThat(found).containsExactly("Baskets with dip, salsa", "Baskets with salsa");
    List<String> withDip = findings(DAY, rule(List.of("salsa"), "chips", 60, 200),
        rule(List.of("dip", "salsa"), "chips", 40, 50), rule(List.of("dip"), "chips", 48, 60)).collectAsList()
        .stream().map(r -> r.<String>getAs("sentence").replaceAll(" also hold.*", "")).sorted().toList();
    assertThat(withDip).containsExactly("Baskets with dip", "Baskets with salsa");
  }

  private static Dataset<Row> findings(LocalDate day, Row... rules) {
    Dataset<Row> frame = TestSpark.session().createDataFrame(List.of(rules), RULES);
    return Findings.ofRun(new Findings(0.95, 0.05).fromRules(frame, "order"), day);
  }

  private static Map<String, Row> table(TableName name) {
    Map<String, Row> rows = new HashMap<>();
    TestSpark.session().table(name.sql()).collectAsList()
        .forEach(r -> rows.put(r.<String, String>getJavaMap(r.fieldIndex("evidence")).get("consequent"), r));
    return rows;
  }

  @Test
  void aSolidFindingOutranksALargeUncertainOneAndOnlyRisesBecomeFindings() {
    List<Row> rows = new ArrayList<>(findings(DAY, rule("chips", "salsa", 3.0, 2.5, 3.6, true),
        rule("caviar", "blini", 10.0, 1.1, 90.0, true), rule("milk", "bread", 0.8, 0.7, 0.9, true),
        rule("tea", "lemon", 2.0, 0.9, 4.4, false)).collectAsList());
    assertThat(rows).hasSize(2);
    Row first = rows.stream().filter(r -> r.<Integer>getAs("rank") == 1).findFirst().orElseThrow();
    assertThat(first.<String>getAs("sentence")).isEqualTo("Baskets with chips also hold salsa 3.0 times as often as "
        + "by chance (95 % CI 2.5-3.6; 40 of 1000 baskets, confidence 40 %)");
    assertThat(first.<String>getAs("kind")).isEqualTo(Findings.BASKET_RULE);
    assertThat(first.<Long>getAs("n")).isEqualTo(40L);
    assertThat(first.<String>getAs("insight_id")).hasSize(64);
  }

  @Test
  void aFindingKeepsItsIdAndFirstSeenIsRetiredWhenGoneAndComesBack() {
    DeltaTables tables = new DeltaTables(TestSpark.session(),
        SparkSessionFactory.uri(TestSpark.newFolder("findings").toString()));
    TableName name = new TableName("findings_gold", "insights");
    tables.ensure(new TableDefinition(name, InsightTables.INSIGHTS, List.of(), "findings"));
    String retire = "t.status = 'active' AND t.kind = '" + Findings.BASKET_RULE + "'";
    Row salsa = rule("chips", "salsa", 3.0, 2.5, 3.6, true);
    Row blini = rule("caviar", "blini", 10.0, 1.1, 90.0, true);
    tables.mergeFindings(name, findings(DAY, salsa, blini), "insight_id", List.of("first_seen"), retire,
        "t.status = 'retired', t.retired_on = DATE'" + DAY + "'");
    // Another miner's finding: a night of basket rules never retires it.
    TestSpark.session().sql("INSERT INTO " + name.sql() + " SELECT 'x', 'ownership', 'all', 's', 1.0, 1.0, 1.0, "
        + "0.01, 10, map(), DATE'" + DAY + "', DATE'" + DAY + "', 'active', NULL, 1");
    Map<String, Row> first = table(name);

    LocalDate next = DAY.plusDays(1);
    tables.mergeFindings(name, findings(next, rule("chips", "salsa", 3.2, 2.6, 3.9, true)), "insight_id",
        List.of("first_seen"), retire, "t.status = 'retired', t.retired_on = DATE'" + next + "'");
    Map<String, Row> second = table(name);
    assertThat(second.get("salsa").<String>getAs("insight_id")).isEqualTo(first.get("salsa").getAs("insight_id"));
    assertThat(second.get("salsa").<java.sql.Date>getAs("first_seen").toLocalDate()).isEqualTo(DAY);
    assertThat(second.get("salsa").<java.sql.Date>getAs("last_seen").toLocalDate()).isEqualTo(next);
    assertThat(second.get("salsa").<Double>getAs("effect")).isEqualTo(3.2);
    assertThat(second.get("blini").<String>getAs("status")).isEqualTo("retired");
    assertThat(second.get("blini").<java.sql.Date>getAs("retired_on").toLocalDate()).isEqualTo(next);
    assertThat(second.get(null).<String>getAs("status")).isEqualTo("active");

    LocalDate third = next.plusDays(1);
    tables.mergeFindings(name, findings(third, blini), "insight_id", List.of("first_seen"), retire,
        "t.status = 'retired', t.retired_on = DATE'" + third + "'");
    Map<String, Row> back = table(name);
    assertThat(back.get("blini").<String>getAs("status")).isEqualTo("active");
    assertThat(back.get("blini").isNullAt(back.get("blini").fieldIndex("retired_on"))).isTrue();
    assertThat(back.get("blini").<java.sql.Date>getAs("first_seen").toLocalDate()).isEqualTo(DAY);
    assertThat(back.get("salsa").<String>getAs("status")).isEqualTo("retired");
    assertThat(back).hasSize(3);
  }
}
