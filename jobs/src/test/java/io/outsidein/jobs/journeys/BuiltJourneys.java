package io.outsidein.jobs.journeys;

import static io.outsidein.jobs.journeys.JourneyFixtures.SETTINGS;
import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The journeys of hand-built frames, as the edge tests read them. */
final class BuiltJourneys {
  private BuiltJourneys() {}

  static final LocalDate DAY = LocalDate.of(2026, 9, 1);
  static final Instant AS_OF = Instant.parse("2026-09-30T00:00:00Z");

  static List<Row> build(JourneyFixtures f, String kind, LocalDate... changed) {
    return result(f, changed).journeys().where(col("kind").equalTo(kind)).orderBy("started_at", "journey_id")
        .collectAsList();
  }

  static JourneyBuilder.Result built(JourneyFixtures f, LocalDate... changed) {
    List<LocalDate> dates = changed.length == 0 ? List.of(DAY) : List.of(changed);
    return new JourneyBuilder(SETTINGS).build(f.events(), f.orderLines(), dates, AS_OF);
  }

  /** Computed once per test (a test reads the frames several times): cached, so each read is a lookup. */
  static Rated result(JourneyFixtures f, LocalDate... changed) {
    JourneyBuilder.Result built = built(f, changed);
    Dataset<Row> journeys = built.journeys().cache();
    JourneyBuilder.Rated rated = new JourneyBuilder(SETTINGS).attachSurveys(journeys, f.surveys());
    return new Rated(rated.journeys().cache(), built.identityMap().cache(), built.unstitchedDevices(),
        rated.surveyLinks().cache());
  }

  record Rated(Dataset<Row> journeys, Dataset<Row> identityMap, Dataset<Row> unstitchedDevices,
      Dataset<Row> surveyLinks) {}

  static List<String> stepIds(Row journey) {
    return journey.<Row>getList(journey.fieldIndex("steps")).stream().map(s -> s.<String>getAs("event_id"))
        .collect(Collectors.toList());
  }
}
