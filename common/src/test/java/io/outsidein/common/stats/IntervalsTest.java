package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class IntervalsTest {
  private final Intervals intervals = new Intervals(0.95, 10);

  private static Row one(Column... columns) {
    return TestSpark.session().range(1).select(columns).first();
  }

  private Row wilson(long successes, long n) {
    Dataset<Row> frame = TestSpark.session().sql("SELECT " + successes + "L AS k, " + n + "L AS n");
    return frame.select(
        intervals.rate(col("k"), col("n")),
        intervals.wilsonLower(col("k"), col("n")),
        intervals.wilsonUpper(col("k"), col("n"))).first();
  }

  private Row nps(long promoters, long detractors, long n, Intervals with) {
    return one(with.nps(lit(promoters), lit(detractors), lit(n)),
        with.npsLower(lit(promoters), lit(detractors), lit(n)),
        with.npsUpper(lit(promoters), lit(detractors), lit(n)));
  }

  @Test
  void wilsonMatchesTheTextbookValues() {
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat Med 17:857-872, table I:
    // 81/263 -> 0.2553..0.3662; and the Wilson 95 % interval of 5/10, 0.2366..0.7634, and of 0/20, 0..0.1611.
    Row newcombe = wilson(81, 263);
    assertThat(newcombe.getDouble(1)).isCloseTo(0.2553, within(1e-4));
    assertThat(newcombe.getDouble(2)).isCloseTo(0.3662, within(1e-4));
    Row half = wilson(5, 10);
    assertThat(half.getDouble(0)).isEqualTo(0.5);
    assertThat(half.getDouble(1)).isCloseTo(0.2366, within(1e-4));
    assertThat(half.getDouble(2)).isCloseTo(0.7634, within(1e-4));
    Row none = wilson(0, 20);
    assertThat(none.getDouble(1)).isCloseTo(0.0, within(1e-12));
    assertThat(none.getDouble(2)).isCloseTo(0.1611, within(1e-4));
    assertThat(intervals.z()).isCloseTo(1.95996, within(1e-5));
  }

  @Test
  void groupsUnderTheMinimumAreSuppressed() {
    Row small = wilson(3, 9);
    assertThat(small.isNullAt(0)).isTrue();
    assertThat(small.isNullAt(1)).isTrue();
    assertThat(small.isNullAt(2)).isTrue();
    Row empty = wilson(0, 0);
    assertThat(empty.isNullAt(0) && empty.isNullAt(1) && empty.isNullAt(2)).isTrue();
    Row flags = one(intervals.suppressed(lit(9L)), intervals.suppressed(lit(10L)),
        intervals.suppressed(lit(null).cast("long")));
    assertThat(flags.getBoolean(0)).isTrue();
    assertThat(flags.getBoolean(1)).isFalse();
    assertThat(flags.getBoolean(2)).isTrue();
  }

  @Test
  void npsIntervalIsTheAdjustedWald() {
    // The adjusted Wald of Rocks (2016), "Interval estimation for the Net Promoter Score", The American
    // Statistician 70(4):365-372, as MeasuringU describes it (Lewis and Sauro 2021, "Evaluating NPS confidence
    // intervals with real-world data"). No worked example of it is published in a form we could check; computed
    // by hand: 50 promoters, 20 detractors of 100: n' = 103, pP' = 50.75/103, pD' = 20.75/103, NPS' = 0.29126,
    // var = (pP' + pD' - NPS'^2) / 103 = 0.0059159, half width 1.95996 x 0.076915 = 0.150750.
    Row row = nps(50, 20, 100, intervals);
    assertThat(row.getDouble(0)).isCloseTo(30.0, within(1e-9));
    assertThat(row.getDouble(1)).isCloseTo(14.051, within(0.001));
    assertThat(row.getDouble(2)).isCloseTo(44.201, within(0.001));
  }

  @Test
  void npsKeepsAWidthAtTheEndsOfItsScaleAndStaysOnIt() {
    Intervals anyN = new Intervals(0.95, 1);
    Row allPromoters = nps(12, 0, 12, anyN);
    assertThat(allPromoters.getDouble(0)).isEqualTo(100.0);
    // The plain Wald interval is 100..100 here; the adjusted one is not, and never passes 100.
    // n' = 15, pP' = 0.85, pD' = 0.05: 0.8 - 1.96 x sqrt((0.9 - 0.64) / 15) = 0.54196.
    assertThat(allPromoters.getDouble(1)).isCloseTo(54.196, within(0.001));
    assertThat(allPromoters.getDouble(2)).isEqualTo(100.0);
    Row allDetractors = nps(0, 12, 12, anyN);
    assertThat(allDetractors.getDouble(0)).isEqualTo(-100.0);
    assertThat(allDetractors.getDouble(1)).isEqualTo(-100.0);
    assertThat(allDetractors.getDouble(2)).isCloseTo(-54.196, within(0.001));
    Row single = nps(1, 0, 1, anyN);
    assertThat(single.getDouble(0)).isEqualTo(100.0);
    assertThat(single.getDouble(1)).isLessThan(0.0); // one answer says little
    Row none = nps(0, 0, 0, anyN);
    assertThat(none.isNullAt(0) && none.isNullAt(1) && none.isNullAt(2)).isTrue();
  }

  @Test
  void meanIntervalIsStudentsT() {
    // R's sleep data, group 1 (Cushny and Peebles 1905): t.test(sleep$extra[1:10]) gives mean 0.75 and the 95 %
    // interval -0.5297804 .. 2.0297804.
    double[] extra = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    double sum = 0;
    double squares = 0;
    for (double x : extra) {
      sum += x;
      squares += x * x;
    }
    Row row = one(intervals.mean(lit(sum), lit(10L)), intervals.meanLower(lit(sum), lit(squares), lit(10L)),
        intervals.meanUpper(lit(sum), lit(squares), lit(10L)));
    assertThat(row.getDouble(0)).isCloseTo(0.75, within(1e-12));
    // The t quantile is interpolated from a table (within 0.002 %): the bounds agree with R to 5 decimals.
    assertThat(row.getDouble(1)).isCloseTo(-0.5297804, within(2e-5));
    assertThat(row.getDouble(2)).isCloseTo(2.0297804, within(2e-5));
    Intervals anyN = new Intervals(0.95, 1);
    Row single = one(anyN.mean(lit(4.0), lit(1L)), anyN.meanLower(lit(4.0), lit(16.0), lit(1L)));
    assertThat(single.getDouble(0)).isEqualTo(4.0);
    assertThat(single.isNullAt(1)).isTrue();
    Row constant = one(anyN.meanLower(lit(15.0), lit(45.0), lit(5L)), anyN.meanUpper(lit(15.0), lit(45.0), lit(5L)));
    assertThat(constant.getDouble(0)).isEqualTo(3.0);
    assertThat(constant.getDouble(1)).isEqualTo(3.0);
  }

  @Test
  void tQuantilesFollowCommonsMathIncludingFractionalDegreesOfFreedom() {
    for (double df : new double[] {1, 1.003, 1.05, 1.5, 2, 2.5, 9, 17.776, 29, 120.3, 999.5, 5000, 1e7}) {
      double exact = new TDistribution(df).inverseCumulativeProbability(0.975);
      assertThat(one(intervals.tQuantile(lit(df))).getDouble(0)).as("df %s", df)
          .isCloseTo(exact, org.assertj.core.api.Assertions.withinPercentage(0.01));
    }
    assertThat(one(intervals.tQuantile(lit(1e12))).getDouble(0)).isCloseTo(intervals.z(), within(1e-6));
    assertThat(one(intervals.tQuantile(lit(0.5))).isNullAt(0)).isTrue();
  }
}
