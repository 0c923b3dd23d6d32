package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class IntervalsTest {
  private final Intervals intervals = new Intervals(0.95, 10);

  private Row evaluate(long successes, long n) {
    Dataset<Row> frame = TestSpark.session().sql("SELECT " + successes + "L AS k, " + n + "L AS n");
    return frame.select(
        intervals.rate(col("k"), col("n")),
        intervals.wilsonLower(col("k"), col("n")),
        intervals.wilsonUpper(col("k"), col("n"))).first();
  }

  @Test
  void wilsonMatchesTheTextbookValues() {
    // Wilson 95 % for 5 of 10 (Newcombe 1998): 0.2366 .. 0.7634; for 0 of 20: 0 .. 0.1611.
    Row half = evaluate(5, 10);
    assertThat(half.getDouble(0)).isEqualTo(0.5);
    assertThat(half.getDouble(1)).isCloseTo(0.2366, within(1e-4));
    assertThat(half.getDouble(2)).isCloseTo(0.7634, within(1e-4));
    Row none = evaluate(0, 20);
    assertThat(none.getDouble(1)).isCloseTo(0.0, within(1e-12));
    assertThat(none.getDouble(2)).isCloseTo(0.1611, within(1e-4));
    assertThat(intervals.z()).isCloseTo(1.95996, within(1e-5));
  }

  @Test
  void groupsUnderTheMinimumAreSuppressed() {
    Row small = evaluate(3, 9);
    assertThat(small.isNullAt(0)).isTrue();
    assertThat(small.isNullAt(1)).isTrue();
    assertThat(small.isNullAt(2)).isTrue();
  }

  @Test
  void npsHasAnIntervalAroundItAndStaysWithinItsScale() {
    Row row = TestSpark.session().sql("SELECT 50L AS p, 20L AS d, 100L AS n").select(
        intervals.nps(col("p"), col("d"), col("n")),
        intervals.npsLower(col("p"), col("d"), col("n")),
        intervals.npsUpper(col("p"), col("d"), col("n"))).first();
    // NPS 30; var = (0.5 + 0.2 - 0.09) / 100 = 0.0061; half width 1.96 * 0.0781 = 0.1531.
    assertThat(row.getDouble(0)).isCloseTo(30.0, within(1e-9));
    assertThat(row.getDouble(1)).isCloseTo(30.0 - 15.31, within(0.01));
    assertThat(row.getDouble(2)).isCloseTo(30.0 + 15.31, within(0.01));
    Row all = TestSpark.session().sql("SELECT 12L AS p, 0L AS d, 12L AS n").select(
        intervals.npsUpper(col("p"), col("d"), col("n"))).first();
    assertThat(all.getDouble(0)).isEqualTo(100.0);
  }
}
