package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunLogWriter;
import io.outsidein.common.runlog.RunStatus;
import io.outsidein.common.tables.OpsTables;
import io.outsidein.common.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@code outsidein maintain} deletes a raw delivery older than the retention only once every source that
 * delivered on its date was ingested successfully; younger ones, and old ones not yet (or not successfully)
 * ingested, stay. Local disk here; the same Hadoop calls serve s3a.
 */
class RawRetentionTest {
  @Test
  void deletesOldRawOnlyWhenEverySourceOfItsDateWasIngested() throws IOException {
    SparkSession spark = TestSpark.session();
    Path raw = TestSpark.newFolder("retention-raw");
    Path warehouse = TestSpark.newFolder("retention-warehouse");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate ingestedOld = today.minusDays(200);
    LocalDate halfIngested = today.minusDays(199);
    LocalDate failed = today.minusDays(198);
    LocalDate recent = today.minusDays(10);
    for (LocalDate d : List.of(ingestedOld, halfIngested, failed, recent)) {
      delivery(raw, "interactions", d);
    }
    delivery(raw, "surveys", ingestedOld);
    delivery(raw, "surveys", halfIngested);
    CatalogSettings catalog = new CatalogSettings("silver_ret", "gold_ret", "ops_ret");
    DeltaTables tables = new DeltaTables(spark, warehouse.toUri().toString());
    tables.ensure(OpsTables.runLog(catalog));
    Instant now = Instant.now();
    RunContext range = RunContext.start(ingestedOld, halfIngested);
    RunContext one = RunContext.start(ingestedOld, ingestedOld);
    RunContext bad = RunContext.start(failed, failed);
    new RunLogWriter(spark, tables, OpsTables.runLog(catalog)).write(List.of(
        RunLogEntry.builder(range, "ingest", "interactions", now).build(),
        RunLogEntry.builder(one, "ingest", "surveys", now).build(),
        RunLogEntry.builder(bad, "ingest", "interactions", now).status(RunStatus.FAILED, "broken").build()));

    // A file that lands in an ingested old folder after its ingest (a redelivery) was never read: kept.
    LocalDate redelivered = today.minusDays(197);
    delivery(raw, "interactions", redelivered);
    java.nio.file.Files.setLastModifiedTime(raw.resolve("interactions/dt=" + redelivered + "/part-1.jsonl"),
        java.nio.file.attribute.FileTime.from(now.plusSeconds(60)));
    RunContext before = RunContext.start(redelivered, redelivered);
    new RunLogWriter(spark, tables, OpsTables.runLog(catalog)).write(List.of(
        RunLogEntry.builder(before, "ingest", "interactions", now).endedAt(now).build()));

    int exit = Main.execute("maintain", "--set", "outsidein.storage.raw=" + raw,
        "--set", "outsidein.storage.warehouse=" + warehouse, "--set", "outsidein.catalog.silver-database=silver_ret",
        "--set", "outsidein.catalog.gold-database=gold_ret", "--set", "outsidein.catalog.ops-database=ops_ret",
        "--set", "outsidein.maintain.raw-retention-days=90");

    assertThat(exit).isZero();
    assertThat(Files.exists(raw.resolve("interactions/dt=" + ingestedOld))).isFalse();
    assertThat(Files.exists(raw.resolve("surveys/dt=" + ingestedOld))).isFalse();
    // Surveys of that date were never ingested: neither source's delivery of it goes.
    assertThat(Files.exists(raw.resolve("interactions/dt=" + halfIngested))).isTrue();
    assertThat(Files.exists(raw.resolve("surveys/dt=" + halfIngested))).isTrue();
    assertThat(Files.exists(raw.resolve("interactions/dt=" + failed))).isTrue();
    assertThat(Files.exists(raw.resolve("interactions/dt=" + recent))).isTrue();
    assertThat(Files.exists(raw.resolve("interactions/dt=" + redelivered))).isTrue();
    String messages = String.join("\n", spark.table("ops_ret.run_log").where("stage = 'maintain'")
        .select("message").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertThat(messages).contains("raw interactions (feed default): 1 deliveries older than "
        + today.minusDays(90) + " deleted (1 files); 3 kept, not every source of their date ingested since its files arrived: ["
        + halfIngested + ", " + failed + ", " + redelivered + "]");
    assertThat(messages).contains("raw surveys (feed default): 1 deliveries older than");
  }

  private static void delivery(Path raw, String source, LocalDate date) throws IOException {
    Path folder = raw.resolve(source).resolve("dt=" + date);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("part-1.jsonl"), "{\"event_id\": \"e\"}\n");
  }
}
