package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ComparisonsTest {
  private final Comparisons comparisons = new Comparisons(new Intervals(0.95, 1));

  private static Row evaluate(Comparison c) {
    return TestSpark.session().range(1).select(c.effect(), c.low(), c.high(), c.pValue()).first();
  }

  private static double[] sums(double... values) {
    double sum = 0;
    double squares = 0;
    for (double v : values) {
      sum += v;
      squares += v * v;
    }
    return new double[] {sum, squares};
  }

  @Test
  void twoProportionsUseNewcombesHybridScoreInterval() {
    // Newcombe (1998), "Interval estimation for the difference between independent proportions", Stat Med
    // 17:873-890, table II, example (a) 56/70 - 48/80: method 10 gives 0.0524 .. 0.3339. The pooled z test:
    // z = 0.2 / sqrt(0.69333 x 0.30667 x (1/70 + 1/80)) = 2.650, two-sided p = 0.00805.
    Row row = evaluate(comparisons.proportions(lit(56L), lit(70L), lit(48L), lit(80L)));
    assertThat(row.getDouble(0)).isCloseTo(0.2, within(1e-12));
    assertThat(row.getDouble(1)).isCloseTo(0.0524, within(1e-4));
    assertThat(row.getDouble(2)).isCloseTo(0.3339, within(1e-4));
    assertThat(row.getDouble(3)).isCloseTo(0.00805, within(5e-5));
    // The same table, examples (b) 9/10 - 3/10: 0.1705 .. 0.8090, and (c) 10/10 - 0/20: 0.6791 .. 1.0000, where
    // the Wald interval collapses to 1 .. 1.
    Row b = evaluate(comparisons.proportions(lit(9L), lit(10L), lit(3L), lit(10L)));
    assertThat(b.getDouble(1)).isCloseTo(0.1705, within(1e-4));
    assertThat(b.getDouble(2)).isCloseTo(0.8090, within(1e-4));
    Row c = evaluate(comparisons.proportions(lit(10L), lit(10L), lit(0L), lit(20L)));
    assertThat(c.getDouble(1)).isCloseTo(0.6791, within(1e-4));
    assertThat(c.getDouble(2)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void proportionsAtTheEdges() {
    Row same = evaluate(comparisons.proportions(lit(10L), lit(10L), lit(20L), lit(20L)));
    assertThat(same.getDouble(0)).isEqualTo(0.0);
    assertThat(same.getDouble(3)).isEqualTo(1.0);
    assertThat(same.getDouble(1)).isLessThan(0.0);
    Row empty = evaluate(comparisons.proportions(lit(0L), lit(0L), lit(3L), lit(5L)));
    assertThat(empty.isNullAt(0) && empty.isNullAt(1) && empty.isNullAt(2) && empty.isNullAt(3)).isTrue();
  }

  @Test
  void twoMeansAreWelchsTest() {
    // R's sleep data (Cushny and Peebles 1905): t.test(extra ~ group, data = sleep) gives t = -1.8608,
    // df = 17.776, p-value = 0.07939, 95 % interval -3.3654832 .. 0.2054832 (group 1 minus group 2).
    double[] first = sums(0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0);
    double[] second = sums(1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4);
    Row row = evaluate(comparisons.means(lit(first[0]), lit(first[1]), lit(10L), lit(second[0]), lit(second[1]),
        lit(10L)));
    assertThat(row.getDouble(0)).isCloseTo(-1.58, within(1e-9));
    assertThat(row.getDouble(1)).isCloseTo(-3.3654832, within(1e-4));
    assertThat(row.getDouble(2)).isCloseTo(0.2054832, within(1e-4));
    assertThat(row.getDouble(3)).isCloseTo(0.07939, within(1e-5));
  }

  @Test
  void meansWithoutSpreadOrWithOneAnswerHaveNoTest() {
    Row single = evaluate(comparisons.means(lit(4.0), lit(16.0), lit(1L), lit(9.0), lit(29.0), lit(3L)));
    assertThat(single.isNullAt(1) && single.isNullAt(3)).isTrue();
    Row flat = evaluate(comparisons.means(lit(15.0), lit(45.0), lit(5L), lit(20.0), lit(80.0), lit(5L)));
    assertThat(flat.getDouble(0)).isEqualTo(-1.0);
    assertThat(flat.isNullAt(1) && flat.isNullAt(3)).isTrue();
  }

  @Test
  void twoNpsAreComparedOnTheirAdjustedWaldEstimates() {
    // The method of Lewis and Sauro, "Evaluating NPS significance tests with real-world data" (MeasuringU, 2021,
    // after Rocks 2016): 3 answers added to each n and 3/4 to each group's promoters and detractors, the variances
    // of the two adjusted scores added. No worked example of it is published in a form we could check; these
    // figures are computed by hand from that description. A: 50 promoters, 20 detractors of 100 (NPS' 0.291262);
    // B: 45 and 35 of 120 (NPS' 0.081301): d' = 0.209961, SE = 0.106062, z = 1.979605, p = 0.047748.
    Row row = evaluate(comparisons.nps(lit(50L), lit(20L), lit(100L), lit(45L), lit(35L), lit(120L)));
    assertThat(row.getDouble(0)).isCloseTo(100 * (0.3 - 10.0 / 120), within(1e-9));
    assertThat(row.getDouble(1)).isCloseTo(0.2083, within(1e-3));
    assertThat(row.getDouble(2)).isCloseTo(41.7840, within(1e-3));
    assertThat(row.getDouble(3)).isCloseTo(0.047748, within(1e-6));
  }

  @Test
  void twoNpsAtTheEdgesKeepAnInterval() {
    Row allVersusAll = evaluate(comparisons.nps(lit(20L), lit(0L), lit(20L), lit(0L), lit(20L), lit(20L)));
    assertThat(allVersusAll.getDouble(0)).isEqualTo(200.0);
    assertThat(allVersusAll.getDouble(1)).isLessThan(200.0);
    assertThat(allVersusAll.getDouble(3)).isLessThan(1e-6);
    Row same = evaluate(comparisons.nps(lit(20L), lit(0L), lit(20L), lit(20L), lit(0L), lit(20L)));
    assertThat(same.getDouble(0)).isEqualTo(0.0);
    assertThat(same.getDouble(3)).isCloseTo(1.0, within(1e-12));
    Row one = evaluate(comparisons.nps(lit(1L), lit(0L), lit(1L), lit(0L), lit(1L), lit(1L)));
    assertThat(one.getDouble(1)).isLessThan(0.0); // two single answers prove nothing
    assertThat(one.getDouble(3)).isGreaterThan(0.05);
    Comparisons withMinimum = new Comparisons(new Intervals(0.95, 30));
    Row small = evaluate(withMinimum.nps(lit(20L), lit(0L), lit(29L), lit(0L), lit(20L), lit(40L)));
    assertThat(small.isNullAt(0) && small.isNullAt(1) && small.isNullAt(3)).isTrue();
  }
}
