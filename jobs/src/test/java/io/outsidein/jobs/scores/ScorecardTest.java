package io.outsidein.jobs.scores;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.Frames;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The scorecard's windows, changes and suppression on hand-made answers. */
class ScorecardTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 10);

  static ScoreSettings settings(String... overrides) {
    return ScoreSettings.read(OutsideinSettings.root(new ConfigLoader().load(Optional.empty(), List.of(overrides))));
  }

  /** Rated answers as RatedAnswers writes them; only date, type, score and channel vary here. */
  private static Dataset<Row> rated(String values) {
    return TestSpark.session().sql("SELECT response_id, CAST(d AS DATE) AS answer_date, survey_type, score, channel, "
        + "CAST(NULL AS STRING) AS event_type, CAST(NULL AS STRING) AS touchpoint, CAST(NULL AS STRING) AS department, "
        + "CAST(NULL AS STRING) AS store, CAST(NULL AS STRING) AS region, 'consumer' AS segment, 'buy' AS cx_area "
        + "FROM VALUES " + values + " AS t(response_id, d, survey_type, score, channel)");
  }

  @Test
  void windowsAddUpTheirDaysAndCompareWithTheWindowBefore() {
    Dataset<Row> answers = rated(String.join(", ",
        "('a', '2026-03-10', 'nps', 10, 'web')", "('b', '2026-03-10', 'nps', 9, 'web')",
        "('c', '2026-03-10', 'nps', 3, 'web')", "('d', '2026-03-09', 'nps', 10, 'web')",
        "('e', '2026-03-04', 'nps', 7, 'web')", "('f', '2026-03-03', 'nps', 0, 'web')",
        "('g', '2026-03-03', 'nps', 1, 'app')", "('h', '2026-03-10', 'csat', 5, 'web')",
        "('i', '2026-03-10', 'relationship', 9, NULL)"));
    Dataset<Row> cells = new Scorecard(settings("outsidein.scores.min-n=2")).cells(answers, List.of(DAY));
    SparkSession spark = TestSpark.session();
    Dataset<Row> expected = spark.sql("SELECT CAST(d AS DATE) AS score_date, w AS window_days, dim AS dimension, "
        + "v AS dimension_value, m AS metric, CAST(n AS BIGINT) AS n, CAST(pn AS BIGINT) AS previous_n, s AS suppressed "
        + "FROM VALUES "
        // web, 1 day: 10, 9, 3 against 10 the day before; 7 days: + the 7 of 03-04, against the 0 of 03-03.
        + "('2026-03-10', 1, 'channel', 'web', 'nps', 3, 1, false), ('2026-03-10', 7, 'channel', 'web', 'nps', 5, 1, false), "
        + "('2026-03-10', 28, 'channel', 'web', 'nps', 6, 0, false), "
        // app had one answer, in the previous 7-day window and within 28 days: its rows are kept, suppressed.
        + "('2026-03-10', 7, 'channel', 'app', 'nps', 0, 1, true), ('2026-03-10', 28, 'channel', 'app', 'nps', 1, 0, true), "
        + "('2026-03-10', 1, 'channel', 'web', 'csat', 1, 0, true), ('2026-03-10', 7, 'channel', 'web', 'csat', 1, 0, true), "
        + "('2026-03-10', 28, 'channel', 'web', 'csat', 1, 0, true), "
        + "('2026-03-10', 1, 'channel', 'web', 'csat_mean', 1, 0, true), ('2026-03-10', 7, 'channel', 'web', 'csat_mean', 1, 0, true), "
        + "('2026-03-10', 28, 'channel', 'web', 'csat_mean', 1, 0, true) "
        + "AS t(d, w, dim, v, m, n, pn, s)");
    Frames.assertSameRows(expected, cells.where(col("dimension").equalTo("channel")));

    Row web = cells.where("dimension = 'channel' AND dimension_value = 'web' AND metric = 'nps' AND window_days = 7")
        .first();
    // 10, 9, 3, 10, 7: three promoters, one detractor of five.
    assertThat(web.<Double>getAs("score")).isCloseTo(40.0, within(1e-9));
    assertThat(web.<Double>getAs("ci_low")).isLessThan(40.0);
    assertThat(web.<Object>getAs("previous_score")).isNull(); // one answer: under min-n
    assertThat(web.<Object>getAs("change")).isNull();
    // The relationship answer counts in `all` (and its segment and area), not in any channel.
    Row all = cells.where("dimension = 'all' AND metric = 'nps' AND window_days = 1").first();
    assertThat(all.<Long>getAs("n")).isEqualTo(4L);
  }

  @Test
  void aRealChangeIsSignificantAndNoChangeIsNot() {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      values.append(i == 0 ? "" : ", ").append("('n").append(i).append("', '2026-03-10', 'nps', 10, 'web')")
          .append(", ('p").append(i).append("', '2026-03-09', 'nps', 2, 'web')")
          .append(", ('q").append(i).append("', '2026-03-10', 'csat', ").append(4 + i % 2).append(", 'app')")
          .append(", ('r").append(i).append("', '2026-03-09', 'csat', ").append(4 + i % 2).append(", 'app')");
    }
    Dataset<Row> cells = new Scorecard(settings()).cells(rated(values.toString()), List.of(DAY));
    Row web = cells.where("dimension = 'channel' AND dimension_value = 'web' AND metric = 'nps' AND window_days = 1")
        .first();
    assertThat(web.<Double>getAs("change")).isEqualTo(200.0);
    assertThat(web.<Double>getAs("q_value")).isLessThan(1e-6);
    assertThat(web.<Boolean>getAs("significant")).isTrue();
    Row app = cells.where("dimension = 'channel' AND dimension_value = 'app' AND metric = 'csat_mean' "
        + "AND window_days = 1").first();
    assertThat(app.<Double>getAs("change")).isCloseTo(0.0, within(1e-12));
    assertThat(app.<Boolean>getAs("significant")).isFalse();
    assertThat(app.<Double>getAs("score")).isCloseTo(4.5, within(1e-12));
    // Every tested cell of the date shares one family: q is never below p.
    assertThat(cells.where("q_value < p_value").count()).isZero();
  }

  @Test
  void scoreDatesCoverWhatALateAnswerChangesUpToTheRunsLastDate() {
    LocalDate to = LocalDate.of(2026, 5, 31);
    List<LocalDate> dates = ScoreDates.of(to, to, List.of(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 3, 1)));
    assertThat(dates).contains(LocalDate.of(2026, 5, 1), to, LocalDate.of(2026, 4, 25))
        .doesNotContain(LocalDate.of(2026, 4, 26), LocalDate.of(2026, 4, 30));
    assertThat(dates).hasSize(31 + 56);
  }
}
