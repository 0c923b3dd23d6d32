package io.outsidein.jobs.journeys;

import static io.outsidein.jobs.journeys.BuiltJourneys.DAY;
import static io.outsidein.jobs.journeys.BuiltJourneys.build;
import static io.outsidein.jobs.journeys.BuiltJourneys.built;
import static io.outsidein.jobs.journeys.BuiltJourneys.result;
import static io.outsidein.jobs.journeys.BuiltJourneys.stepIds;
import static io.outsidein.jobs.journeys.JourneyFixtures.SETTINGS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.jobs.journeys.BuiltJourneys.Rated;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Every edge of cases, orders and survey attachment, and the one shuffle of the events, on hand-built frames. */
class CaseAndOrderJourneysTest {
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
  void aPromisedDateEndsAtMidnightWhereTheShopIs() {
    JourneyFixtures f = new JourneyFixtures()
        .orderLine("o1", "2026-09-01T12:00:00Z", "c1", "sku-1", 1, 5.0)
        .event("p", "2026-09-01T12:00:00Z", "c1", null, "web", "purchase", null, "o1", null, null,
            Map.of("promised_date", "2026-09-04"))
        // 22:00 in New York on the promised day, 02:00 the next day in UTC.
        .event("d", "2026-09-05T02:00:00Z", "c1", null, "email", "delivered", null, "o1", null, null);
    JourneySettings newYork = new JourneySettings(SETTINGS.inactivityGap(), SETTINGS.maxSessionLength(),
        SETTINGS.maxCustomersPerDevice(), SETTINGS.identityHorizon(), SETTINGS.journeyHorizon(),
        SETTINGS.caseAttachWindow(), SETTINGS.repeatContactWindow(), SETTINGS.abandonAfter(),
        SETTINGS.surveyAttachWindow(), SETTINGS.minN(), SETTINGS.confidence(), ZoneId.of("America/New_York"));
    Row shop = new JourneyBuilder(newYork).build(f.events(), f.orderLines(), List.of(BuiltJourneys.DAY),
        BuiltJourneys.AS_OF).journeys().where("kind = 'order'").first();
    assertThat(shop.<Long>getAs("delivery_delay_s")).as("two hours early, in New York").isEqualTo(-2 * 3600L);
    assertThat(build(f, "order").get(0).<Long>getAs("delivery_delay_s")).as("in UTC").isEqualTo(2 * 3600L);
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
  void aReturnLineNetsTheOrderAndMarksItReturnedAndAGuestBasketIsAnOrderWithoutCustomer() {
    JourneyFixtures f = new JourneyFixtures()
        .orderLine("o1", "2026-09-01T12:00:00Z", "c1", "sku-1", 3, 5.0)
        .orderLine("o1", "2026-09-01T12:00:00Z", "c1", "sku-2", 1, 10.0)
        // A point-of-sale return: its own transaction, a negative quantity.
        .orderLine("r1", "2026-09-01T18:00:00Z", "c1", "sku-1", -1, 5.0)
        .orderLine("g1", "2026-09-01T15:00:00Z", null, "sku-3", 2, 4.0)
        .orderLine("g1", "2026-09-01T15:00:00Z", null, "sku-4", 1, 1.5);
    Map<String, Row> orders = build(f, "order").stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("order_id"), r -> r));
    assertThat(orders.get("o1").<Double>getAs("order_value")).isEqualTo(25.0);
    assertThat(orders.get("o1").<Boolean>getAs("returned")).isFalse();
    assertThat(orders.get("r1").<Double>getAs("order_value")).isEqualTo(-5.0);
    assertThat(orders.get("r1").<Boolean>getAs("returned")).isTrue();
    assertThat(orders.get("r1").<String>getAs("customer_id")).isEqualTo("c1");
    Row guest = orders.get("g1");
    assertThat(guest.<String>getAs("customer_id")).isNull();
    assertThat(guest.<Double>getAs("order_value")).isEqualTo(9.5);
    assertThat(guest.<Integer>getAs("order_lines")).isEqualTo(2);
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

