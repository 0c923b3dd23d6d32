package io.outsidein.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunStatus;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.generate.SampleDelivery;
import io.outsidein.jobs.testing.StageHarness;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ingest end to end on hand-made deliveries that hold every fault kind ({@link EveryFaultDeliveries}): exact counts per source and reason,
 * reconciliation, privacy, reruns that change nothing, and a backfill equal to running the days one by one.
 */
class IngestJobTest {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 8);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 9);
  private static Path raw;
  /** One ingest of both days, shared by the tests that only read its result. */
  private static StageHarness shared;
  private static Map<String, RunLogEntry> sharedLog;
  private final SparkSession spark = TestSpark.session();

  @BeforeAll
  static void deliveries() {
    raw = TestSpark.newFolder("raw");
    EveryFaultDeliveries.write(raw);
    IngestJobTest test = new IngestJobTest();
    shared = test.settings();
    sharedLog = bySource(test.ingest(shared, DAY1, DAY2));
  }

  private StageHarness settings(String... extra) {
    int n = DATABASES.incrementAndGet();
    List<String> overrides = new ArrayList<>(List.of(
        "outsidein.storage.raw=" + raw,
        "outsidein.storage.warehouse=" + TestSpark.root().resolve("warehouse"),
        "outsidein.catalog.silver-database=silver_" + n,
        "outsidein.catalog.ops-database=ops_" + n,
        "outsidein.ingest.max-quarantine-share=1.0"));
    overrides.addAll(SampleDelivery.overrides());
    overrides.addAll(List.of(extra));
    return StageHarness.of(overrides);
  }

  private List<RunLogEntry> ingest(StageHarness settings, LocalDate from, LocalDate to) {
    return ingestAt(settings, from, to, Instant.parse("2026-03-10T02:00:00Z"));
  }

  private List<RunLogEntry> ingestAt(StageHarness settings, LocalDate from, LocalDate to, Instant startedAt) {
    return settings.run(new IngestJob(), new RunContext("run-" + from + "-" + System.nanoTime(), from, to, startedAt),
        ChangedDates.none()).entries();
  }

  private static Map<String, RunLogEntry> bySource(List<RunLogEntry> entries) {
    return entries.stream().collect(Collectors.toMap(RunLogEntry::source, Function.identity()));
  }

  private Map<String, Long> reasons(StageHarness settings, String source) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row row : spark.sql("SELECT reason, count(*) FROM " + settings.catalog().opsDatabase()
        + ".quarantine WHERE source = '" + source + "' GROUP BY reason").collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }

  @Test
  void everyRecordLandsInExactlyOnePlace() {
    StageHarness settings = shared;
    Map<String, RunLogEntry> log = sharedLog;

    RunLogEntry interactions = log.get("interactions");
    // 9 lines of day 1 + the truncated file as one record + 2 lines of day 2
    assertThat(interactions.rowsRead()).isEqualTo(12);
    // e1 again with other content is a conflict, not a duplicate; e2 delivered again on day 2 is a duplicate.
    assertThat(interactions.rowsQuarantined()).isEqualTo(6);
    assertThat(interactions.rowsDuplicate()).isEqualTo(1);
    assertThat(interactions.rowsWritten()).isEqualTo(5);
    assertThat(interactions.filesRead()).isEqualTo(4);
    assertThat(interactions.filesQuarantined()).isEqualTo(1);
    assertThat(interactions.eventDates()).containsExactly(
        LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 9));
    assertThat(reasons(settings, "interactions")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "malformed_json", 1L, "missing_required:channel", 1L, "unparseable:event_time", 1L,
        "unknown_enum:channel", 1L, "truncated_file", 1L, "conflicting_key", 1L));

    assertThat(reasons(settings, "surveys")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "out_of_range:score", 1L, "malformed_csv", 1L, "bad_header", 1L));
    assertThat(log.get("surveys").rowsWritten()).isEqualTo(1);
    // The file with the wrong header is one quarantine row, but counts as the two records it holds.
    assertThat(log.get("surveys").rowsRead()).isEqualTo(5);
    assertThat(log.get("surveys").rowsQuarantined()).isEqualTo(4);
    assertThat(log.get("surveys").rowsQuarantinedNew()).isEqualTo(3);
    // Three sources quarantined records, in one Delta commit: a transaction per source cost more than its rows.
    assertThat(log.values().stream().filter(e -> e.rowsQuarantinedNew() > 0).count()).isEqualTo(3);
    assertThat(spark.sql("DESCRIBE HISTORY " + settings.catalog().opsDatabase() + ".quarantine").where(
        "operation = 'MERGE' AND CAST(operationMetrics['numTargetRowsInserted'] AS BIGINT) > 0").count())
        .isEqualTo(1);
    // o2's negative quantity is a return: business, kept.
    assertThat(reasons(settings, "order_lines")).isEmpty();
    assertThat(spark.sql("SELECT order_id, line_kind, feed FROM " + settings.catalog().silverDatabase()
        + ".order_lines ORDER BY order_id, sku").collectAsList()).extracting(Row::toString)
        .containsExactly("[o1,sale,default]", "[o1,sale,default]", "[o2,return,default]");
    assertThat(reasons(settings, "customers")).containsExactlyInAnyOrderEntriesOf(Map.of("unknown_enum:segment", 1L));
    assertThat(log.get("customers").rowsWritten()).isEqualTo(2);

    for (RunLogEntry entry : log.values()) {
      assertThat(entry.reconciles()).as(entry.source()).isTrue();
      assertThat(entry.status()).as(entry.source()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }

  @Test
  void silverIsTypedInUtcOnItsEventDateAndTheFirstDeliveryWins() {
    StageHarness settings = shared;
    String silver = settings.catalog().silverDatabase();
    Row e1 = spark.sql("SELECT event_type, channel FROM " + silver + ".interactions WHERE event_id = 'e1'").first();
    assertThat(e1.getString(0)).isEqualTo("page_view");
    Row e2 = spark.sql("SELECT cast(event_time AS string), channel, event_date FROM " + silver
        + ".interactions WHERE event_id = 'e2'").first();
    assertThat(e2.getString(0)).isEqualTo("2026-03-08 15:05:00");
    assertThat(e2.getString(1)).isEqualTo("call_center");
    assertThat(spark.sql("SELECT event_date FROM " + silver + ".interactions WHERE event_id = 'e7'").first().getDate(0))
        .isEqualTo(Date.valueOf("2026-03-05"));
    assertThat(spark.sql("SELECT properties['screen'] FROM " + silver + ".interactions WHERE event_id = 'e8'")
        .first().getString(0)).isEqualTo("home");
    List<Row> orders = spark.sql("SELECT cast(order_time AS string), quantity FROM " + silver
        + ".order_lines ORDER BY order_id, sku").collectAsList();
    // Zone-less times of the shop in New York: 01:30 is still EST (UTC-5), 03:30 is after the clocks went forward
    // at 02:00 that night (EDT, UTC-4).
    assertThat(orders).extracting(r -> r.getString(0))
        .containsExactly("2026-03-08 06:30:00", "2026-03-08 06:30:00", "2026-03-08 07:30:00");
    assertThat(spark.sql("SELECT comment FROM " + silver + ".surveys").first().getString(0))
        .isEqualTo("Great, mail me at [EMAIL]");
  }

  @Test
  void noRawIdentifierEmailOrPhoneSurvivesInSilverOrQuarantine() {
    StageHarness settings = shared;
    List<String> secrets = List.of("C0000001", "C0000002", "C0000003", "C0000009", "dev-9", EveryFaultDeliveries.EMAIL, EveryFaultDeliveries.PHONE,
        "bo@example.org", "(212) 555-0199", "4111 1111 1111 1111");
    List<String> tables = new ArrayList<>();
    for (String source : List.of("interactions", "order_lines", "surveys", "customers")) {
      tables.add(settings.catalog().silverDatabase() + "." + source);
    }
    tables.add(settings.catalog().opsDatabase() + ".quarantine");
    for (String table : tables) {
      Dataset<Row> rows = spark.table(table);
      String all = rows.select(org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(
          java.util.Arrays.stream(rows.columns()).map(org.apache.spark.sql.functions::col)
              .toArray(org.apache.spark.sql.Column[]::new)))).collectAsList().stream()
          .map(r -> r.getString(0)).collect(Collectors.joining("\n"));
      assertThat(all).as(table).isNotEmpty();
      for (String secret : secrets) {
        assertThat(all).as(table + " holds " + secret).doesNotContain(secret);
      }
    }
    // the same input gives the same pseudonym in every source, so joins still work
    long joined = spark.sql("SELECT count(*) FROM " + settings.catalog().silverDatabase() + ".interactions i JOIN "
        + settings.catalog().silverDatabase() + ".customers c ON i.customer_id = c.customer_id").first().getLong(0);
    assertThat(joined).isEqualTo(3); // e1 and e9 (C0000001), e2 (C0000002)
  }

  @Test
  void tablesAreRegisteredByNameWithColumnComments() {
    Map<String, String> comments = new TreeMap<>();
    for (Row row : spark.sql("DESCRIBE TABLE " + shared.catalog().silverDatabase() + ".surveys").collectAsList()) {
      if (!row.getString(0).isBlank() && !row.getString(0).startsWith("#")) {
        comments.put(row.getString(0), row.getString(2));
      }
    }
    assertThat(comments.get("comment")).contains("Free-text comment").contains("redacted");
    assertThat(comments.get("customer_id")).contains("HMAC-SHA256 pseudonym");
    assertThat(comments.get("event_date")).contains("UTC date of submitted_at");
    assertThat(spark.sql("DESCRIBE TABLE " + shared.catalog().opsDatabase() + ".quarantine").collectAsList())
        .anyMatch(r -> r.getString(0).equals("reason") && r.getString(2).contains("Stable reason code"));
  }

  /**
   * The shared run ingested both days as one backfill: running it again changes no table and writes nothing, and
   * the days one by one give the same tables (the first delivery of a key wins either way).
   */
  @Test
  void aRerunChangesNothingAndTheDaysOneByOneEqualTheBackfill() {
    Map<String, List<String>> backfill = snapshot(shared);
    Map<String, RunLogEntry> second = bySource(ingest(shared, DAY1, DAY2));
    assertThat(snapshot(shared)).isEqualTo(backfill);
    assertThat(second.get("interactions").rowsWritten()).isZero();
    assertThat(second.get("interactions").rowsDuplicate()).isEqualTo(6);
    assertThat(second.get("interactions").eventDates()).isEmpty();
    assertThat(second.values()).allMatch(RunLogEntry::reconciles);
    // The rerun judged the same records faulty and added none of them again: the first run's new ones are the table.
    assertThat(second.get("interactions").rowsQuarantined()).isEqualTo(sharedLog.get("interactions").rowsQuarantined());
    assertThat(second.values()).allMatch(e -> e.rowsQuarantinedNew() == 0);
    long added = sharedLog.values().stream().mapToLong(RunLogEntry::rowsQuarantinedNew).sum();
    assertThat(added).isPositive().isEqualTo(spark.sql("SELECT count(*) FROM " + shared.catalog().opsDatabase()
        + ".quarantine").first().getLong(0));

    StageHarness daily = settings();
    ingest(daily, DAY1, DAY1);
    ingest(daily, DAY2, DAY2);
    assertThat(snapshot(daily)).isEqualTo(backfill);
  }

  @Test
  void quarantineOlderThanTheRetentionIsPurged() {
    StageHarness settings = settings("outsidein.ingest.quarantine-retention-days=10");
    ingest(settings, DAY1, DAY1);
    String quarantine = settings.catalog().opsDatabase() + ".quarantine";
    long quarantined = spark.table(quarantine).count();
    assertThat(quarantined).isEqualTo(10); // day 1: 6 interactions, 3 surveys, 1 customer
    // nine days later the rows are kept; eleven days later a run (of a day with no deliveries) purges them
    ingestAt(settings, DAY2.plusDays(10), DAY2.plusDays(10), Instant.parse("2026-03-19T02:00:00Z"));
    assertThat(spark.table(quarantine).count()).isEqualTo(quarantined);
    ingestAt(settings, DAY2.plusDays(10), DAY2.plusDays(10), Instant.parse("2026-03-21T02:00:00Z"));
    assertThat(spark.table(quarantine).count()).isZero();
  }

  private static List<String> asSortedJson(Dataset<Row> rows) {
    return rows.select(org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct("*")))
        .collectAsList().stream().map(r -> r.getString(0)).sorted().collect(Collectors.toList());
  }

  /** Every silver table and the quarantine (without run-specific columns), sorted, as rows. */
  private Map<String, List<String>> snapshot(StageHarness settings) {
    Map<String, List<String>> tables = new TreeMap<>();
    for (String source : List.of("interactions", "order_lines", "surveys", "engagement", "context_events", "customers")) {
      String table = settings.catalog().silverDatabase() + "." + source;
      tables.put(source, asSortedJson(spark.table(table)));
    }
    tables.put("quarantine", asSortedJson(spark.sql("SELECT source, run_date, file, raw, reason, record_key FROM "
        + settings.catalog().opsDatabase() + ".quarantine")));
    return tables;
  }
}
