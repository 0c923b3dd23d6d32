package io.outsidein.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Fisher's z interval and test against values worked by hand. */
class CorrelationTest {
  @Test
  void theIntervalIsFishersZMappedBack() {
    // r = 0.5 of 103 pairs: z = atanh(0.5) = 0.549306, se = 0.1, z +- 1.959964 x 0.1 mapped back by tanh.
    Correlation c = Correlation.of(0.5, 103, 0.95).orElseThrow();
    assertThat(c.low()).isCloseTo(Math.tanh(0.549306 - 0.1959964), within(1e-6)).isCloseTo(0.3393, within(1e-4));
    assertThat(c.high()).isCloseTo(Math.tanh(0.549306 + 0.1959964), within(1e-6)).isCloseTo(0.6323, within(1e-4));
    // z / se = 5.49306: two-sided p = 3.95e-8.
    assertThat(c.pValue()).isCloseTo(3.95e-8, within(0.01e-8));
    assertThat(c.n()).isEqualTo(103);
  }

  @Test
  void noCorrelationHasASymmetricIntervalAroundZeroAndPOne() {
    Correlation c = Correlation.of(0.0, 28, 0.9).orElseThrow();
    assertThat(c.low()).isCloseTo(-c.high(), within(1e-12));
    // se = 0.2, z(0.95) = 1.644854: tanh(0.328971).
    assertThat(c.high()).isCloseTo(Math.tanh(0.328971), within(1e-6));
    assertThat(c.pValue()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void aPerfectCorrelationStaysFiniteAndTooFewPairsHaveNone() {
    Correlation perfect = Correlation.of(1.0, 10, 0.95).orElseThrow();
    assertThat(perfect.high()).isLessThanOrEqualTo(1.0);
    assertThat(perfect.pValue()).isFinite().isLessThan(1e-10);
    assertThat(Correlation.of(0.9, 3, 0.95)).isEmpty();
    assertThat(Correlation.of(Double.NaN, 100, 0.95)).isEmpty();
  }
}
