package io.outsidein.jobs.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.config.CxAreaRule;
import io.outsidein.common.config.CxAreas;
import io.outsidein.common.tables.JourneyTables;
import io.outsidein.common.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Step sequences before bad outcomes on hand-built journeys: exact counts, the cap, what counts as before. */
class JourneyPatternsTest {
  private static final StructType RATED = new StructType().add("journey_kind", DataTypes.StringType)
      .add("outcome", DataTypes.StringType).add("tokens", DataTypes.createArrayType(DataTypes.StringType));
  private static final List<String> EVENTS = List.of("contact", "transfer", "callback", "resolve");

  private static JourneyPatterns miner(long minCount, int maxLength, long maxPatterns) {
    return new JourneyPatterns(new JourneyPatternSettings(Duration.ofDays(90), List.of("case"),
        List.of(JourneyPatternSettings.DETRACTOR), Duration.ofDays(30), maxLength, minCount, 0.0, maxPatterns), 0.95);
  }

  /** Cases whose transfers make a bad answer likelier: 2+ transfers end badly 70 % of the time, others 30 %. */
  private static List<Row> journeys() {
    Random random = new Random(7);
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < 400; j++) {
      List<String> tokens = new ArrayList<>(List.of("contact"));
      int transfers = random.nextInt(4);
      for (int t = 0; t < transfers; t++) {
        tokens.add("transfer");
        if (random.nextInt(3) == 0) {
          tokens.add(EVENTS.get(random.nextInt(EVENTS.size())));
        }
      }
      tokens.add("resolve");
      boolean bad = random.nextDouble() < (transfers >= 2 ? 0.7 : 0.3);
      rows.add(RowFactory.create("case", bad ? RatedJourneys.BAD : RatedJourneys.GOOD, tokens.toArray()));
    }
    rows.add(RowFactory.create("case", null, new Object[] {"contact", "transfer", "transfer"}));
    rows.add(RowFactory.create("order", RatedJourneys.BAD, new Object[] {"transfer", "transfer"}));
    return rows;
  }

  private static boolean contains(List<String> sequence, List<String> pattern) {
    int at = 0;
    for (String step : sequence) {
      if (at < pattern.size() && step.equals(pattern.get(at))) {
        at++;
      }
    }
    return at == pattern.size();
  }

  @Test
  void everyCountIsTheNumberOfJourneysHoldingThePatternInOrder() {
    List<Row> input = journeys();
    Dataset<Row> patterns = miner(20, 3, 10_000).mine(TestSpark.session().createDataFrame(input, RATED),
        JourneyPatternSettings.DETRACTOR).patterns().orElseThrow();
    List<Row> rows = patterns.collectAsList();
    assertThat(rows).isNotEmpty();
    long bad = input.stream().filter(r -> "case".equals(r.get(0)) && RatedJourneys.BAD.equals(r.get(1))).count();
    long good = input.stream().filter(r -> "case".equals(r.get(0)) && RatedJourneys.GOOD.equals(r.get(1))).count();
    for (Row row : rows) {
      List<String> pattern = row.getList(row.fieldIndex("pattern"));
      long badCount = 0;
      long goodCount = 0;
      for (Row journey : input) {
        if (!"case".equals(journey.get(0)) || journey.get(1) == null) {
          continue;
        }
        if (contains(Arrays.asList((Object[]) journey.get(2)).stream().map(Object::toString).toList(), pattern)) {
          if (RatedJourneys.BAD.equals(journey.get(1))) {
            badCount++;
          } else {
            goodCount++;
          }
        }
      }
      assertThat(row.<Long>getAs("bad_count")).as("%s", pattern).isEqualTo(badCount).isGreaterThanOrEqualTo(20);
      assertThat(row.<Long>getAs("good_count")).as("%s", pattern).isEqualTo(goodCount);
      assertThat(row.<Long>getAs("bad_journeys")).isEqualTo(bad);
      assertThat(row.<Long>getAs("good_journeys")).isEqualTo(good);
      assertThat(row.<Double>getAs("lift")).isCloseTo((double) badCount / (badCount + goodCount)
          / ((double) bad / (bad + good)), within(1e-12));
      assertThat(row.<Integer>getAs("length")).isEqualTo(pattern.size()).isLessThanOrEqualTo(3);
    }
    Row twoTransfers = rows.stream().filter(r -> r.getList(r.fieldIndex("pattern"))
        .equals(List.of("transfer", "transfer"))).findFirst().orElseThrow();
    assertThat(twoTransfers.<Double>getAs("ci_low")).isGreaterThan(1);
    assertThat(twoTransfers.<Double>getAs("p_value")).isLessThan(1e-6);
    Row contactResolve = rows.stream().filter(r -> r.getList(r.fieldIndex("pattern"))
        .equals(List.of("contact", "resolve"))).findFirst().orElseThrow();
    // Every case has it: no lift, no evidence.
    assertThat(contactResolve.<Double>getAs("lift")).isCloseTo(1.0, within(1e-12));
    assertThat(contactResolve.<Double>getAs("p_value")).isGreaterThan(0.4);
  }

  @Test
  void tooManyPatternsFailNamingTheSettingAndTooFewBadJourneysAreSaidOutLoud() {
    Dataset<Row> rated = TestSpark.session().createDataFrame(journeys(), RATED);
    assertThatThrownBy(() -> miner(20, 3, 3).mine(rated, JourneyPatternSettings.DETRACTOR))
        .hasMessageContaining("outsidein.insights.journey-patterns.max-patterns (3)");
    JourneyPatterns.Mined mined = miner(100_000, 3, 10).mine(rated, JourneyPatternSettings.DETRACTOR);
    assertThat(mined.patterns()).isEmpty();
    assertThat(mined.notes()).singleElement().asString().startsWith("case journeys not mined before a detractor: ");
  }

  @Test
  void onlyStepsBeforeTheAnswerCountAndAnswersAreSplitAtTheirScalesEdges() {
    Timestamp t0 = Timestamp.valueOf("2026-03-01 10:00:00");
    Timestamp answered = Timestamp.valueOf("2026-03-02 10:00:00");
    Timestamp later = Timestamp.valueOf("2026-03-03 10:00:00");
    List<Row> journeys = new ArrayList<>();
    List<Row> surveys = new ArrayList<>();
    Object[][] answers = {{"nps", 6, RatedJourneys.BAD, -100.0}, {"nps", 7, null, 0.0}, {"nps", 9, RatedJourneys.GOOD,
        100.0}, {"csat", 2, RatedJourneys.BAD, 0.0}, {"csat", 3, null, 0.0}, {"csat", 4, RatedJourneys.GOOD, 100.0},
        {"ces", 3, RatedJourneys.BAD, null}, {"ces", 6, RatedJourneys.GOOD, null}};
    for (int i = 0; i < answers.length; i++) {
      Map<String, Object> j = new HashMap<>();
      j.put("journey_id", "j" + i);
      j.put("kind", "case");
      j.put("journey_date", java.sql.Date.valueOf("2026-03-01"));
      j.put("customer_id", "c1");
      j.put("steps", List.of(step(t0, "contact"), step(t0, "transfer"), step(answered, "transfer"),
          step(later, "transfer")));
      j.put("transfers", 3);
      j.put("resolved", true);
      j.put("time_to_resolve_s", 172_800L);
      j.put("survey_response_id", "r" + i);
      j.put("survey_type", answers[i][0]);
      j.put("survey_score", answers[i][1]);
      journeys.add(row(JourneyTables.JOURNEYS, j));
      surveys.add(RowFactory.create("r" + i, answered, Map.of("wait_time", 2)));
    }
    Dataset<Row> rated = RatedJourneys.of(TestSpark.session().createDataFrame(journeys, JourneyTables.JOURNEYS),
        TestSpark.session().createDataFrame(surveys, new StructType().add("response_id", DataTypes.StringType)
            .add("submitted_at", DataTypes.TimestampType).add("attributes", DataTypes.createMapType(
                DataTypes.StringType, DataTypes.IntegerType))),
        TestSpark.session().createDataFrame(List.of(RowFactory.create("c1", "retail")), new StructType()
            .add("customer_id", DataTypes.StringType).add("segment", DataTypes.StringType)), List.of("case"),
        new CxAreas(List.of(new CxAreaRule("billing", List.of(), List.of("contact"), List.of(), List.of()),
            new CxAreaRule("handoffs", List.of(), List.of("transfer"), List.of(), List.of()))))
        .orderBy("journey_id");
    List<Row> rows = rated.collectAsList();
    assertThat(rows).hasSize(answers.length);
    for (int i = 0; i < answers.length; i++) {
      Row r = rows.get(i);
      assertThat(r.getList(r.fieldIndex("tokens"))).isEqualTo(List.of("contact", "transfer", "transfer"));
      assertThat(r.<String>getAs("outcome")).as("%s %s", answers[i][0], answers[i][1]).isEqualTo(answers[i][2]);
      assertThat(r.<Double>getAs("points")).as("%s %s", answers[i][0], answers[i][1]).isEqualTo(answers[i][3]);
      assertThat(r.<Double>getAs("transferred")).isEqualTo(1.0);
      assertThat(r.<Double>getAs("further_transfers")).isEqualTo(2.0);
      assertThat(r.<Double>getAs("days_to_resolve")).isEqualTo(2.0);
      assertThat(r.<String>getAs("segment")).isEqualTo("retail");
      // The touchpoint rated is the last step at or before the answer: the second transfer, not the first contact.
      assertThat(r.<String>getAs("cx_area")).isEqualTo("handoffs");
    }
  }

  @Test
  void aComplaintEndsItsJourneyBadlyWithTheStepsBeforeTheFirstAndEveryOtherJourneyEndsWell() {
    Timestamp t0 = Timestamp.valueOf("2026-03-01 10:00:00");
    Object[][] cases = {
        {"case", new String[] {"contact", "transfer", "complaint", "transfer", "complaint", "resolve"},
            RatedJourneys.BAD, List.of("contact", "transfer")},
        {"case", new String[] {"complaint", "resolve"}, RatedJourneys.BAD, List.of()},
        {"case", new String[] {"contact", "transfer", "resolve"}, RatedJourneys.GOOD,
            List.of("contact", "transfer", "resolve")},
        {"order", new String[] {"purchase", "complaint"}, null, null}};
    List<Row> journeys = new ArrayList<>();
    for (int i = 0; i < cases.length; i++) {
      Map<String, Object> j = new HashMap<>();
      j.put("journey_id", "j" + i);
      j.put("kind", cases[i][0]);
      j.put("journey_date", java.sql.Date.valueOf("2026-03-01"));
      j.put("steps", Arrays.stream((String[]) cases[i][1]).map(type -> step(t0, type)).toList());
      journeys.add(row(JourneyTables.JOURNEYS, j));
    }
    List<Row> rows = RatedJourneys.byComplaint(TestSpark.session().createDataFrame(journeys, JourneyTables.JOURNEYS),
        List.of("case")).collectAsList();
    assertThat(rows).hasSize(3);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).<String>getAs("outcome")).as("journey %d", i).isEqualTo(cases[i][2]);
      assertThat(rows.get(i).getList(rows.get(i).fieldIndex("tokens"))).as("journey %d", i).isEqualTo(cases[i][3]);
    }
  }

  @Test
  void aJourneyEndsInChurnWhenItsCustomerOrdersNothingWithinTheHorizonAfterItAndOnlyPassedHorizonsCount() {
    LocalDate last = LocalDate.of(2026, 3, 31);
    Timestamp early = utc("2026-03-01T10:00:00Z");
    // {journey, kind, customer, started at, expected outcome (null: not measured)}
    Object[][] cases = {
        {"c1-case", "case", "c1", early, RatedJourneys.GOOD},
        {"c1-order", "order", "c1", utc("2026-03-05T09:00:00Z"), null},
        // A session is a journey like any other: its customer ordered within the horizon after it.
        {"c1-session", "session", "c1", utc("2026-03-01T09:00:00Z"), RatedJourneys.GOOD},
        {"c2-case", "case", "c2", early, RatedJourneys.BAD},
        // An order in the same second as the journey is not after it; the next is past the horizon.
        {"c3-order", "order", "c3", early, RatedJourneys.BAD},
        {"c3-same", "order", "c3", early, RatedJourneys.BAD},
        {"c3-late", "order", "c3", utc("2026-03-31T10:00:01Z"), null},
        // The horizon's last second still keeps the customer.
        {"c5-case", "case", "c5", early, RatedJourneys.GOOD},
        {"c5-order", "order", "c5", utc("2026-03-31T10:00:00Z"), null},
        // Its horizon has not passed by the end of the last day: not measured.
        {"c4-case", "case", "c4", utc("2026-03-02T00:00:00Z"), null},
        {"guest", "case", null, early, null}};
    List<Row> journeys = new ArrayList<>();
    for (Object[] c : cases) {
      Map<String, Object> j = new HashMap<>();
      j.put("journey_id", c[0]);
      j.put("kind", c[1]);
      j.put("customer_id", c[2]);
      j.put("started_at", c[3]);
      j.put("journey_date", new java.sql.Date(((Timestamp) c[3]).getTime()));
      j.put("steps", List.of(step((Timestamp) c[3], token((String) c[1]))));
      journeys.add(row(JourneyTables.JOURNEYS, j));
    }
    Dataset<Row> measured = RatedJourneys.byChurn(TestSpark.session().createDataFrame(journeys,
        JourneyTables.JOURNEYS), List.of("case", "order", "session"), Duration.ofDays(30), last);
    List<String> got = measured.selectExpr("concat(journey_kind, ' ', outcome, ' ', tokens[0])").collectAsList()
        .stream().map(r -> r.getString(0)).sorted().toList();
    List<String> expected = Arrays.stream(cases).filter(c -> c[4] != null)
        .map(c -> c[1] + " " + c[4] + " " + token((String) c[1])).sorted().toList();
    assertThat(got).isEqualTo(expected);
    // c3-late's horizon runs past the last day: measured only for the earlier ones.
    assertThat(got).hasSize(6);
  }

  @Test
  void patternsBeforeComplaintsAreNamedByTheirOutcome() {
    List<Row> input = journeys();
    JourneyPatterns.Mined mined = miner(20, 2, 10_000).mine(TestSpark.session().createDataFrame(input, RATED),
        JourneyPatternSettings.COMPLAINT);
    assertThat(mined.patterns().orElseThrow().select("outcome").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly(JourneyPatternSettings.COMPLAINT);
    assertThat(mined.notes()).singleElement().asString().startsWith("case journeys before a complaint: ");
  }

  private static String token(String kind) {
    return switch (kind) {
      case "case" -> "contact";
      case "session" -> "page_view";
      default -> "purchase";
    };
  }

  private static Timestamp utc(String instant) {
    return Timestamp.from(java.time.Instant.parse(instant));
  }

  private static Row step(Timestamp at, String eventType) {
    return RowFactory.create(at, "e" + at.getTime() + eventType, "chat", eventType, null, null, "case1", null, null,
        null);
  }

  private static Row row(StructType schema, Map<String, Object> values) {
    Object[] cells = new Object[schema.size()];
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      cells[i] = values.get(fields[i].name());
    }
    return RowFactory.create(cells);
  }
}
