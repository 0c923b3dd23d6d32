package io.outsidein.jobs.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.schema.Source;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.stage.StageResult;
import io.outsidein.common.tables.JourneyTables;
import io.outsidein.common.tables.SilverTables;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.StageHarness;
import io.outsidein.jobs.testing.TableSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Incremental runs rewrite exactly what changed: each kind its own dates, nothing else lost. */
class JourneysRewriteTest {
  private static final LocalDate OPENED = LocalDate.of(2026, 8, 22);
  private static final LocalDate TODAY = LocalDate.of(2026, 9, 1);

  @Test
  void aCaseTouchedTodayRewritesItsOpeningDayWithoutLosingThatDaysSessions() {
    SparkSession spark = TestSpark.session();
    Path warehouse = TestSpark.newFolder("rewrite-warehouse");
    StageHarness harness = StageHarness.of(List.of(
        "outsidein.storage.warehouse=" + warehouse,
        "outsidein.catalog.silver-database=silver_rewrite",
        "outsidein.catalog.gold-database=gold_rewrite",
        "outsidein.catalog.ops-database=ops_rewrite"));
    JourneyFixtures history = new JourneyFixtures()
        // A device's login and an anonymous event after it: stitched to c1, in c1's session with v1.
        .login("l1", "2026-08-22T07:50:00Z", "c1", "dev-1")
        .view("v1", "2026-08-22T08:00:00Z", "c1")
        .anonymous("a1", "2026-08-22T08:05:00Z", "dev-1")
        .view("v2", "2026-08-22T20:00:00Z", "c2")
        .caseEvent("k1", "2026-08-22T09:00:00Z", "c1", "contact", "case-1", "billing")
        // Open across both runs, not yet abandoned: rebuilt by each run to see whether it aged, never changed.
        .caseEvent("k9", "2026-08-28T09:00:00Z", "c9", "contact", "case-9", "billing")
        .view("v9", "2026-08-31T09:00:00Z", "c9");
    write(spark, harness, Source.INTERACTIONS, history.events());
    write(spark, harness, Source.ORDER_LINES, history.orderLines());
    write(spark, harness, Source.SURVEYS, history.surveys());
    JourneysJob job = new JourneysJob();
    harness.run(job, run("first", OPENED), changed(harness, OPENED.datesUntil(TODAY.plusDays(1)).toList()));
    assertThat(kinds("journey_date = DATE'" + OPENED + "'")).containsExactly("case", "session", "session", "session");
    assertThat(status("case-1")).isEqualTo("open");

    // Today: the case is resolved (an event of today only), and someone browses.
    JourneyFixtures today = new JourneyFixtures()
        .caseEvent("k2", "2026-09-01T10:00:00Z", "c1", "resolve", "case-1", "billing")
        .view("v3", "2026-09-01T11:00:00Z", "c3");
    write(spark, harness, Source.INTERACTIONS, today.events());
    StageResult second = harness.run(job, run("second", TODAY), changed(harness, List.of(TODAY)));

    assertThat(kinds("journey_date = DATE'" + OPENED + "'")).containsExactly("case", "session", "session", "session");
    assertThat(status("case-1")).isEqualTo("resolved");
    assertThat(status("case-9")).isEqualTo("open");
    assertThat(kinds("journey_date = DATE'" + TODAY + "'")).containsExactly("session", "session");
    // Handed on: the case that changed and today's sessions. Not the open case that stayed open, nor the
    // sessions of the days before today that the run rebuilt around it and found as they were.
    TableName journeys = JourneyTables.journeys(harness.catalog()).name();
    assertThat(second.changed().in(journeys)).containsExactly(OPENED, TODAY);
    assertThat(second.changed().in(JourneyTables.ownership(harness.catalog()).name())).containsExactly(OPENED);
    long version = version();

    // The same night again: nothing differs, nothing is written or handed on.
    StageResult again = harness.run(job, run("again", TODAY), changed(harness, List.of(TODAY)));
    assertThat(again.changed().in(journeys)).isEmpty();
    assertThat(version()).isEqualTo(version);
    assertThat(kinds("journey_date = DATE'" + TODAY + "'")).containsExactly("session", "session");

    // The state: the case events (not the views), and the devices' marks.
    assertThat(TestSpark.session().sql("SELECT event_id FROM ops_rewrite.journey_events ORDER BY event_id")
        .collectAsList().stream().map(r -> r.getString(0)).toList()).containsExactly("k1", "k2", "k9");
    TableSnapshot marks = TableSnapshot.of("ops_rewrite.journey_identity_marks");
    TableSnapshot events = TableSnapshot.of("ops_rewrite.journey_events");
    assertThat(TestSpark.session().sql("SELECT event_id, session_start FROM ops_rewrite.journey_identity_marks")
        .collectAsList().toString()).isEqualTo("[[l1,true]]");

    // The state lost (or a warehouse from before it): the next run computes it again for every date of its
    // window, from silver, and finds the journeys as they were.
    for (String table : List.of("journey_state_dates", "journey_identity_marks", "journey_events")) {
      TestSpark.session().sql("DELETE FROM ops_rewrite." + table);
    }
    StageResult refilled = harness.run(job, run("refilled", TODAY), changed(harness, List.of(TODAY)));
    assertThat(refilled.changed().in(journeys)).isEmpty();
    marks.assertUnchanged();
    events.assertUnchanged();
    assertThat(TestSpark.session().sql("SELECT min(event_date), max(event_date) FROM ops_rewrite.journey_state_dates")
        .first().toString()).isEqualTo("[" + TODAY.minusDays(62) + "," + TODAY + "]");

    // Two weeks on, a night whose events touch no case: the open case ages into abandoned (14 days), and only
    // its date is rewritten beside the night's own.
    LocalDate later = LocalDate.of(2026, 9, 15);
    write(spark, harness, Source.INTERACTIONS, new JourneyFixtures().view("v4", "2026-09-15T11:00:00Z", "c3").events());
    StageResult aged = harness.run(job, run("aged", later), changed(harness, List.of(later)));
    assertThat(status("case-9")).isEqualTo("abandoned");
    assertThat(status("case-1")).isEqualTo("resolved");
    assertThat(aged.changed().in(journeys)).containsExactly(LocalDate.of(2026, 8, 28), later);
    assertThat(kinds("journey_date = DATE'" + OPENED + "'")).containsExactly("case", "session", "session", "session");
  }

  private static long version() {
    return TestSpark.session().sql("DESCRIBE HISTORY gold_rewrite.journeys LIMIT 1").first().getLong(0);
  }

  private static RunContext run(String id, LocalDate day) {
    return new RunContext(id, day, day, Instant.parse(day.plusDays(1) + "T02:00:00Z"));
  }

  private static ChangedDates changed(StageHarness harness, List<LocalDate> dates) {
    return ChangedDates.of(SilverTables.of(harness.catalog(), Source.INTERACTIONS).name(), dates);
  }

  private static void write(SparkSession spark, StageHarness harness, Source source, Dataset<Row> rows) {
    TableDefinition table = SilverTables.of(harness.catalog(), source);
    harness.tables().ensure(table);
    rows.write().format("delta").mode("append").insertInto(table.name().sql());
  }

  private static List<String> kinds(String where) {
    return TestSpark.session().sql("SELECT kind FROM gold_rewrite.journeys WHERE " + where + " ORDER BY kind")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static String status(String caseId) {
    return TestSpark.session().sql("SELECT case_status FROM gold_rewrite.journeys WHERE kind = 'case' AND case_id = '"
        + caseId + "'").first().getString(0);
  }
}
