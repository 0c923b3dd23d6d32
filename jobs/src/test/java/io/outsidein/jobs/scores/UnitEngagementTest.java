package io.outsidein.jobs.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.Frames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class UnitEngagementTest {
  private static final LocalDate MARCH = LocalDate.of(2026, 3, 1);

  @Test
  void unitMonthsPutThePulseBesideTheUnitsCustomersAndHideSmallTeams() {
    SparkSession spark = TestSpark.session();
    StringBuilder pulses = new StringBuilder();
    // Six answers from billing (all items 4, or 2 on the last), two from a small store team (suppressed).
    for (int i = 0; i < 6; i++) {
      pulses.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT,
          "('g%d', 'billing', DATE'2026-03-01', 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, %d)", i, i < 3 ? 4 : 2));
    }
    pulses.append(", ('s1', 'gulf-004', DATE'2026-03-01', 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)")
        .append(", ('s2', 'gulf-004', DATE'2026-03-01', 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)");
    Dataset<Row> engagement = spark.sql("SELECT * FROM VALUES " + pulses + " AS t(response_id, unit_id, period, "
        + "q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12)");
    StringBuilder answers = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      // Twelve NPS answers about billing's cases in March: 6 promoters, 3 detractors; one in February.
      answers.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT,
          "('r%d', DATE'2026-03-%02d', 'nps', %d, 'billing', NULL)", i, 2 + i, i < 6 ? 10 : i < 9 ? 8 : 3));
    }
    answers.append(", ('x', DATE'2026-02-27', 'nps', 0, 'billing', NULL)")
        .append(", ('y', DATE'2026-03-05', 'csat', 5, NULL, 'gulf-004')");
    Dataset<Row> rated = spark.sql("SELECT response_id, d AS answer_date, survey_type, score, department, store "
        + "FROM VALUES " + answers + " AS t(response_id, d, survey_type, score, department, store)");

    Dataset<Row> units = new UnitEngagement(ScorecardTest.settings()).units(engagement, rated, MARCH, MARCH);

    Frames.assertSameRows(spark.sql("SELECT * FROM VALUES "
            + "(DATE'2026-03-01', 'billing', 6L, false, 12L, 0L, false), "
            + "(DATE'2026-03-01', 'gulf-004', 2L, true, 0L, 1L, true) "
            + "AS t(month, unit_id, responses, engagement_suppressed, nps_n, csat_n, customer_suppressed)"),
        units);
    Row billing = units.where("unit_id = 'billing'").first();
    // Three answers at 4.0, three at (11 x 4 + 2) / 12.
    assertThat(billing.<Double>getAs("engagement")).isCloseTo((4.0 + 46.0 / 12) / 2, within(1e-12));
    assertThat(billing.<Double>getAs("q12")).isCloseTo(3.0, within(1e-12));
    assertThat(billing.<Double>getAs("nps")).isCloseTo(25.0, within(1e-12));
    Row store = units.where("unit_id = 'gulf-004'").first();
    assertThat(store.<Object>getAs("engagement")).isNull();
    assertThat(store.<Object>getAs("q01")).isNull();
  }

  @Test
  void theLinkIsWithinUnitsSoStableDifferencesDoNotPassForAnEffect() {
    // Four units: the more engaged a unit is on the whole, the lower its NPS (a stable difference); within
    // each unit, a month one point more engaged is followed by NPS 10 points higher. Pooled, the slope would be
    // negative; within units it is 10.
    double[] level = {2, 3, 4, 5};
    double[] base = {80, 60, 40, 20};
    double[][] swing = {{0, 0.5, -0.3, 0.2, 0}, {0.4, -0.2, 0.1, -0.5, 0}, {-0.3, 0.3, 0, 0.6, 0},
        {0.2, -0.4, 0.5, 0, 0}};
    List<String> rows = new ArrayList<>();
    for (int u = 0; u < 4; u++) {
      for (int m = 0; m < 5; m++) {
        double nps = m == 0 ? base[u] : base[u] + 10 * swing[u][m - 1] + ((u + m) % 2 == 0 ? 0.5 : -0.5);
        rows.add(String.format(Locale.ROOT, "('u%d', add_months(DATE'2026-01-01', %d), %f, %f)", u, m,
            level[u] + swing[u][m], nps));
      }
    }
    Dataset<Row> units = TestSpark.session().sql("SELECT unit_id, month, engagement, nps, false AS "
        + "engagement_suppressed, false AS customer_suppressed FROM VALUES " + String.join(", ", rows)
        + " AS t(unit_id, month, engagement, nps)");
    List<Row> links = new UnitEngagement(ScorecardTest.settings()).links(units, LocalDate.of(2026, 5, 31));
    Row forward = links.get(0);
    assertThat(forward.getString(1)).isEqualTo(UnitEngagement.ENGAGEMENT_TO_NPS);
    assertThat(forward.getDouble(2)).isCloseTo(10.0, within(2.0));
    assertThat(forward.getDouble(3)).isLessThan(forward.getDouble(2));
    assertThat(forward.getDouble(4)).isGreaterThan(forward.getDouble(2));
    assertThat(forward.getLong(8)).isEqualTo(4); // units
    assertThat(forward.getLong(10)).isEqualTo(16); // unit-month pairs
    assertThat(links.get(1).getString(1)).isEqualTo(UnitEngagement.NPS_TO_ENGAGEMENT);
  }
}
