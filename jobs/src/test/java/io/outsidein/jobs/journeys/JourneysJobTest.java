package io.outsidein.jobs.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.privacy.PseudonymKey;
import io.outsidein.common.privacy.Pseudonymizer;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.generate.GeneratorSettings;
import io.outsidein.jobs.generate.SampleDataGenerator;
import io.outsidein.jobs.ingest.IngestJob;
import io.outsidein.jobs.ingest.SampleDelivery;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stage end to end on generated data: 60 days ingested, journeys and ownership written through the
 * catalog, the planted transfer effect (b) visible with intervals, and a rerun that changes nothing.
 */
class JourneysJobTest {
  private static final LocalDate FROM = LocalDate.of(2026, 3, 1);
  private static final LocalDate TO = LocalDate.of(2026, 4, 29);
  private static OutsideinSettings settings;
  private static DeltaTables tables;
  private static List<RunLogEntry> firstRun;

  @BeforeAll
  static void generateIngestAndBuild() {
    SparkSession spark = TestSpark.session();
    Path raw = TestSpark.newFolder("journeys-raw");
    Path warehouse = TestSpark.newFolder("journeys-warehouse");
    List<String> overrides = new ArrayList<>(List.of(
        "outsidein.storage.raw=" + raw,
        "outsidein.storage.warehouse=" + warehouse,
        "outsidein.catalog.silver-database=silver_journeys",
        "outsidein.catalog.gold-database=gold_journeys",
        "outsidein.catalog.ops-database=ops_journeys",
        "outsidein.generate.customers=" + System.getProperty("journeys.test.customers", "3000"),
        "outsidein.generate.bad-rate=0",
        // Every case answered (half of them NPS): enough answers per transfer count for intervals to separate.
        "outsidein.generate.surveys.case-rate=1.0"));
    overrides.addAll(SampleDelivery.orderLineMapping());
    settings = OutsideinSettings.from(new ConfigLoader().load(Optional.empty(), overrides));
    new SampleDataGenerator(GeneratorSettings.from(settings.config().getConfig("outsidein.generate"), FROM, TO))
        .generate(spark, raw.toString());
    tables = new DeltaTables(spark, warehouse.toUri().toString());
    RunContext run = new RunContext("journeys-test", FROM, TO, Instant.parse("2026-04-30T02:00:00Z"));
    List<LocalDate> changed = new IngestJob(spark, settings, tables, new Pseudonymizer(PseudonymKey.development()))
        .run(run).stream().filter(e -> JourneysJob.INPUTS.contains(e.source()))
        .flatMap(e -> e.eventDates().stream()).distinct().sorted().toList();
    firstRun = new JourneysJob(spark, settings, tables).run(run, changed);
  }

  @Test
  void everyKindIsWrittenWithItsRunLogCounts() {
    SparkSession spark = TestSpark.session();
    Row kinds = spark.sql("SELECT count_if(kind = 'session'), count_if(kind = 'case'), count_if(kind = 'order'), "
        + "count_if(survey_attach_rule IS NOT NULL), count(DISTINCT journey_id), count(1) FROM gold_journeys.journeys")
        .first();
    assertThat(kinds.getLong(0)).isGreaterThan(10_000);
    assertThat(kinds.getLong(1)).isGreaterThan(500);
    assertThat(kinds.getLong(2)).isGreaterThan(500);
    assertThat(kinds.getLong(3)).isPositive();
    assertThat(kinds.getLong(4)).isEqualTo(kinds.getLong(5));
    assertThat(firstRun.get(0).rowsWritten()).isEqualTo(kinds.getLong(5));
    assertThat(firstRun.get(0).message()).contains("sessions", "devices not stitched")
        .containsPattern("identity map of [1-9][0-9]* intervals");
    assertThat(spark.sql("SELECT count(1) FROM gold_journeys.ownership").first().getLong(0)).isPositive();
    // Column comments reach the catalog.
    List<Row> described = spark.sql("DESCRIBE TABLE gold_journeys.ownership").collectAsList();
    assertThat(described).anySatisfy(r -> {
      assertThat(r.getString(0)).isEqualTo("fcr_low");
      assertThat(r.getString(2)).contains("Wilson");
    });
  }

