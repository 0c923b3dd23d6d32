package io.outsidein.common.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.IngestSettings;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.io.RawReader;
import io.outsidein.common.io.RawRecords;
import io.outsidein.common.schema.Source;
import io.outsidein.common.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {
  private static final LocalDate DELIVERY = LocalDate.of(2026, 3, 8);

  private static IngestSettings settings(String... overrides) {
    return IngestSettings.read(OutsideinSettings.root(new ConfigLoader().load(Optional.empty(), List.of(overrides)))
        .section("ingest"));
  }

  /** A raw record of a source with the given fields (strings, as delivered); others null. */
  private static Row raw(Source source, LocalDate delivery, Map<String, String> fields) {
    StructType schema = RawReader.schema(source);
    Object[] values = new Object[schema.size()];
    values[schema.fieldIndex(RawRecords.FILE)] = "file:/raw/" + source.id() + "/dt=" + delivery + "/part-0.json";
    values[schema.fieldIndex(RawRecords.DELIVERY_DATE)] = Date.valueOf(delivery);
    values[schema.fieldIndex(RawRecords.RAW)] = fields.toString();
    values[schema.fieldIndex(RawRecords.FORMAT)] = "json";
    fields.forEach((k, v) -> values[schema.fieldIndex(k)] = v);
    return RowFactory.create(values);
  }

  private static Map<String, String> interaction(String id, String time) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("event_id", id);
    fields.put("event_time", time);
    fields.put("customer_id", "C1");
    fields.put("channel", "web");
    fields.put("event_type", "page_view");
    return fields;
  }

  /** A valid order line of two units. */
  private static Map<String, String> orderLine() {
    Map<String, String> line = new LinkedHashMap<>();
    line.put("order_id", "o1");
    line.put("order_time", "2026-03-08 09:00:00");
    line.put("customer_id", "C1");
    line.put("sku", "sku-1");
    line.put("quantity", "2");
    line.put("unit_price", "2.5");
    return line;
  }

  private static Map<String, String> with(Map<String, String> fields, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(fields);
    copy.put(key, value);
    return copy;
  }

  private static List<Row> validate(Source source, IngestSettings settings, List<Row> rows) {
    Dataset<Row> frame = TestSpark.session().createDataFrame(rows, RawReader.schema(source));
    return new RecordValidator(source, settings, settings.source(source).feed()).validate(frame).orderBy(RawRecords.RAW).collectAsList();
  }

  private static String reasonOf(Source source, IngestSettings settings, Map<String, String> fields) {
    Row row = validate(source, settings, List.of(raw(source, DELIVERY, fields))).get(0);
    return row.getAs(RecordValidator.REASON);
  }

  @Test
  void validInteractionIsTypedAndNormalised() {
    Map<String, String> fields = with(with(interaction("e1", "2026-03-08T10:15:00-05:00"), "channel", " Phone "),
        "amount", "12.50");
    fields.put("properties", "{\"page\":\"/home\"}");
    Row row = validate(Source.INTERACTIONS, settings(), List.of(raw(Source.INTERACTIONS, DELIVERY, fields))).get(0);
    assertThat((String) row.getAs(RecordValidator.REASON)).isNull();
    assertThat((Timestamp) row.getAs("event_time")).isEqualTo(Timestamp.from(Instant.parse("2026-03-08T15:15:00Z")));
    assertThat((String) row.getAs("channel")).isEqualTo("call_center");
    assertThat((Double) row.getAs("amount")).isEqualTo(12.5);
    assertThat(row.<scala.collection.Map<String, String>>getAs("properties").get("page").get()).isEqualTo("/home");
    assertThat((Date) row.getAs(Source.EVENT_DATE)).isEqualTo(Date.valueOf("2026-03-08"));
  }

  @Test
  void eachRuleGivesItsReasonAndTheFirstFailingRuleWins() {
    IngestSettings s = settings();
    Map<String, String> ok = interaction("e1", "2026-03-08T10:00:00Z");
    assertThat(reasonOf(Source.INTERACTIONS, s, with(ok, "event_id", " "))).isEqualTo("missing_required:event_id");
    assertThat(reasonOf(Source.INTERACTIONS, s, with(with(ok, "customer_id", null), "anonymous_id", null)))
        .isEqualTo("missing_required:customer_id|anonymous_id");
    assertThat(reasonOf(Source.INTERACTIONS, s, with(ok, "case_id", "case 1"))).isEqualTo("malformed_id:case_id");
    assertThat(reasonOf(Source.INTERACTIONS, s, with(ok, "event_time", "yesterday noon")))
        .isEqualTo("unparseable:event_time");
    assertThat(reasonOf(Source.INTERACTIONS, s, with(ok, "amount", "12,50"))).isEqualTo("unparseable:amount");
    assertThat(reasonOf(Source.INTERACTIONS, s, with(ok, "channel", "carrier_pigeon"))).isEqualTo("unknown_enum:channel");
    // missing event_id and a bad channel: the required-field rule comes first
    assertThat(reasonOf(Source.INTERACTIONS, s, with(with(ok, "event_id", null), "channel", "x")))
        .isEqualTo("missing_required:event_id");
  }

  @Test
  void malformedRecordKeepsItsParseReason() {
    Map<String, String> fields = interaction("e1", "2026-03-08T10:00:00Z");
    fields.put(RawRecords.MALFORMED, "malformed_json");
    assertThat(reasonOf(Source.INTERACTIONS, settings(), fields)).isEqualTo("malformed_json");
  }

  @Test
  void surveyScoreRangeDependsOnTheSurveyType() {
    IngestSettings s = settings();
    Map<String, String> survey = new LinkedHashMap<>();
    survey.put("response_id", "r1");
    survey.put("submitted_at", "2026-03-08T10:00:00Z");
    survey.put("customer_id", "C1");
    survey.put("survey_type", "nps");
    survey.put("score", "10");
    assertThat(reasonOf(Source.SURVEYS, s, survey)).isNull();
    assertThat(reasonOf(Source.SURVEYS, s, with(survey, "score", "11"))).isEqualTo("out_of_range:score");
    assertThat(reasonOf(Source.SURVEYS, s, with(survey, "score", "-1"))).isEqualTo("out_of_range:score");
    assertThat(reasonOf(Source.SURVEYS, s, with(with(survey, "survey_type", "CSAT"), "score", "0")))
        .isEqualTo("out_of_range:score");
    assertThat(reasonOf(Source.SURVEYS, s, with(with(survey, "survey_type", "ces"), "score", "7"))).isNull();
    assertThat(reasonOf(Source.SURVEYS, s, with(with(survey, "survey_type", "ces"), "score", "8")))
        .isEqualTo("out_of_range:score");
    assertThat(reasonOf(Source.SURVEYS, s, with(survey, "score", "nine"))).isEqualTo("unparseable:score");
    assertThat(reasonOf(Source.SURVEYS, s, with(survey, "attributes", "{\"wait_time\":6}")))
        .isEqualTo("out_of_range:attributes");
    assertThat(reasonOf(Source.SURVEYS, s, with(survey, "attributes", "{\"wait_time\":2}"))).isNull();
    assertThat(reasonOf(Source.SURVEYS, s, with(survey, "attributes", "wait_time=2")))
        .isEqualTo("unparseable:attributes");
  }

  @Test
  void returnsAndGuestPurchasesAreBusinessUnlessConfiguredAsFaults() {
    Map<String, String> line = orderLine();
    Map<String, String> sale = line;
    Map<String, String> returned = with(line, "quantity", "-1");
    Map<String, String> guest = new LinkedHashMap<>(line);
    guest.remove("customer_id");

    IngestSettings kept = settings();
    List<Row> rows = validate(Source.ORDER_LINES, kept, List.of(raw(Source.ORDER_LINES, DELIVERY, sale),
        raw(Source.ORDER_LINES, DELIVERY, returned), raw(Source.ORDER_LINES, DELIVERY, guest)));
    Map<Integer, Row> byQuantity = new java.util.HashMap<>();
    for (Row row : rows) {
      assertThat(row.<String>getAs(RecordValidator.REASON)).as(row.toString()).isNull();
      assertThat(row.<String>getAs(Source.FEED)).isEqualTo("default");
      byQuantity.merge(row.<Integer>getAs("quantity"), row, (a, b) -> a.getAs("customer_id") == null ? a : b);
    }
    assertThat(byQuantity.get(-1).<String>getAs(Source.LINE_KIND)).isEqualTo(Source.RETURN);
    assertThat(byQuantity.get(2).<String>getAs(Source.LINE_KIND)).isEqualTo(Source.SALE);
    assertThat(rows).filteredOn(r -> r.getAs("customer_id") == null).hasSize(1);

    IngestSettings strict = settings("outsidein.ingest.sources.order_lines.returns=quarantine",
        "outsidein.ingest.sources.order_lines.guest-purchases=quarantine");
    assertThat(reasonOf(Source.ORDER_LINES, strict, sale)).isNull();
    assertThat(reasonOf(Source.ORDER_LINES, strict, returned)).isEqualTo("out_of_range:quantity");
    assertThat(reasonOf(Source.ORDER_LINES, strict, guest)).isEqualTo("missing_required:customer_id");
  }

  @Test
  void engagementOrderAndContextRanges() {
    IngestSettings s = settings();
    Map<String, String> pulse = new LinkedHashMap<>();
    pulse.put("response_id", "p1");
    pulse.put("unit_id", "gulf-001");
    pulse.put("period", "2026-02");
    pulse.put("q01", "5");
    assertThat(reasonOf(Source.ENGAGEMENT, s, pulse)).isNull();
    assertThat(reasonOf(Source.ENGAGEMENT, s, with(pulse, "q12", "0"))).isEqualTo("out_of_range:q12");
    assertThat(reasonOf(Source.ENGAGEMENT, s, with(pulse, "period", "2026-2-01"))).isEqualTo("unparseable:period");

    Map<String, String> line = orderLine();
    assertThat(reasonOf(Source.ORDER_LINES, s, with(line, "unit_price", "-0.01"))).isEqualTo("out_of_range:unit_price");

    Map<String, String> context = new LinkedHashMap<>();
    context.put("scope", "region:gulf");
    context.put("event_type", "Hurricane_Warning");
    context.put("start_date", "2026-03-10");
    context.put("end_date", "2026-03-09");
    assertThat(reasonOf(Source.CONTEXT_EVENTS, s, context)).isEqualTo("out_of_range:end_date");
    // announced ahead: a context event starting after its delivery day is not "future"
    assertThat(reasonOf(Source.CONTEXT_EVENTS, s, with(context, "end_date", "2026-03-12"))).isNull();
  }

  @Test
  void zoneLessTimesAreReadInTheSourceZoneAcrossDaylightSavingChanges() {
    IngestSettings s = settings("outsidein.ingest.sources.order_lines.time-zone=America/New_York");
    List<Row> rows = new ArrayList<>();
    String[][] cases = {
        // local time (New York), expected UTC
        {"2026-03-08 01:30:00", "2026-03-08T06:30:00Z"}, // EST, just before spring forward
        {"2026-03-08 03:30:00", "2026-03-08T07:30:00Z"}, // EDT, just after
        {"2026-07-01 12:00:00", "2026-07-01T16:00:00Z"}, // summer
        {"2026-11-01 00:30:00", "2026-11-01T04:30:00Z"}, // EDT, before falling back
        {"2026-11-01 03:00:00", "2026-11-01T08:00:00Z"}, // EST, after
        {"2026-03-08T01:30:00+01:00", "2026-03-08T00:30:00Z"}, // an explicit offset wins over the zone
    };
    for (int i = 0; i < cases.length; i++) {
      Map<String, String> line = new LinkedHashMap<>();
      line.put("order_id", "o" + i);
      line.put("order_time", cases[i][0]);
      line.put("customer_id", "C1");
      line.put("sku", "s");
      line.put("quantity", "1");
      line.put("unit_price", "1");
      LocalDate delivery = LocalDate.parse(cases[i][1].substring(0, 10));
      rows.add(raw(Source.ORDER_LINES, delivery, line));
    }
    Map<String, Timestamp> byOrder = new LinkedHashMap<>();
    for (Row row : validate(Source.ORDER_LINES, s, rows)) {
      assertThat((String) row.getAs(RecordValidator.REASON)).isNull();
      byOrder.put(row.getAs("order_id"), row.getAs("order_time"));
    }
    for (int i = 0; i < cases.length; i++) {
      assertThat(byOrder.get("o" + i)).as(cases[i][0]).isEqualTo(Timestamp.from(Instant.parse(cases[i][1])));
    }
  }

  @Test
  void latenessIsJudgedAgainstTheDeliveryDay() {
    IngestSettings s = settings("outsidein.ingest.lookback-days=5", "outsidein.ingest.max-future-skew=2h");
    List<Row> rows = List.of(
        raw(Source.INTERACTIONS, DELIVERY, interaction("in-time", "2026-03-08T23:59:59Z")),
        raw(Source.INTERACTIONS, DELIVERY, interaction("skew-ok", "2026-03-09T01:59:59Z")),
        raw(Source.INTERACTIONS, DELIVERY, interaction("future", "2026-03-09T02:00:01Z")),
        raw(Source.INTERACTIONS, DELIVERY, interaction("late-ok", "2026-03-03T00:00:00Z")),
        raw(Source.INTERACTIONS, DELIVERY, interaction("too-late", "2026-03-02T23:59:59Z")));
    Map<String, String> reasons = new LinkedHashMap<>();
    Map<String, Date> dates = new LinkedHashMap<>();
    for (Row row : validate(Source.INTERACTIONS, s, rows)) {
      reasons.put(row.getAs("event_id"), row.getAs(RecordValidator.REASON));
      dates.put(row.getAs("event_id"), row.getAs(Source.EVENT_DATE));
    }
    assertThat(reasons).containsEntry("in-time", null).containsEntry("skew-ok", null)
        .containsEntry("future", "future_timestamp:event_time").containsEntry("late-ok", null)
        .containsEntry("too-late", "beyond_lookback:event_time");
    // a late row lands on its own event date
    assertThat(dates.get("late-ok")).isEqualTo(Date.valueOf("2026-03-03"));
  }
}
