package io.outsidein.common.testing;

import java.util.List;

/** For benchmarks: summaries of a measurement repeated in one run (a shared, noisy machine: min and median). */
public final class Repetitions {
  private Repetitions() {}

  public static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
