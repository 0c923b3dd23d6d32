package io.outsidein.common.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ChangedKeysTest {

  @Test
  void aPartitionDiffersWhenAnyRowOfItDiffersAsAMultiset() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> stored = frame(spark, List.of(
        "('session', 'd1', 'a', array(struct(1, 'view')), 1.0)",
        "('case', 'd1', 'b', array(struct(1, 'contact'), struct(2, 'resolve')), NULL)",
        "('case', 'd2', 'c', array(struct(1, 'contact')), NULL)",
        "('case', 'd3', 'e', array(struct(1, 'contact')), NULL)",
        "('session', 'd4', 'f', array(struct(1, 'view')), 2.0)",
        "('session', 'd5', 'g', array(struct(1, 'view')), 2.0)",
        "('session', 'd5', 'g', array(struct(1, 'view')), 2.0)"));
    Dataset<Row> recomputed = frame(spark, List.of(
        // d1: the same rows in another order; the session kind of d1 unchanged.
        "('case', 'd1', 'b', array(struct(1, 'contact'), struct(2, 'resolve')), NULL)",
        "('session', 'd1', 'a', array(struct(1, 'view')), 1.0)",
        // d2: one step more inside the array.
        "('case', 'd2', 'c', array(struct(1, 'contact'), struct(3, 'transfer')), NULL)",
        // d3: gone. d4: a null where there was a value. d5: one of two equal rows left. d6: new.
        "('session', 'd4', 'f', array(struct(1, 'view')), NULL)",
        "('session', 'd5', 'g', array(struct(1, 'view')), 2.0)",
        "('order', 'd6', 'h', array(struct(1, 'purchase')), 9.5)"))
        // Extra columns of the recomputed side (a flag of the run) are not compared.
        .withColumn("run_flag", col("id").equalTo("a"));

    List<String> changed = ChangedKeys.of(recomputed, stored, col("kind").equalTo("session").as("session"),
            col("day")).collectAsList().stream().map(r -> r.getBoolean(0) + "/" + r.getString(1)).sorted().toList();

    assertThat(changed).containsExactly("false/d2", "false/d3", "false/d6", "true/d4", "true/d5");
  }

  private static Dataset<Row> frame(SparkSession spark, List<String> rows) {
    return spark.sql("SELECT * FROM VALUES " + String.join(", ", rows) + " AS t(kind, day, id, steps, value)")
        .selectExpr("kind", "day", "id", "CAST(steps AS ARRAY<STRUCT<at: INT, what: STRING>>) AS steps",
            "CAST(value AS DOUBLE) AS value");
  }
}