  @Test
  void thePlantedTransferEffectShowsWithIntervals() {
    SparkSession spark = TestSpark.session();
    List<Row> outcomes = spark.sql("SELECT transfers, nps_n, detractors, detractor_share, detractor_low, "
        + "detractor_high, promoter_share FROM gold_journeys.transfer_outcomes ORDER BY transfers").collectAsList();
    String table = outcomes.toString();
    assertThat(outcomes).as(table).extracting(r -> r.getInt(0)).containsExactly(0, 1, 2, 3);
    assertThat(outcomes).as(table).allSatisfy(r -> assertThat(r.getDouble(3))
        .isBetween(r.getDouble(4), r.getDouble(5)));
    double[] detractors = outcomes.stream().mapToDouble(r -> r.getDouble(3)).toArray();
    double[] promoters = outcomes.stream().mapToDouble(r -> r.getDouble(6)).toArray();
    // Planted (b): each transfer after the first raises the detractor share and lowers the promoter share.
    double fewest = Math.max(detractors[0], detractors[1]);
    assertThat(detractors[2]).as(table).isGreaterThan(fewest);
    assertThat(detractors[3]).as(table).isGreaterThan(fewest);
    assertThat(promoters[3]).as(table).isLessThan(promoters[2]).isLessThan(Math.min(promoters[0], promoters[1]));
    // And not by chance: cases with two or more transfers against those with at most one, 95 % Wilson
    // intervals that do not overlap.
    long fewN = outcomes.get(0).getLong(1) + outcomes.get(1).getLong(1);
    long fewD = outcomes.get(0).getLong(2) + outcomes.get(1).getLong(2);
    long manyN = outcomes.get(2).getLong(1) + outcomes.get(3).getLong(1);
    long manyD = outcomes.get(2).getLong(2) + outcomes.get(3).getLong(2);
    io.outsidein.common.stats.Intervals intervals = new io.outsidein.common.stats.Intervals(0.95, 10);
    Row pooled = spark.sql("SELECT " + fewD + "L AS fd, " + fewN + "L AS fn, " + manyD + "L AS md, " + manyN
        + "L AS mn").select(
            intervals.wilsonUpper(org.apache.spark.sql.functions.col("fd"), org.apache.spark.sql.functions.col("fn")),
            intervals.wilsonLower(org.apache.spark.sql.functions.col("md"), org.apache.spark.sql.functions.col("mn")))
        .first();
    assertThat(pooled.getDouble(1)).as("2+ transfers, lower end, above 0-1 transfers, upper end: " + table)
        .isGreaterThan(pooled.getDouble(0));
  }

  @Test
  void rerunningTheDatesLeavesTheTablesAsTheyWere() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> before = spark.sql("SELECT journey_id, kind, journey_date, customer_id, event_count, transfers, "
        + "survey_response_id FROM gold_journeys.journeys");
    List<Row> expected = before.collectAsList();
    List<Row> ownershipBefore = spark.table("gold_journeys.ownership").collectAsList();
    new JourneysJob(spark, settings, tables).run(
        new RunContext("journeys-rerun", FROM, TO, Instant.parse("2026-04-30T03:00:00Z")),
        FROM.datesUntil(TO.plusDays(1)).toList());
    assertThat(spark.sql("SELECT journey_id, kind, journey_date, customer_id, event_count, transfers, "
        + "survey_response_id FROM gold_journeys.journeys").collectAsList())
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(spark.table("gold_journeys.ownership").collectAsList())
        .containsExactlyInAnyOrderElementsOf(ownershipBefore);
  }
}
