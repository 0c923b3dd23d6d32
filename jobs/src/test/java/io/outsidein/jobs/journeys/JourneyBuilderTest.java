package io.outsidein.jobs.journeys;

import static io.outsidein.jobs.journeys.JourneyFixtures.SETTINGS;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Every edge of sessions, stitching, cases, orders and survey attachment, on hand-built frames. */
class JourneyBuilderTest {
  private static final LocalDate DAY = LocalDate.of(2026, 9, 1);
  private static final Instant AS_OF = Instant.parse("2026-09-30T00:00:00Z");

  private static List<Row> build(JourneyFixtures f, String kind, LocalDate... changed) {
    return result(f, changed).journeys().where(col("kind").equalTo(kind)).orderBy("started_at", "journey_id")
        .collectAsList();
  }

  private static JourneyBuilder.Result built(JourneyFixtures f, LocalDate... changed) {
    List<LocalDate> dates = changed.length == 0 ? List.of(DAY) : List.of(changed);
    return new JourneyBuilder(SETTINGS).build(f.events(), f.orderLines(), dates, AS_OF);
  }

  private static Rated result(JourneyFixtures f, LocalDate... changed) {
    JourneyBuilder.Result built = built(f, changed);
    JourneyBuilder.Rated rated = new JourneyBuilder(SETTINGS).attachSurveys(built.journeys(), f.surveys());
    return new Rated(rated.journeys(), built.identityMap(), built.unstitchedDevices(), rated.surveyLinks());
  }

  private record Rated(Dataset<Row> journeys, Dataset<Row> identityMap, Dataset<Row> unstitchedDevices,
      Dataset<Row> surveyLinks) {}

