package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.EnumeratedIntegerDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CoOccurrenceTest {
  private static final StructType COUNTS = new StructType().add("both", DataTypes.LongType)
      .add("a", DataTypes.LongType).add("c", DataTypes.LongType).add("n", DataTypes.LongType);
  private static final CoOccurrence STATS = new CoOccurrence(0.95);

  private static Dataset<Row> measured(List<Row> counts) {
    Dataset<Row> frame = TestSpark.session().createDataFrame(counts, COUNTS);
    return frame.select(CoOccurrence.lift(col("both"), col("a"), col("c"), col("n")).as("lift"),
        STATS.liftLower(col("both"), col("a"), col("c"), col("n")).as("low"),
        STATS.liftUpper(col("both"), col("a"), col("c"), col("n")).as("high"),
        CoOccurrence.independenceP(col("both"), col("a"), col("c"), col("n")).as("p"));
  }

  @Test
  void fisherIsTheLadyTastingTea() {
    // Fisher (1935): 8 cups, 4 with milk first, she names 4 and 3 are right. One-sided p = (16 + 1) / 70, as R's
    // fisher.test(matrix(c(3, 1, 1, 3), 2), alternative = "greater") gives 0.2429.
    Row row = measured(List.of(RowFactory.create(3L, 4L, 4L, 8L), RowFactory.create(4L, 4L, 4L, 8L),
        RowFactory.create(0L, 0L, 4L, 8L))).collectAsList().get(0);
    assertThat(row.getDouble(3)).isCloseTo(17.0 / 70, within(1e-12));
    assertThat(row.getDouble(0)).isCloseTo(1.5, within(1e-12));
    List<Row> rows = measured(List.of(RowFactory.create(4L, 4L, 4L, 8L), RowFactory.create(0L, 0L, 4L, 8L)))
        .collectAsList();
    assertThat(rows.get(0).getDouble(3)).isCloseTo(1.0 / 70, within(1e-12));
    // No basket with A: no lift, no interval.
    assertThat(rows.get(1).isNullAt(0)).isTrue();
    assertThat(rows.get(1).isNullAt(1)).isTrue();
  }

  @Test
  void theLiftIntervalCoversTheTrueLiftNineteenTimesInTwenty() {
    // 2,000 tables of 2,000 baskets drawn from a known 2 x 2 distribution: P(A) = 0.1, P(C) = 0.08, P(A and C) =
    // 0.024, a true lift of 3.
    double both = 0.024;
    double onlyA = 0.1 - both;
    double onlyC = 0.08 - both;
    EnumeratedIntegerDistribution cell = new EnumeratedIntegerDistribution(new MersenneTwister(7),
        new int[] {0, 1, 2, 3}, new double[] {both, onlyA, onlyC, 1 - both - onlyA - onlyC});
    List<Row> tables = new ArrayList<>();
    int n = 2000;
    for (int t = 0; t < 2000; t++) {
      long[] cells = new long[4];
      for (int i = 0; i < n; i++) {
        cells[cell.sample()]++;
      }
      tables.add(RowFactory.create(cells[0], cells[0] + cells[1], cells[0] + cells[2], (long) n));
    }
    Row coverage = measured(tables).selectExpr("avg(CASE WHEN low <= 3 AND 3 <= high THEN 1D ELSE 0D END)",
        "avg(CASE WHEN high < 3 THEN 1D ELSE 0D END)").first();
    assertThat(coverage.getDouble(0)).isBetween(0.93, 0.97);
    // Missed on both sides, not only one.
    assertThat(coverage.getDouble(1)).isBetween(0.01, 0.04);
  }
}
