package io.outsidein.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.ReasonCodes;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.testing.S3ProxyServer;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.generate.FaultCounts;
import io.outsidein.jobs.generate.GroundTruth;
import io.outsidein.jobs.generate.SampleDataGenerator;
import io.outsidein.jobs.generate.SampleDelivery;
import io.outsidein.jobs.testing.StageHarness;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Generated data in a bucket of a real S3 server on loopback, ingested from s3a into a warehouse on s3a:
 * every source reconciles, and what ingest counts agrees exactly with what the generator says it planted
 * (records, quarantine reasons, duplicates).
 */
class S3IngestTest {
  private static final String BUCKET = "outsidein-it";
  private static final LocalDate FROM = LocalDate.of(2026, 9, 1);
  private static final LocalDate TO = LocalDate.of(2026, 9, 3);

  @Test
  void generatedDataInABucketIsIngestedIntoAnS3aWarehouseWithNothingLost() {
    S3ProxyServer s3 = S3ProxyServer.shared();
    s3.createBucket(BUCKET);
    SparkSession spark = TestSpark.session();
    s3.configure(spark.sparkContext().hadoopConfiguration());
    String raw = "s3a://" + BUCKET + "/raw";
    String warehouse = "s3a://" + BUCKET + "/warehouse";
    List<String> overrides = new java.util.ArrayList<>(List.of(
        "outsidein.storage.raw=" + raw,
        "outsidein.storage.warehouse=" + warehouse,
        "outsidein.catalog.silver-database=silver_s3",
        "outsidein.catalog.ops-database=ops_s3",
        "outsidein.ingest.max-quarantine-share=1.0",
        "outsidein.generate.customers=150",
        "outsidein.generate.bad-rate=0.03"));
    overrides.addAll(SampleDelivery.overrides());
    StageHarness harness = StageHarness.of(overrides);

    GroundTruth truth = new SampleDataGenerator(harness.generator().forRange(FROM, TO)).generate(spark, raw);
    List<RunLogEntry> entries = harness.run(new IngestJob(),
        new RunContext("s3-run", FROM, TO, Instant.parse("2026-09-04T02:00:00Z")), ChangedDates.none()).entries();

    for (RunLogEntry entry : entries) {
      FaultCounts planted = truth.faults(entry.source());
      assertThat(entry.reconciles()).as(entry.source()).isTrue();
      assertThat(entry.rowsRead()).as(entry.source() + " read").isEqualTo(planted.records());
      assertThat(entry.rowsDuplicate()).as(entry.source() + " duplicates").isEqualTo(planted.duplicates());
      assertThat(entry.rowsQuarantined()).as(entry.source() + " quarantined").isEqualTo(planted.quarantinedTotal());
      assertThat(quarantineReasons(spark, entry.source())).as(entry.source() + " reasons")
          .isEqualTo(rowsOf(nonZero(planted.quarantined())));
      long silverRows = spark.table("silver_s3." + entry.source()).count();
      assertThat(silverRows).as(entry.source() + " silver rows").isEqualTo(entry.rowsWritten());
    }
    assertThat(entries).extracting(RunLogEntry::source)
        .containsExactly("interactions", "order_lines", "surveys", "engagement", "context_events", "customers");
    assertThat(entries.get(0).rowsWritten()).isPositive();
    // the tables live in the bucket
    String location = spark.sql("DESCRIBE DETAIL silver_s3.interactions").first().getAs("location");
    assertThat(location).startsWith(warehouse);
  }

  /**
   * The quarantine rows of planted faults: one per record, but one per file for a file rejected whole, which
   * counts as the records it holds (the generator plants one such file per reason).
   */
  private static Map<String, Long> rowsOf(Map<String, Long> records) {
    Map<String, Long> rows = new TreeMap<>(records);
    rows.replaceAll((reason, count) -> ReasonCodes.BAD_HEADER.equals(reason)
        || ReasonCodes.TRUNCATED_FILE.equals(reason) ? 1L : count);
    return rows;
  }

  /** The ground truth lists every reason it can plant, some with zero records at this size. */
  private static Map<String, Long> nonZero(Map<String, Long> counts) {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach((reason, count) -> {
      if (count > 0) {
        result.put(reason, count);
      }
    });
    return result;
  }

  private static Map<String, Long> quarantineReasons(SparkSession spark, String source) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row row : spark.sql("SELECT reason, count(*) FROM ops_s3.quarantine WHERE source = '" + source
        + "' GROUP BY reason").collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }
}