  /**
   * A case and a session of one customer start at the same instant; one answer names nothing, a later one names
   * the case. Whatever order their journey ids take (the key changes the customer's pseudonym, and with it the
   * session's journey_id), the tie goes to the case, and the case keeps the answer that names it.
   */
  @Test
  void anAnswerThatNamesItsCaseWinsAndNoTieDependsOnTheJourneyId() {
    JourneyFixtures f = new JourneyFixtures()
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c1", "contact", "case-1", "billing")
        .view("v1", "2026-09-01T09:00:00Z", "c1")
        .survey("names-nothing", "2026-09-01T10:00:00Z", "c1", "nps", 10, null, null)
        .survey("names-the-case", "2026-09-01T11:00:00Z", "c1", "csat", 2, "case-1", null);
    Dataset<Row> journeys = built(f).journeys().drop(JourneyKinds.TOUCHED);
    SurveyAttachment attachment = new SurveyAttachment(SETTINGS);
    for (String sessionId : List.of("0-before-the-case", "z-after-the-case")) {
      Dataset<Row> renamed = journeys.withColumn("journey_id",
          org.apache.spark.sql.functions.when(col("kind").equalTo("session"), lit(sessionId))
              .otherwise(col("journey_id")));
      Dataset<Row> links = attachment.links(renamed, f.surveys());
      Map<String, String> answers = attachment.attach(renamed.drop("survey_response_id", "survey_type",
              "survey_score", "survey_attach_rule"), links).collectAsList().stream()
          .collect(Collectors.toMap(j -> j.<String>getAs("kind"),
              j -> String.valueOf(j.<String>getAs("survey_response_id"))));
      assertThat(answers).as(sessionId).containsExactlyInAnyOrderEntriesOf(
          Map.of("case", "names-the-case", "session", "null"));
      assertThat(links.where(col("survey_response_id").equalTo("names-nothing")).first().<String>getAs("journey_id"))
          .as(sessionId).isNotEqualTo(sessionId);
    }
  }

  /**
   * One case or order is one journey, whoever holds its events: a case's chat on a device nobody logged in on
   * (its own actor) and the customer's calls; an order whose delivery is confirmed from a second customer's
   * account. Each was two rows with one journey_id, each with half the steps.
   */
  @Test
  void aCaseOrAnOrderWhoseEventsTwoActorsHoldIsOneJourney() {
    JourneyFixtures f = new JourneyFixtures()
        .event("k0", "2026-09-01T08:50:00Z", null, "d-shared", "chat", "contact", "case-1", null, "billing", "a0")
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c1", "transfer", "case-1", "tech")
        .caseEvent("k2", "2026-09-01T09:30:00Z", "c1", "resolve", "case-1", "tech")
        .orderLine("o1", "2026-09-01T12:00:00Z", "c1", "sku-1", 1, 8.0)
        .event("p", "2026-09-01T12:00:00Z", "c1", null, "web", "purchase", null, "o1", null, null)
        .event("d", "2026-09-03T07:00:00Z", "c2", null, "email", "delivered", null, "o1", null, null);
    List<Row> cases = build(f, "case");
    assertThat(cases).hasSize(1);
    Row c = cases.get(0);
    assertThat(stepIds(c)).containsExactly("k0", "k1", "k2");
    assertThat(c.<Integer>getAs("event_count")).isEqualTo(3);
    assertThat(c.getList(c.fieldIndex("departments"))).containsExactly("billing", "tech");
    assertThat(c.<Integer>getAs("transfers")).isEqualTo(1);
    assertThat(c.<Integer>getAs("distinct_agents")).isEqualTo(2);
    assertThat(c.<Long>getAs("time_to_resolve_s")).isEqualTo(40 * 60L);
    assertThat(c.<String>getAs("customer_id")).as("the first piece with a customer").isEqualTo("c1");
    List<Row> orders = build(f, "order");
    assertThat(orders).hasSize(1);
    assertThat(stepIds(orders.get(0))).containsExactly("p", "d");
    assertThat(orders.get(0).<String>getAs("customer_id")).as("the lines' customer").isEqualTo("c1");
    assertThat(orders.get(0).<java.sql.Timestamp>getAs("delivered_at")).isNotNull();
  }

  /**
   * A case two customers hold is the customer's whose piece started first, whatever their ids: c1 before c9 (the
   * highest id would say c9); at the same instant, the piece whose first event has the lower id (k1, c9's), not
   * the lower customer id, which in silver is a pseudonym and so would let the key decide.
   */
  @Test
  void aSharedCaseIsTheCustomersWhoseEventsCameFirstAndNoTieDependsOnTheirIds() {
    JourneyFixtures earlier = new JourneyFixtures()
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c1", "contact", "case-1", "billing")
        .caseEvent("k2", "2026-09-01T10:00:00Z", "c9", "contact", "case-1", "billing");
    assertThat(build(earlier, "case")).singleElement().extracting(r -> r.<String>getAs("customer_id"))
        .isEqualTo("c1");
    JourneyFixtures tied = new JourneyFixtures()
        .caseEvent("k1", "2026-09-01T09:00:00Z", "c9", "contact", "case-1", "billing")
        .caseEvent("k2", "2026-09-01T09:00:00Z", "c1", "contact", "case-1", "billing");
    assertThat(build(tied, "case")).singleElement().extracting(r -> r.<String>getAs("customer_id"))
        .isEqualTo("c9");
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
    // The journeys (not the events) are partitioned once by their key, for the merge of a journey's pieces
    // and the orders' join with their lines alike.
    long byJourney = plan.lines().filter(l -> l.contains("Exchange hashpartitioning(_journey_key")).count();
    assertThat(byJourney).as(plan).isEqualTo(1);
  }
}
