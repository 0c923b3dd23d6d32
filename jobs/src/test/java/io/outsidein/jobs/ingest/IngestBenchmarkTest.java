package io.outsidein.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.Field;
import io.outsidein.common.schema.Source;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.testing.HeapSampler;
import io.outsidein.common.testing.Repetitions;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.generate.GroundTruth;
import io.outsidein.jobs.generate.SampleDataGenerator;
import io.outsidein.jobs.generate.SampleDelivery;
import io.outsidein.jobs.testing.StageHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Ingest of one day at 1x/2x/4x volume against a bare {@code spark.read().schema(s).json(files).write().parquet()}
 * of the same interaction files, alternating in the same JVM so that machine noise hits both. Not a unit test:
 * {@code mvn -B -o test -pl jobs -Dtest=IngestBenchmarkTest -Doutsidein.benchmark=true
 * [-Doutsidein.benchmark.scales=1,2,4] [-Doutsidein.benchmark.reps=3] [-Doutsidein.benchmark.customers=30000]}.
 * Prints one BENCHMARK line per scale; BENCHMARKS.md records them.
 */
@EnabledIfSystemProperty(named = "outsidein.benchmark", matches = "true")
class IngestBenchmarkTest {
  private static final LocalDate DAY = LocalDate.of(2026, 9, 1);
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final int CORES = 2;

  @Test
  void ingestOneDayAgainstABareReadAndWrite() {
    SparkSession spark = TestSpark.session();
    int reps = Integer.getInteger("outsidein.benchmark.reps", 3);
    int baseCustomers = Integer.getInteger("outsidein.benchmark.customers", 30000);
    List<Integer> scales = Arrays.stream(System.getProperty("outsidein.benchmark.scales", "1,2,4").split(","))
        .map(String::trim).map(Integer::parseInt).collect(Collectors.toList());
    for (int scale : scales) {
      Path raw = TestSpark.newFolder("bench-raw-" + scale);
      StageHarness generateConfig = settings(raw, List.of(
          "outsidein.generate.customers=" + baseCustomers * scale, "outsidein.generate.bad-rate=0",
          "outsidein.generate.events-per-customer-day=" + System.getProperty("outsidein.benchmark.events", "36")));
      long generateStart = System.nanoTime();
      GroundTruth truth = new SampleDataGenerator(generateConfig.generator().forRange(DAY, DAY))
          .generate(spark, raw.toString());
      double generateSeconds = (System.nanoTime() - generateStart) / 1e9;
      long events = truth.faults("interactions").records();
      String[] files = interactionFiles(raw);

      List<Double> bare = new ArrayList<>();
      List<Double> ingest = new ArrayList<>();
      List<Double> interactionsStage = new ArrayList<>();
      long peakHeap = 0;
      for (int rep = 0; rep < reps; rep++) {
        bare.add(bareReadAndWrite(spark, files));
        System.gc();
        HeapSampler sampler = HeapSampler.start();
        Instant started = Instant.now();
        List<RunLogEntry> entries = ingest(spark, raw);
        ingest.add(Duration.between(started, Instant.now()).toMillis() / 1000.0);
        peakHeap = Math.max(peakHeap, sampler.stop());
        RunLogEntry interactions = entries.get(0);
        assertThat(interactions.reconciles()).isTrue();
        interactionsStage.add(Duration.between(interactions.startedAt(), interactions.endedAt()).toMillis() / 1000.0);
      }
      double bareMedian = Repetitions.median(bare);
      double ingestMedian = Repetitions.median(ingest);
      double stageMedian = Repetitions.median(interactionsStage);
      System.out.printf(Locale.ROOT,
          "BENCHMARK scale=%dx interaction_events=%d generate_s=%.1f bare_s(min/median)=%.1f/%.1f "
              + "ingest_all_sources_s=%.1f/%.1f interactions_stage_s=%.1f/%.1f ratio_stage_to_bare=%.2f "
              + "ratio_all_to_bare=%.2f events_per_s_per_core(stage median)=%.0f peak_heap_mb=%d%n",
          scale, events, generateSeconds, Repetitions.min(bare), bareMedian, Repetitions.min(ingest), ingestMedian, Repetitions.min(interactionsStage),
          stageMedian, stageMedian / bareMedian, ingestMedian / bareMedian, events / stageMedian / CORES,
          peakHeap / (1024 * 1024));
    }
  }

  private static StageHarness settings(Path raw, List<String> extra) {
    int run = RUNS.incrementAndGet();
    List<String> overrides = new ArrayList<>(List.of(
        "outsidein.storage.raw=" + raw,
        "outsidein.storage.warehouse=" + TestSpark.root().resolve("bench-warehouse"),
        "outsidein.catalog.silver-database=silver_bench_" + run,
        "outsidein.catalog.ops-database=ops_bench_" + run,
        "outsidein.ingest.max-quarantine-share=1.0"));
    overrides.addAll(SampleDelivery.overrides());
    overrides.addAll(extra);
    return StageHarness.of(overrides);
  }

  private static List<RunLogEntry> ingest(SparkSession spark, Path raw) {
    return settings(raw, List.of()).run(new IngestJob(),
        new RunContext("bench", DAY, DAY, Instant.parse("2026-09-02T02:00:00Z")), ChangedDates.none()).entries();
  }

  private static double bareReadAndWrite(SparkSession spark, String[] files) {
    StructType schema = new StructType();
    for (Field field : Source.INTERACTIONS.fields()) {
      schema = schema.add(field.name(), field.type().sparkType());
    }
    String out = TestSpark.newFolder("bench-bare").toString();
    long started = System.nanoTime();
    spark.read().schema(schema).json(files).write().mode("overwrite").parquet(out);
    return (System.nanoTime() - started) / 1e9;
  }

  private static String[] interactionFiles(Path raw) {
    try (Stream<Path> files = Files.list(raw.resolve("interactions").resolve("dt=" + DAY))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json.gz")).map(Path::toString)
          .toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
