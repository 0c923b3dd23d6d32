package io.outsidein.common.stats;

import org.apache.spark.sql.Column;

/**
 * An NPS on the 0..1 scale after the adjusted-Wald correction (3 answers added to n, 3/4 to promoters and to
 * detractors), and the variance of that estimate: (pP + pD - (pP - pD)^2) / (n + 3). One place for the single
 * interval and for the difference of two scores.
 */
record AdjustedNps(Column score, Column variance) {
  static AdjustedNps of(Column promoters, Column detractors, Column n) {
    Column adjustedN = n.cast("double").plus(Intervals.NPS_ADDED_N);
    Column pp = promoters.cast("double").plus(Intervals.NPS_ADDED_EACH).divide(adjustedN);
    Column pd = detractors.cast("double").plus(Intervals.NPS_ADDED_EACH).divide(adjustedN);
    Column score = pp.minus(pd);
    return new AdjustedNps(score, pp.plus(pd).minus(score.multiply(score)).divide(adjustedN));
  }
}
