package io.outsidein.jobs.journeys;

import static io.outsidein.jobs.journeys.JourneyFixtures.SETTINGS;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SurveyReattachmentTest {
  /**
   * A case whose events two customers hold (one case id on two people's contacts) is one journey; gold written
   * before that held two rows with its one id. Attached again over those stored rows, it stays one row: a rerun
   * does not copy it by its stored answers.
   */
  @Test
  void aJourneyIsNotCopiedByStoredAnswersSharingItsId() {
    JourneyFixtures f = new JourneyFixtures()
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c1", "contact", "case-1", "billing")
        .caseEvent("k2", "2026-09-01T10:00:00Z", "c2", "contact", "case-1", "billing");
    Dataset<Row> rebuilt = BuiltJourneys.built(f).journeys().where(col("kind").equalTo("case"))
        .drop(JourneyBuilder.touchedColumn()).cache();
    assertThat(rebuilt.count()).isEqualTo(1);
    Dataset<Row> stored = rebuilt.select("journey_id", "survey_response_id", "survey_type", "survey_score",
        "survey_attach_rule");
    Dataset<Row> none = rebuilt.limit(0);
    Dataset<Row> attached = new SurveyReattachment(SETTINGS).attach(rebuilt, none, none, stored.union(stored),
        f.surveys(), SurveyScope.of(List.of(BuiltJourneys.DAY), Duration.ofDays(7)));
    assertThat(attached.count()).isEqualTo(1);
  }
}
