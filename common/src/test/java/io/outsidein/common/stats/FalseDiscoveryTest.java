package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FalseDiscoveryTest {
  private static final StructType SCHEMA = new StructType().add("family", DataTypes.StringType)
      .add("id", DataTypes.IntegerType).add("p", DataTypes.DoubleType);

  private static Map<Integer, Double> qValues(List<Row> rows) {
    Dataset<Row> frame = TestSpark.session().createDataFrame(rows, SCHEMA);
    Map<Integer, Double> q = new TreeMap<>();
    for (Row row : FalseDiscovery.qValues(frame, "p", "q", col("family")).collectAsList()) {
      q.put(row.getInt(1), row.isNullAt(3) ? null : row.getDouble(3));
    }
    return q;
  }

  @Test
  void matchesBenjaminiAndHochbergsOwnExample() {
    // Benjamini and Hochberg (1995), JRSS B 57:289-300, section 4.2: 15 p-values; at q = 0.05 the procedure
    // rejects the four smallest. The adjusted values are R's p.adjust(p, "BH").
    double[] p = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719,
        0.6528, 0.7590, 1.000};
    double[] expected = {0.0015, 0.0030, 0.0095, 0.035625, 0.0603, 0.0638571, 0.0638571, 0.0645, 0.0765, 0.486,
        0.5811818, 0.714875, 0.7532308, 0.8132143, 1.0};
    List<Row> rows = new ArrayList<>();
    for (int i = p.length - 1; i >= 0; i--) { // order in the frame must not matter
      rows.add(RowFactory.create("paper", i, p[i]));
    }
    Map<Integer, Double> q = qValues(rows);
    for (int i = 0; i < p.length; i++) {
      assertThat(q.get(i)).as("q of p = %s", p[i]).isCloseTo(expected[i], within(1e-6));
    }
    assertThat(q.values().stream().filter(v -> v <= 0.05).count()).isEqualTo(4);
  }

  @Test
  void familiesAreAdjustedApartTiesAgreeAndNullsStayOut() {
    Map<Integer, Double> q = qValues(List.of(
        RowFactory.create("a", 1, 0.01), RowFactory.create("a", 2, 0.01), RowFactory.create("a", 3, null),
        RowFactory.create("b", 4, 0.01)));
    // Family a has two tests (the null is none): both 0.01 x 2 / 2 = 0.01; family b has one.
    assertThat(q.get(1)).isCloseTo(0.01, within(1e-12));
    assertThat(q.get(2)).isCloseTo(0.01, within(1e-12));
    assertThat(q.get(3)).isNull();
    assertThat(q.get(4)).isCloseTo(0.01, within(1e-12));
  }
}