  private static List<String> stepIds(Row journey) {
    return journey.<Row>getList(journey.fieldIndex("steps")).stream().map(s -> s.<String>getAs("event_id"))
        .collect(Collectors.toList());
  }

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
  void aKioskOverTheCardinalityLimitIsNotStitched() {
    JourneyFixtures f = new JourneyFixtures();
    for (int i = 1; i <= 4; i++) {
      f.login("login-" + i, "2026-09-01T10:0" + i + ":00Z", "c" + i, "kiosk")
          .anonymous("anon-" + i, "2026-09-01T10:0" + i + ":30Z", "kiosk");
    }
    f.login("home-login", "2026-09-01T20:00:00Z", "c1", "home").anonymous("home-anon", "2026-09-01T20:05:00Z", "home");
    Rated result = result(f);
    assertThat(result.unstitchedDevices().collectAsList()).extracting(r -> r.<String>getAs("anonymous_id"))
        .containsExactly("kiosk");
    List<Row> kioskSessions = result.journeys().where(col("kind").equalTo("session")
        .and(col("customer_id").isNull())).collectAsList();
    assertThat(kioskSessions).hasSize(1);
    assertThat(stepIds(kioskSessions.get(0))).containsExactlyInAnyOrder("anon-1", "anon-2", "anon-3", "anon-4");
    assertThat(kioskSessions.get(0).<String>getAs("device_id")).isEqualTo("kiosk");
    assertThat(result.journeys().where(col("customer_id").equalTo("c1").and(col("kind").equalTo("session")))
        .collectAsList()).anySatisfy(j -> assertThat(stepIds(j)).containsExactly("home-login", "home-anon"));
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

  @Test
  void aCaseBouncingBetweenTwoDepartmentsCountsTransfersAndPingPong() {
    JourneyFixtures f = new JourneyFixtures()
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c1", "contact", "case-1", "billing")
        .caseEvent("k2", "2026-09-01T09:10:00Z", "c1", "transfer", "case-1", "tech")
        .caseEvent("k3", "2026-09-01T09:20:00Z", "c1", "transfer", "case-1", "billing")
        .caseEvent("k4", "2026-09-01T10:00:00Z", "c1", "resolve", "case-1", "billing");
    Row c = build(f, "case").get(0);
    assertThat(c.<String>getAs("case_id")).isEqualTo("case-1");
    assertThat(c.<Integer>getAs("transfers")).isEqualTo(2);
    assertThat(c.<Integer>getAs("ping_pongs")).isEqualTo(1);
    assertThat(c.getList(c.fieldIndex("departments"))).containsExactly("billing", "tech", "billing");
    assertThat(c.<Boolean>getAs("resolved")).isTrue();
    assertThat(c.<Boolean>getAs("first_contact_resolution")).isFalse();
    assertThat(c.<Long>getAs("time_to_resolve_s")).isEqualTo(3600L);
    assertThat(c.<Integer>getAs("distinct_agents")).isEqualTo(2);
    assertThat(c.<String>getAs("case_status")).isEqualTo("resolved");
  }

  @Test
  void aCaseResolvedAtFirstContactIsFcr() {
    JourneyFixtures f = new JourneyFixtures()
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c1", "contact", "case-1", "billing")
        .caseEvent("k2", "2026-09-01T09:05:00Z", "c1", "resolve", "case-1", "billing");
    Row c = build(f, "case").get(0);
    assertThat(c.<Boolean>getAs("first_contact_resolution")).isTrue();
    assertThat(c.<Integer>getAs("transfers")).isZero();
    assertThat(c.<Long>getAs("time_to_first_response_s")).isZero();
  }

  @Test
  void aContactWithinTheRepeatWindowOfAResolveIsARepeatAndOneOutsideIsNot() {
    JourneyFixtures f = new JourneyFixtures()
        .caseEvent("w1", "2026-09-01T09:00:00Z", "c1", "contact", "within", "billing")
        .caseEvent("w2", "2026-09-01T10:00:00Z", "c1", "resolve", "within", "billing")
        .caseEvent("w3", "2026-09-04T10:00:00Z", "c1", "contact", "within", "billing")
        .caseEvent("o1", "2026-09-01T09:00:00Z", "c2", "contact", "outside", "billing")
        .caseEvent("o2", "2026-09-01T10:00:00Z", "c2", "resolve", "outside", "billing")
        .caseEvent("o3", "2026-09-20T10:00:00Z", "c2", "contact", "outside", "billing");
    Map<String, Row> cases = build(f, "case").stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("case_id"), r -> r));
    assertThat(cases.get("within").<Integer>getAs("repeat_contacts")).isEqualTo(1);
    assertThat(cases.get("within").<Boolean>getAs("resolved")).isFalse();
    assertThat(cases.get("outside").<Integer>getAs("repeat_contacts")).isZero();
  }

  @Test
  void anOpenCaseAgesIntoAbandoned() {
    JourneyFixtures f = new JourneyFixtures()
        .caseEvent("old", "2026-09-01T09:00:00Z", "c1", "contact", "old-case", "billing")
        .caseEvent("new", "2026-09-27T09:00:00Z", "c2", "contact", "new-case", "billing");
    Map<String, String> status = build(f, "case").stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("case_id"), r -> r.<String>getAs("case_status")));
    assertThat(status).containsEntry("old-case", "abandoned").containsEntry("new-case", "open");
  }

  @Test
  void aContactWithoutCaseIdJoinsTheOpenCaseWithinTheWindowOnly() {
    JourneyFixtures f = new JourneyFixtures()
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c1", "contact", "case-1", "billing")
        .caseEvent("loose", "2026-09-02T09:00:00Z", "c1", "contact", null, null)
        .caseEvent("k2", "2026-09-02T10:00:00Z", "c1", "resolve", "case-1", "billing")
        .caseEvent("after-resolve", "2026-09-02T11:00:00Z", "c1", "contact", null, null)
        .caseEvent("c2-1", "2026-09-01T09:00:00Z", "c2", "contact", "case-2", "billing")
        .caseEvent("too-late", "2026-09-08T09:00:00Z", "c2", "contact", null, null);
    Map<String, Row> cases = build(f, "case").stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("case_id"), r -> r));
    assertThat(cases).containsOnlyKeys("case-1", "case-2");
    assertThat(stepIds(cases.get("case-1"))).containsExactly("k1", "loose", "k2");
    assertThat(cases.get("case-1").<Integer>getAs("contacts_attached")).isEqualTo(1);
    assertThat(cases.get("case-1").<Integer>getAs("repeat_contacts")).isEqualTo(1);
    assertThat(stepIds(cases.get("case-2"))).containsExactly("c2-1");
  }

  @Test
  void anOrderJoinsItsLinesFulfilmentAndContacts() {
    JourneyFixtures f = new JourneyFixtures()
        .orderLine("o1", "2026-09-01T12:00:00Z", "c1", "sku-1", 2, 5.0)
        .orderLine("o1", "2026-09-01T12:00:00Z", "c1", "sku-2", 1, 10.0)
        .event("p", "2026-09-01T12:00:00Z", "c1", null, "web", "purchase", null, "o1", null, null,
            Map.of("promised_date", "2026-09-04"))
        .event("s", "2026-09-02T08:00:00Z", "c1", null, "email", "shipped", null, "o1", null, null)
        .event("d", "2026-09-05T06:00:00Z", "c1", null, "email", "delivered", null, "o1", null, null)
        .event("q", "2026-09-05T09:00:00Z", "c1", null, "chat", "contact", "case-9", "o1", "orders", "a1");
    Row o = build(f, "order").get(0);
    assertThat(o.<Double>getAs("order_value")).isEqualTo(20.0);
    assertThat(o.<Integer>getAs("order_lines")).isEqualTo(2);
    assertThat(o.<java.sql.Date>getAs("promised_date").toLocalDate()).isEqualTo(LocalDate.of(2026, 9, 4));
    assertThat(o.<Long>getAs("delivery_delay_s")).isEqualTo(6 * 3600L);
    assertThat(o.<Integer>getAs("order_contacts")).isEqualTo(1);
    assertThat(stepIds(o)).containsExactly("p", "s", "d", "q");
    assertThat(o.<Boolean>getAs("has_contact")).isTrue();
  }

  @Test
  void surveysAttachByCaseOrderOrElseTheCustomersLatestJourney() {
    JourneyFixtures f = new JourneyFixtures()
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c1", "contact", "case-1", "billing")
        .view("v1", "2026-09-03T09:00:00Z", "c1")
        .view("v2", "2026-09-04T09:00:00Z", "c1")
        .survey("by-case", "2026-09-02T09:00:00Z", "c1", "nps", 3, "case-1", null)
        .survey("unknown-case", "2026-09-04T12:00:00Z", "c1", "csat", 4, "no-such-case", null)
        .survey("nothing-near", "2026-09-25T12:00:00Z", "c1", "nps", 10, null, null);
    Rated result = result(f, DAY, DAY.plusDays(1), DAY.plusDays(2), DAY.plusDays(3));
    Map<String, Row> links = result.surveyLinks().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("survey_response_id"), r -> r));
    assertThat(links).containsOnlyKeys("by-case", "unknown-case");
    assertThat(links.get("by-case").<String>getAs("survey_attach_rule")).isEqualTo("case_id");
    assertThat(links.get("unknown-case").<String>getAs("survey_attach_rule")).isEqualTo("customer_recent");
    Row latest = result.journeys().where(col("survey_response_id").equalTo("unknown-case")).first();
    assertThat(stepIds(latest)).containsExactly("v2");
    Row rated = result.journeys().where(col("kind").equalTo("case")).first();
    assertThat(rated.<Integer>getAs("survey_score")).isEqualTo(3);
    assertThat(rated.<String>getAs("survey_attach_rule")).isEqualTo("case_id");
  }

  @Test
  void theEventsAreShuffledOnceForSessionsCasesAndOrders() {
    JourneyFixtures f = new JourneyFixtures()
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c1", "contact", "case-1", "billing")
        .event("p", "2026-09-01T12:00:00Z", "c1", null, "web", "purchase", null, "o1", null, null)
        .orderLine("o1", "2026-09-01T12:00:00Z", "c1", "sku-1", 2, 5.0);
    Dataset<Row> journeys = built(f).journeys();
    assertThat(journeys.count()).isEqualTo(4);
    String plan = journeys.queryExecution().executedPlan().toString();
    // One exchange partitions the events by actor; the window functions and the aggregation of all three
    // kinds reuse it. (The identity map sorts a narrow projection of device events by device: not the events.)
    long byActor = plan.lines().filter(l -> l.contains("Exchange hashpartitioning(actor")).count();
    assertThat(byActor).as(plan).isEqualTo(1);
  }
}
