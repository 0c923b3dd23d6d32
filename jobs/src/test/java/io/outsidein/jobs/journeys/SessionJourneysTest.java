package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.col;
import static io.outsidein.jobs.journeys.BuiltJourneys.DAY;
import static io.outsidein.jobs.journeys.BuiltJourneys.build;
import static io.outsidein.jobs.journeys.BuiltJourneys.built;
import static io.outsidein.jobs.journeys.BuiltJourneys.result;
import static io.outsidein.jobs.journeys.BuiltJourneys.stepIds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import io.outsidein.jobs.journeys.BuiltJourneys.Rated;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Every edge of sessions and identity stitching, on hand-built frames. */
class SessionJourneysTest {
  @Test
  void aGapEqualToTheLimitStartsANewSessionAndOneSecondLessDoesNot() {
    JourneyFixtures f = new JourneyFixtures()
        .view("e1", "2026-09-01T10:00:00Z", "c1")
        .view("e2", "2026-09-01T10:29:59Z", "c1")
        .view("e3", "2026-09-01T10:59:59Z", "c1");
    List<Row> sessions = build(f, "session");
    assertThat(sessions).hasSize(2);
    assertThat(stepIds(sessions.get(0))).containsExactly("e1", "e2");
    assertThat(stepIds(sessions.get(1))).containsExactly("e3");
    assertThat(sessions.get(0).<Long>getAs("duration_s")).isEqualTo(1799L);
  }

  @Test
  void eventsAtTheSameInstantAreOrderedByIdAndIdsAreStable() {
    JourneyFixtures f = new JourneyFixtures()
        .view("b", "2026-09-01T10:00:00Z", "c1")
        .view("a", "2026-09-01T10:00:00Z", "c1")
        .view("c", "2026-09-01T10:00:00Z", "c1");
    List<Row> first = build(f, "session");
    List<Row> again = build(f, "session");
    assertThat(first).hasSize(1);
    assertThat(stepIds(first.get(0))).containsExactly("a", "b", "c");
    assertThat(first.get(0).<String>getAs("journey_id")).isEqualTo(again.get(0).getAs("journey_id"))
        .hasSize(64);
  }

  @Test
  void aSessionAcrossMidnightIsOneJourneyDatedByItsStart() {
    JourneyFixtures f = new JourneyFixtures()
        .view("e1", "2026-09-01T23:50:00Z", "c1")
        .view("e2", "2026-09-02T00:10:00Z", "c1");
    List<Row> sessions = build(f, "session", LocalDate.of(2026, 9, 2));
    assertThat(sessions).hasSize(1);
    assertThat(sessions.get(0).<java.sql.Date>getAs("journey_date").toLocalDate()).isEqualTo(DAY);
    // Touched through its event of the 2nd: the 1st is rewritten too.
    assertThat(sessions.get(0).<Boolean>getAs(JourneyKinds.TOUCHED)).isTrue();
  }

  @Test
  void aLateEventMergesTwoSessions() {
    JourneyFixtures before = new JourneyFixtures()
        .view("e1", "2026-09-01T10:00:00Z", "c1")
        .view("e3", "2026-09-01T10:40:00Z", "c1");
    assertThat(build(before, "session")).hasSize(2);
    JourneyFixtures after = new JourneyFixtures()
        .view("e1", "2026-09-01T10:00:00Z", "c1")
        .view("e3", "2026-09-01T10:40:00Z", "c1")
        .view("e2", "2026-09-01T10:20:00Z", "c1");
    List<Row> merged = build(after, "session");
    assertThat(merged).hasSize(1);
    assertThat(stepIds(merged.get(0))).containsExactly("e1", "e2", "e3");
  }

  @Test
  void aSharedDeviceGivesEachCustomerOnlyTheirOwnTurns() {
    JourneyFixtures f = new JourneyFixtures()
        .anonymous("before-any-login", "2026-09-01T07:00:00Z", "d1")
        .anonymous("a-browses", "2026-09-01T08:50:00Z", "d1")
        .login("a-login", "2026-09-01T09:00:00Z", "alice", "d1")
        .anonymous("a-after", "2026-09-01T09:05:00Z", "d1")
        .anonymous("a-later-session", "2026-09-01T12:00:00Z", "d1")
        .anonymous("b-browses", "2026-09-01T13:50:00Z", "d1")
        .login("b-login", "2026-09-01T14:00:00Z", "bob", "d1")
        .anonymous("b-after", "2026-09-01T14:05:00Z", "d1");
    Rated result = result(f);
    Map<String, String> owner = result.journeys().where(col("kind").equalTo("session")).collectAsList().stream()
        .flatMap(j -> stepIds(j).stream().map(id -> Map.entry(id, String.valueOf(j.<String>getAs("customer_id")))))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(owner).containsEntry("before-any-login", "null")
        .containsEntry("a-browses", "alice").containsEntry("a-login", "alice").containsEntry("a-after", "alice")
        .containsEntry("a-later-session", "alice")
        .containsEntry("b-browses", "bob").containsEntry("b-login", "bob").containsEntry("b-after", "bob");
    List<Row> map = result.identityMap().orderBy("valid_from").collectAsList();
    assertThat(map).extracting(r -> r.<String>getAs("customer_id")).containsExactly("alice", "bob");
    assertThat(map.get(0).<java.sql.Timestamp>getAs("valid_from").toInstant())
        .isEqualTo(Instant.parse("2026-09-01T08:50:00Z"));
    assertThat(map.get(0).<java.sql.Timestamp>getAs("valid_to").toInstant())
        .isEqualTo(Instant.parse("2026-09-01T13:50:00Z"));
    assertThat(map.get(1).<Object>getAs("valid_to")).isNull();
  }

