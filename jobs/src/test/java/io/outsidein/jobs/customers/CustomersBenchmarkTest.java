package io.outsidein.jobs.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.Source;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.tables.CustomerStateTables;
import io.outsidein.common.tables.SilverTables;
import io.outsidein.common.testing.HeapSampler;
import io.outsidein.common.testing.Repetitions;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.BenchmarkSilver;
import io.outsidein.jobs.testing.StageHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The customers stage for one day with 60 days of history, against a bare scan of its inputs in the same JVM:
 * a first night with no state and no models (every date of the window aggregated into ops.customer_activity),
 * a night that trains both models again on that state, and a rerun of the day that reuses them, so training is
 * the difference between the last two. The synthetic labels carry little signal, so the AUC floor is 0 here: the run scores with
 * the models whatever their AUC, which is what is timed. Not a unit test: {@code mvn -B test -pl jobs
 * -Dtest=CustomersBenchmarkTest -Dcustomers.benchmark=true [-Dcustomers.benchmark.reps=2]
 * [-Dcustomers.benchmark.day-events=1250000]}. Prints one BENCHMARK line.
 */
@EnabledIfSystemProperty(named = "customers.benchmark", matches = "true")
class CustomersBenchmarkTest {
  private static final LocalDate DAY = LocalDate.of(2026, 9, 30);
  private static final int HISTORY_DAYS = 60;
  private static final String WAREHOUSE = "customers-bench-warehouse";

  @Test
  void customersOfOneDayWithSixtyDaysOfHistory() {
    SparkSession spark = TestSpark.session();
    int reps = Integer.getInteger("customers.benchmark.reps", 2);
    long dayEvents = Long.getLong("customers.benchmark.day-events", 1_250_000L);
    StageHarness settings = harness(WAREHOUSE);
    BenchmarkSilver silver = new BenchmarkSilver(spark, settings, DAY, HISTORY_DAYS, dayEvents);
    long events = silver.write(true);
    long lines = spark.table(SilverTables.of(settings.catalog(), Source.ORDER_LINES).name().sql()).count();

    List<Double> bare = new ArrayList<>();
    List<Double> filled = new ArrayList<>();
    List<Double> trained = new ArrayList<>();
    List<Double> scored = new ArrayList<>();
    long peak = 0;
    String message = "";
    CustomerSettings customerSettings = settings.settings(new CustomersJob());
    for (int rep = 0; rep < reps; rep++) {
      bare.add(bareScan(spark, settings));
      // Each repetition starts with no state and an empty model store (the first night after an upgrade: every
      // date of the window aggregated, both models trained), then trains again on the state it left (a night
      // that retrains), then reruns the day on the models it saved (a scoring night). The later two aggregate
      // only the day, as a night whose delivery holds that day's events.
      deleteModels();
      for (TableDefinition state : List.of(CustomerStateTables.activity(settings.catalog()),
          CustomerStateTables.dates(settings.catalog()))) {
        settings.tables().ensure(state);
        spark.sql("DELETE FROM " + state.name().sql());
      }
      for (String night : List.of("first", "training", "scoring")) {
        if (night.equals("training")) {
          deleteModels();
        }
        System.gc();
        HeapSampler sampler = HeapSampler.start();
        long started = System.nanoTime();
        List<RunLogEntry> entries = settings.run(new CustomersJob(), customerSettings,
            new RunContext("cbench-" + rep + "-" + night, DAY, DAY, Instant.parse("2026-10-01T02:00:00Z")),
            ChangedDates.of(SilverTables.of(settings.catalog(), Source.ORDER_LINES).name(), List.of(DAY))
                .plus(ChangedDates.of(SilverTables.of(settings.catalog(), Source.INTERACTIONS).name(),
                    List.of(DAY)))).entries();
        double seconds = (System.nanoTime() - started) / 1e9;
        (night.equals("first") ? filled : night.equals("training") ? trained : scored).add(seconds);
        peak = Math.max(peak, sampler.stop());
        message = entries.get(0).message();
        System.out.println("CUSTOMERS NIGHT " + night + " " + String.format(Locale.ROOT, "%.1f s", seconds) + ": "
            + message);
        assertThat(message).contains(night.equals("scoring") ? "reused" : "trained tonight");
        if (!night.equals("first")) {
          assertThat(message).endsWith("activity of 1 event dates aggregated");
        }
      }
    }
    System.out.printf(Locale.ROOT,
        "BENCHMARK day_events=%d events=%d order_lines=%d customers=%d bare_scan_s(min/median)=%.1f/%.1f "
            + "first_night_s(min/median)=%.1f/%.1f night_with_training_s(min/median)=%.1f/%.1f "
            + "scoring_night_s(min/median)=%.1f/%.1f training_s(median difference)=%.1f "
            + "ratio_scoring_to_bare=%.2f peak_heap_mb=%d%n",
        dayEvents, events, lines, silver.customers(), Repetitions.min(bare), Repetitions.median(bare),
        Repetitions.min(filled), Repetitions.median(filled), Repetitions.min(trained), Repetitions.median(trained),
        Repetitions.min(scored), Repetitions.median(scored), Repetitions.median(trained) - Repetitions.median(scored),
        Repetitions.median(scored) / Repetitions.median(bare), peak / (1024 * 1024));
  }

  /** The benchmark's databases and warehouse; the models are saved under it. */
  private static StageHarness harness(String warehouse) {
    return StageHarness.of(List.of(
        "outsidein.storage.warehouse=" + TestSpark.root().resolve(warehouse),
        "outsidein.catalog.silver-database=silver_cbench",
        "outsidein.catalog.gold-database=gold_cbench",
        "outsidein.catalog.ops-database=ops_cbench",
        "outsidein.customers.models.auc-floor=0"));
  }

  private static void deleteModels() {
    Path models = TestSpark.root().resolve(WAREHOUSE).resolve("models");
    if (Files.exists(models)) {
      try (Stream<Path> paths = Files.walk(models)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The baseline: every column of each input the stage reads, read and written nowhere. */
  private static double bareScan(SparkSession spark, StageHarness settings) {
    long started = System.nanoTime();
    for (Source source : List.of(Source.INTERACTIONS, Source.ORDER_LINES, Source.SURVEYS, Source.CUSTOMERS)) {
      spark.table(SilverTables.of(settings.catalog(), source).name().sql()).write().format("noop").mode("overwrite")
          .save();
    }
    return (System.nanoTime() - started) / 1e9;
  }
}
