package io.outsidein.jobs.journeys;

import static io.outsidein.jobs.journeys.BuiltJourneys.DAY;
import static io.outsidein.jobs.journeys.JourneyFixtures.SETTINGS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The case and order dates a run looks at again because of what gold holds, on journeys built from hand-made
 * events: a run for the day after {@link BuiltJourneys#DAY}, whose window holds that day's case, order and
 * session whole.
 */
class StoredJourneysTest {
  private static final LocalDate NIGHT = DAY.plusDays(1);
  private static final JourneyWindow WINDOW = JourneyWindow.of(List.of(NIGHT), SETTINGS);

  private static JourneyFixtures day() {
    return new JourneyFixtures()
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c1", "contact", "case-1", "billing")
        .caseEvent("k2", "2026-09-01T10:00:00Z", "c1", "resolve", "case-1", "billing")
        .orderLine("o1", "2026-09-01T12:00:00Z", "c2", "sku-1", 1, 3.0)
        .view("v1", "2026-09-01T13:00:00Z", "c3");
  }

  private static Dataset<Row> built(JourneyFixtures f) {
    return BuiltJourneys.built(f, NIGHT).journeys().cache();
  }

  private static Column isCase() {
    return col("kind").equalTo("case");
  }

  @Test
  void whatTheBuildReproducesAtItsDateNeedsNoSecondLook() {
    Dataset<Row> built = built(day());
    assertThat(StoredJourneys.datesToRecheck(built, built, WINDOW)).isEmpty();
    // Nor a session the build does not hold (sessions are rebuilt for whole dates), nor a case dated after the
    // last date whose cases the window holds whole.
    Dataset<Row> stored = built.withColumn("journey_id", when(col("kind").equalTo("session"), lit("gone"))
            .otherwise(col("journey_id")))
        .unionByName(built.where(isCase()).withColumn("journey_id", lit("later"))
            .withColumn("journey_date", lit(java.sql.Date.valueOf(WINDOW.lastCaseDate().plusDays(1)))));
    assertThat(StoredJourneys.datesToRecheck(stored, built, WINDOW)).isEmpty();
  }

  @Test
  void aCaseStoredAtAnotherDateOrTwiceIsLookedAtOnBothDates() {
    Dataset<Row> built = built(day());
    // Its start moved to DAY (a late event came before it), or a second piece once stored under its id.
    Dataset<Row> moved = built.withColumn("journey_date", when(isCase(),
        lit(java.sql.Date.valueOf(DAY.plusDays(1)))).otherwise(col("journey_date")));
    assertThat(StoredJourneys.datesToRecheck(moved, built, WINDOW)).containsExactly(DAY, DAY.plusDays(1));
    Dataset<Row> twice = built.unionByName(built.where(isCase()));
    assertThat(StoredJourneys.datesToRecheck(twice, built, WINDOW)).containsExactly(DAY);
  }

  /** An erasure: c9's late contact on the case is gone from silver; the case, rebuilt at its date, holds none. */
  @Test
  void aStoredCaseWithAStepOnAChangedDateIsLookedAtAgain() {
    Dataset<Row> stored = built(day()
        .caseEvent("k9", "2026-09-02T08:00:00Z", "c9", "contact", "case-1", "billing"));
    Dataset<Row> built = built(day());
    assertThat(stored.where(isCase()).select("journey_id", "journey_date").collectAsList())
        .isEqualTo(built.where(isCase()).select("journey_id", "journey_date").collectAsList());
    assertThat(StoredJourneys.datesToRecheck(stored, built, WINDOW)).containsExactly(DAY);
  }
}