  @Test
  void aLateLoginReattributesTheDevicesLaterEventsAndMarksTheirDatesForRewriting() {
    // The login of the 1st arrives late (only the 1st changed); the device browsed on the 2nd and 3rd too.
    JourneyFixtures f = new JourneyFixtures()
        .anonymous("before", "2026-08-31T10:00:00Z", "d1")
        .login("late-login", "2026-09-01T09:00:00Z", "alice", "d1")
        .anonymous("day-2", "2026-09-02T09:00:00Z", "d1")
        .anonymous("day-3", "2026-09-03T09:00:00Z", "d1")
        .view("other", "2026-09-03T12:00:00Z", "bob");
    List<Row> sessions = build(f, "session", DAY);
    Map<String, Row> byFirstStep = sessions.stream().collect(Collectors.toMap(j -> stepIds(j).get(0), j -> j));
    assertThat(byFirstStep.get("before").<String>getAs("customer_id")).isNull();
    assertThat(byFirstStep.get("day-2").<String>getAs("customer_id")).isEqualTo("alice");
    assertThat(byFirstStep.get("day-3").<String>getAs("customer_id")).isEqualTo("alice");
    assertThat(byFirstStep.get("day-2").<Boolean>getAs(JourneyKinds.TOUCHED)).isTrue();
    assertThat(byFirstStep.get("day-3").<Boolean>getAs(JourneyKinds.TOUCHED)).isTrue();
    assertThat(byFirstStep.get("other").<Boolean>getAs(JourneyKinds.TOUCHED)).isFalse();
    assertThat(byFirstStep.get("before").<Boolean>getAs(JourneyKinds.TOUCHED)).isFalse();
  }

  @Test
  void aKioskIsSharedFromTheLoginThatPassesTheCardinalityLimit() {
    JourneyFixtures f = new JourneyFixtures();
    for (int i = 1; i <= 4; i++) {
      f.login("login-" + i, "2026-09-01T10:0" + i + ":00Z", "c" + i, "kiosk")
          .anonymous("anon-" + i, "2026-09-01T10:0" + i + ":30Z", "kiosk");
    }
    f.login("home-login", "2026-09-01T20:00:00Z", "c1", "home").anonymous("home-anon", "2026-09-01T20:05:00Z", "home");
    Rated result = result(f);
    assertThat(result.unstitchedDevices().collectAsList()).extracting(r -> r.<String>getAs("anonymous_id"))
        .containsExactly("kiosk");
    // The first three customers' turns are theirs; from the fourth customer's login on, the kiosk is shared.
    List<Row> kioskSessions = result.journeys().where(col("kind").equalTo("session")
        .and(col("customer_id").isNull())).collectAsList();
    assertThat(kioskSessions).hasSize(1);
    assertThat(stepIds(kioskSessions.get(0))).containsExactly("anon-4");
    assertThat(kioskSessions.get(0).<String>getAs("device_id")).isEqualTo("kiosk");
    assertThat(result.journeys().where(col("customer_id").equalTo("c3").and(col("kind").equalTo("session")))
        .collectAsList()).singleElement().satisfies(j -> assertThat(stepIds(j)).containsExactly("login-3", "anon-3"));
    assertThat(result.journeys().where(col("customer_id").equalTo("c1").and(col("kind").equalTo("session")))
        .collectAsList()).anySatisfy(j -> assertThat(stepIds(j)).containsExactly("home-login", "home-anon"));
  }

  @Test
  void aDevicesLastLoginAttributesItsLaterSessionsOnlyWithinTheIdentityHorizon() {
    JourneyFixtures f = new JourneyFixtures()
        .login("login", "2026-08-01T09:00:00Z", "alice", "d1")
        .anonymous("within", "2026-08-31T08:59:00Z", "d1")
        .anonymous("beyond", "2026-08-31T09:30:01Z", "d1");
    Map<String, String> owner = result(f).journeys().where(col("kind").equalTo("session")).collectAsList().stream()
        .collect(Collectors.toMap(j -> stepIds(j).get(0), j -> String.valueOf(j.<String>getAs("customer_id"))));
    // 29 days 23:59 after the login: alice's; a new session 30 days and 30 minutes after it: nobody's.
    assertThat(owner).containsEntry("within", "alice").containsEntry("beyond", "null");
  }

  @Test
  void aSessionOverTheMaximumLengthIsCutAndFlagged() {
    JourneyFixtures f = new JourneyFixtures();
    Instant start = Instant.parse("2026-09-01T08:00:00Z");
    for (int i = 0; i < 30; i++) {
      f.view(String.format("e%02d", i), start.plusSeconds(600L * i).toString(), "bot");
    }
    List<Row> sessions = build(f, "session");
    assertThat(sessions).hasSize(2);
    assertThat(sessions).allSatisfy(s -> assertThat(s.<Boolean>getAs("cut_at_max_length")).isTrue());
    assertThat(sessions.get(0).<Integer>getAs("event_count")).isEqualTo(24);
    assertThat(sessions.get(1).<Integer>getAs("event_count")).isEqualTo(6);
    assertThat(sessions.get(0).<Long>getAs("duration_s")).isLessThan(4 * 3600L);
  }
}
