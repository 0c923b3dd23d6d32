package io.outsidein.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.ReasonCodes;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.StageHarness;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deliveries shaped like what companies send, not like our generator's: a survey tool's export whose comments
 * span lines inside quotes, in plain and gzip files; a shop three hours behind UTC with events in the last
 * local hour of its day; a point-of-sale export with two lines of one SKU and a line delivered again. Every
 * record lands in exactly one place, and only faults go to quarantine.
 */
class RealDeliveriesTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 8);
  private static final String HEADER =
      "response_id,submitted_at,customer_id,survey_type,score,case_id,order_id,attributes,comment";
  private static final String TWO_LINES = "Waited an hour.\nThen the agent said \"call back\", twice.";
  /** A comment whose second line looks like a record: its id must never be read as a customer. */
  private static final String LOOKS_LIKE_A_RECORD = "Line one,\r\nC0000099,nps,0\r\nlast line";
  private static StageHarness harness;
  private static Map<String, RunLogEntry> log;
  private static List<RunLogEntry> linesByDay;

  @BeforeAll
  static void ingestOnce() {
    Path raw = TestSpark.newFolder("real-raw");
    RawFixture fixture = new RawFixture(raw);
    fixture.text("surveys", DAY.toString(), "export.csv", List.of(
        "\uFEFF" + HEADER,
        "r1,2026-03-08T10:00:00Z,C0000001,nps,9,,,,\"" + TWO_LINES.replace("\"", "\"\"") + "\"",
        "r2,2026-03-08T11:00:00Z,C0000002,csat,4,,,,plain",
        // Too many fields, and a line break inside quotes: one malformed record, quarantined whole.
        "r3,2026-03-08T12:00:00Z,C0000003,nps,3,,,,\"first\nsecond\",extra"));
    fixture.gzip("surveys", DAY.toString(), "export-2.csv.gz", List.of(
        HEADER + "\r",
        "r4,2026-03-08T13:00:00Z,C0000004,nps,10,,,,\"" + LOOKS_LIKE_A_RECORD + "\"\r",
        HEADER + "\r", // a second export appended to the first: its header is not a record
        "r5,2026-03-08T14:00:00Z,C0000005,ces,2,,,,\"\"\r"));
    // A shop three hours behind UTC (no summer time since 2019), zone-less local times and offsets mixed.
    fixture.text("interactions", DAY.toString(), "events.json", List.of(
        event("a1", "2026-03-08 23:30:00"),        // the last local hour of the delivery day: on time
        event("a2", "2026-03-09 02:30:00"),        // past midnight there plus the 2 h skew: future
        event("a3", "2026-03-05T22:00:00-03:00"),  // 03-06 in UTC, but 03-05 there: beyond the 2-day lookback
        event("a4", "2026-03-06T00:30:00-03:00"))); // the first local hour of the lookback's first day
    // A point-of-sale export: one order with two lines of one SKU (two quantities), and a line delivered again
    // the next day as it was, beside one whose price changed.
    String lines = "order_id,order_time,customer_id,store_id,sku,quantity,unit_price";
    fixture.text("order_lines", DAY.toString(), "pos.csv", List.of(lines,
        "o1,2026-03-08T10:00:00Z,C1,s1,sku-1,2,3.50",
        "o1,2026-03-08T10:00:00Z,C1,s1,sku-1,1,3.50",
        "o1,2026-03-08T10:00:00Z,C1,s1,sku-2,1,10.00"));
    fixture.text("order_lines", DAY.plusDays(1).toString(), "pos.csv", List.of(lines,
        "o1,2026-03-08T10:00:00Z,C1,s1,sku-2,1,10.00",
        "o2,2026-03-09T10:00:00Z,C2,,sku-3,1,4.00"));
    fixture.text("order_lines", DAY.plusDays(2).toString(), "pos.csv", List.of(lines,
        "o2,2026-03-09T10:00:00Z,C2,,sku-3,1,4.50"));
    harness = StageHarness.of(List.of(
        "outsidein.ingest.sources.interactions.time-zone=America/Sao_Paulo",
        "outsidein.ingest.lookback-days=2",
        "outsidein.storage.raw=" + raw,
        "outsidein.storage.warehouse=" + TestSpark.root().resolve("real-warehouse"),
        "outsidein.catalog.silver-database=silver_real",
        "outsidein.catalog.ops-database=ops_real",
        "outsidein.ingest.max-quarantine-share=1.0"));
    log = ingest(harness, "real-1", DAY, DAY);
    linesByDay = List.of(log.get("order_lines"), ingest(harness, "real-2", DAY.plusDays(1), DAY.plusDays(1))
        .get("order_lines"), ingest(harness, "real-3", DAY.plusDays(2), DAY.plusDays(2)).get("order_lines"));
  }

  private static Map<String, RunLogEntry> ingest(StageHarness harness, String runId, LocalDate from, LocalDate to) {
    return harness.run(new IngestJob(), new RunContext(runId, from, to, Instant.parse(to.plusDays(1) + "T02:00:00Z")),
        ChangedDates.none()).entries().stream().collect(Collectors.toMap(RunLogEntry::source, Function.identity()));
  }

  private static List<String> lines(String database) {
    return TestSpark.session().sql("SELECT concat_ws(',', order_id, sku, quantity, unit_price) FROM " + database
        + ".order_lines ORDER BY 1").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void aRecordDeliveredAgainIsADuplicateAndAnotherRecordWithItsKeyIsQuarantinedNeverDropped() {
    // The first delivered line of o1/sku-1 stays; the second (other quantity) waits in quarantine.
    assertThat(lines("silver_real")).containsExactly("o1,sku-1,2,3.5", "o1,sku-2,1,10.0", "o2,sku-3,1,4.0");
    assertThat(linesByDay).extracting(RunLogEntry::rowsRead).containsExactly(3L, 2L, 1L);
    assertThat(linesByDay).extracting(RunLogEntry::rowsWritten).containsExactly(2L, 1L, 0L);
    assertThat(linesByDay).extracting(RunLogEntry::rowsQuarantined).containsExactly(1L, 0L, 1L);
    assertThat(linesByDay).extracting(RunLogEntry::rowsDuplicate).containsExactly(0L, 1L, 0L);
    assertThat(linesByDay).allMatch(RunLogEntry::reconciles);
    List<String> conflicts = TestSpark.session().sql("SELECT raw FROM ops_real.quarantine WHERE source = "
        + "'order_lines' AND reason = 'conflicting_key' ORDER BY run_date").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    assertThat(conflicts).hasSize(2);
    assertThat(conflicts.get(0)).contains("\"sku\":\"sku-1\"").contains("\"quantity\":1");
    assertThat(conflicts.get(1)).contains("\"sku\":\"sku-3\"").contains("\"unit_price\":4.5");
  }

  @Test
  void aConfiguredKeyKeepsTwoLinesOfOneSku() {
    StageHarness lineKey = StageHarness.of(List.of(
        "outsidein.storage.raw=" + harness.settings().storage().raw(),
        "outsidein.storage.warehouse=" + TestSpark.root().resolve("real-warehouse"),
        "outsidein.catalog.silver-database=silver_realkey",
        "outsidein.catalog.ops-database=ops_realkey",
        "outsidein.ingest.max-quarantine-share=1.0",
        "outsidein.ingest.sources.order_lines.key=[order_id, sku, quantity, unit_price]"));
    RunLogEntry entry = ingest(lineKey, "realkey-1", DAY, DAY.plusDays(2)).get("order_lines");
    assertThat(lines("silver_realkey")).containsExactly("o1,sku-1,1,3.5", "o1,sku-1,2,3.5", "o1,sku-2,1,10.0",
        "o2,sku-3,1,4.0", "o2,sku-3,1,4.5");
    assertThat(entry.rowsQuarantined()).isZero();
    assertThat(entry.rowsDuplicate()).isEqualTo(1);
  }

  @Test
  void twoFeedsOfOneSourceLandInOneTableAndReturnsAndGuestPurchasesAreKept() {
    Path raw = TestSpark.newFolder("feeds-raw");
    Path elsewhere = TestSpark.newFolder("shop-b-exports");
    // Shop A: a point-of-sale CSV in New York with its own column names; a return line and a guest basket.
    new RawFixture(raw).text("order_lines", DAY.toString(), "pos.csv", List.of(
        "order_id,order_ts,customer_id,store_id,sku,qty,price",
        "1001,2026-03-08 20:30:00,C1,ny-1,sku-1,2,3.50",
        "1001,2026-03-08 20:30:00,C1,ny-1,sku-2,-1,10.00",
        "1002,2026-03-08 21:00:00,,ny-1,sku-1,1,3.50"));
    // Shop B: JSON lines from another system in Sao Paulo, in a folder of its own, with its own order ids.
    new RawFixture(elsewhere).text("lines", DAY.toString(), "lines.json", List.of(
        "{\"transaction\":\"1001\",\"ts\":\"2026-03-08 23:30:00\",\"client\":\"C2\",\"item\":\"sku-9\","
            + "\"units\":1,\"price\":5}",
        "{\"transaction\":\"1003\",\"ts\":\"2026-03-08 10:00:00\",\"client\":\"C3\",\"item\":\"sku-9\","
            + "\"units\":-2,\"price\":5}"));
    StageHarness feeds = StageHarness.of(List.of(
        "outsidein.storage.raw=" + raw,
        "outsidein.storage.warehouse=" + TestSpark.root().resolve("real-warehouse"),
        "outsidein.catalog.silver-database=silver_feeds",
        "outsidein.catalog.ops-database=ops_feeds",
        "outsidein.ingest.sources.order_lines.feeds.shop_a.path=order_lines",
        "outsidein.ingest.sources.order_lines.feeds.shop_a.time-zone=America/New_York",
        "outsidein.ingest.sources.order_lines.feeds.shop_a.columns={order_time=order_ts, quantity=qty, unit_price=price}",
        "outsidein.ingest.sources.order_lines.feeds.shop_b.path=\"" + elsewhere.resolve("lines").toUri() + "\"",
        "outsidein.ingest.sources.order_lines.feeds.shop_b.time-zone=America/Sao_Paulo",
        "outsidein.ingest.sources.order_lines.feeds.shop_b.columns={order_id=transaction, order_time=ts, "
            + "customer_id=client, sku=item, quantity=units, unit_price=price}"));
    RunLogEntry first = ingest(feeds, "feeds-1", DAY, DAY).get("order_lines");
    assertThat(first.filesRead()).isEqualTo(2);
    assertThat(first.rowsRead()).isEqualTo(5);
    assertThat(first.rowsWritten()).isEqualTo(5);
    assertThat(first.rowsQuarantined()).isZero();
    List<String> rows = TestSpark.session().sql("SELECT concat_ws(',', feed, order_id, sku, quantity, line_kind, "
        + "cast(order_time AS string), customer_id IS NULL) FROM silver_feeds.order_lines ORDER BY 1")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
    // One order id in two shops is two orders, not a conflict; each shop's local time in its own zone.
    assertThat(rows).containsExactly(
        "shop_a,1001,sku-1,2,sale,2026-03-09 00:30:00,false",
        "shop_a,1001,sku-2,-1,return,2026-03-09 00:30:00,false",
        "shop_a,1002,sku-1,1,sale,2026-03-09 01:00:00,true",
        "shop_b,1001,sku-9,1,sale,2026-03-09 02:30:00,false",
        "shop_b,1003,sku-9,-2,return,2026-03-08 13:00:00,false");
    // Delivered again: every line is a duplicate of its own feed's line.
    RunLogEntry again = ingest(feeds, "feeds-2", DAY, DAY).get("order_lines");
    assertThat(again.rowsDuplicate()).isEqualTo(5);
    assertThat(again.rowsWritten()).isZero();
    assertThat(again.reconciles()).isTrue();
  }

  private static String event(String id, String time) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time + "\",\"customer_id\":\"C1\","
        + "\"channel\":\"web\",\"event_type\":\"page_view\"}";
  }

  @Test
  void theDeliveryDayTheSkewAndTheLookbackAreInTheSourcesZone() {
    assertThat(TestSpark.session().sql("SELECT event_id FROM silver_real.interactions").collectAsList().stream()
        .map(r -> r.getString(0))).containsExactlyInAnyOrder("a1", "a4");
    assertThat(TestSpark.session().sql("SELECT event_time FROM silver_real.interactions WHERE event_id = 'a1'")
        .first().getTimestamp(0).toInstant()).isEqualTo(Instant.parse("2026-03-09T02:30:00Z"));
    Map<String, String> reasons = TestSpark.session().sql(
        "SELECT raw, reason FROM ops_real.quarantine WHERE source = 'interactions'").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0).substring(13, 15), r -> r.getString(1)));
    assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
        "a2", ReasonCodes.futureTimestamp("event_time"), "a3", ReasonCodes.beyondLookback("event_time")));
  }

  @Test
  void aCommentSpanningLinesIsOneRecordInPlainAndGzipFiles() {
    RunLogEntry surveys = log.get("surveys");
    assertThat(surveys.rowsRead()).as("records, not lines").isEqualTo(5);
    assertThat(surveys.rowsWritten()).isEqualTo(4);
    assertThat(surveys.rowsQuarantined()).isEqualTo(1);

    SparkSession spark = TestSpark.session();
    Map<String, String> comments = spark.sql("SELECT response_id, comment FROM silver_real.surveys").collectAsList()
        .stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.isNullAt(1) ? "" : r.getString(1)));
    assertThat(comments).containsOnlyKeys("r1", "r2", "r4", "r5");
    assertThat(comments.get("r1")).isEqualTo(TWO_LINES);
    assertThat(comments.get("r4")).contains("Line one,").contains("last line");
  }

  @Test
  void textInsideAQuotedFieldIsNeverReadAsAnIdentifier() {
    List<String> customers = TestSpark.session().sql("SELECT customer_id FROM silver_real.surveys").collectAsList()
        .stream().map(r -> r.getString(0)).toList();
    assertThat(customers).containsExactlyInAnyOrder(
        harness.pseudonymizer().pseudonymise("C0000001"), harness.pseudonymizer().pseudonymise("C0000002"),
        harness.pseudonymizer().pseudonymise("C0000004"), harness.pseudonymizer().pseudonymise("C0000005"));
  }

  @Test
  void aMalformedRecordSpanningLinesReachesQuarantineWhole() {
    List<Row> quarantined = TestSpark.session().sql(
        "SELECT reason, raw FROM ops_real.quarantine WHERE source = 'surveys'").collectAsList();
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).getString(0)).isEqualTo("malformed_csv");
    assertThat(quarantined.get(0).getString(1)).startsWith("r3,").contains("\"first\nsecond\"").endsWith(",extra")
        .doesNotContain("C0000003");
  }
}
