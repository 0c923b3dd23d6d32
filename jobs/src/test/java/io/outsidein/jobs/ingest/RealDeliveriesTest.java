package io.outsidein.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
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
 * span lines inside quotes, in plain and gzip files. Every record lands in exactly one place, and only faults
 * go to quarantine.
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
    harness = StageHarness.of(List.of(
        "outsidein.storage.raw=" + raw,
        "outsidein.storage.warehouse=" + TestSpark.root().resolve("real-warehouse"),
        "outsidein.catalog.silver-database=silver_real",
        "outsidein.catalog.ops-database=ops_real",
        "outsidein.ingest.max-quarantine-share=1.0"));
    log = harness.run(new IngestJob(), new RunContext("real-1", DAY, DAY, Instant.parse("2026-03-09T02:00:00Z")),
        ChangedDates.none()).entries().stream().collect(Collectors.toMap(RunLogEntry::source, Function.identity()));
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
