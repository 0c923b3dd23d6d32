package io.outsidein.jobs.testing;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.Main;
import io.outsidein.jobs.generate.GroundTruth;
import io.outsidein.jobs.generate.SampleDataGenerator;
import io.outsidein.jobs.generate.SampleDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * One small generated world, run through the whole night once per test JVM by the command line itself
 * ({@code outsidein nightly --from --to}), and shared by every end-to-end test of every stage: the planted-truth
 * checks, the rerun checks and the later stages' tests read its tables instead of generating their own. Its
 * databases are {@code silver_acc}, {@code gold_acc} and {@code ops_acc}.
 *
 * <p>Every case is answered (half of them NPS), so that the planted effects have enough answers per group to be
 * told apart; browsing is a sixth of the default; 1 % of every source is faulty, so that quarantine is
 * exercised too.
 */
public final class AcceptanceWarehouse {
  public static final LocalDate FROM = LocalDate.of(2026, 3, 1);
  public static final LocalDate TO = LocalDate.of(2026, 4, 14);
  public static final String SILVER = "silver_acc";
  public static final String GOLD = "gold_acc";
  public static final String OPS = "ops_acc";
  private static final Object LOCK = new Object();
  private static volatile AcceptanceWarehouse shared;

  private final List<String> overrides;
  private final GroundTruth truth;
  private final int nightlyExit;

  private AcceptanceWarehouse(List<String> overrides, GroundTruth truth, int nightlyExit) {
    this.overrides = List.copyOf(overrides);
    this.truth = truth;
    this.nightlyExit = nightlyExit;
  }

  /** The warehouse of this JVM, built on first use. */
  public static AcceptanceWarehouse get() {
    AcceptanceWarehouse current = shared;
    if (current != null) {
      return current;
    }
    synchronized (LOCK) {
      if (shared == null) {
        shared = build();
      }
      return shared;
    }
  }

  private static AcceptanceWarehouse build() {
    return build("acc", List.of(), FROM, TO);
  }

  /**
   * A world of its own, generated and run the same way with more settings, in databases {@code silver_<tag>},
   * {@code gold_<tag>} and {@code ops_<tag>}: for checks that need the generator set otherwise (the planted
   * effects switched off). Not shared; each call builds one.
   */
  public static AcceptanceWarehouse variant(String tag, List<String> extraOverrides) {
    return build(tag, extraOverrides, FROM, TO);
  }

  /** A variant over another range, e.g. long enough for three months of answers. */
  public static AcceptanceWarehouse variant(String tag, List<String> extraOverrides, LocalDate from, LocalDate to) {
    return build(tag, extraOverrides, from, to);
  }

  private static AcceptanceWarehouse build(String tag, List<String> extraOverrides, LocalDate from, LocalDate to) {
    Path raw = TestSpark.newFolder(tag + "-raw");
    Path warehouse = TestSpark.newFolder(tag + "-warehouse");
    List<String> overrides = new ArrayList<>(List.of(
        "outsidein.storage.raw=" + raw,
        "outsidein.storage.warehouse=" + warehouse,
        "outsidein.catalog.silver-database=silver_" + tag,
        "outsidein.catalog.gold-database=gold_" + tag,
        "outsidein.catalog.ops-database=ops_" + tag,
        "outsidein.generate.customers=" + Integer.getInteger("acceptance.customers", 3000),
        "outsidein.generate.bad-rate=0.01",
        // A sixth of the browsing (the bulk of the events) and every case answered: the planted effects keep
        // the answers they need while the night stays short.
        "outsidein.generate.events-per-customer-day=0.6",
        "outsidein.generate.surveys.case-rate=1.0"));
    overrides.addAll(SampleDelivery.overrides());
    overrides.addAll(extraOverrides);
    GroundTruth truth = new SampleDataGenerator(StageHarness.of(overrides).generator().forRange(from, to))
        .generate(TestSpark.session(), raw.toString());
    List<String> args = new ArrayList<>(List.of("nightly", "--from", from.toString(), "--to", to.toString()));
    for (String override : overrides) {
      args.add("--set");
      args.add(override);
    }
    return new AcceptanceWarehouse(overrides, truth, Main.execute(args.toArray(new String[0])));
  }

  /** The configuration of the warehouse, as {@code --set} overrides. */
  public List<String> overrides() {
    return overrides;
  }

  /** Runs stages on the warehouse's configuration. */
  public StageHarness harness() {
    return StageHarness.of(overrides);
  }

  /** What the generator planted. */
  public GroundTruth truth() {
    return truth;
  }

  /** The exit code of the night that built the warehouse. */
  public int nightlyExit() {
    return nightlyExit;
  }

  /**
   * A copy of the world to rewrite while other classes read it: its raw zone under {@code raw}, its three
   * databases as {@code silver_<tag>}, {@code gold_<tag>} and {@code ops_<tag>} under {@code warehouse}, every
   * table registered in the catalog by location. Returns the copy's configuration as {@code --set} overrides.
   */
  public List<String> copy(String tag, Path raw, Path warehouse) {
    Map<String, String> settings = overrides.stream().filter(o -> o.contains("="))
        .collect(Collectors.toMap(o -> o.substring(0, o.indexOf('=')), o -> o.substring(o.indexOf('=') + 1),
            (a, b) -> b));
    copyTree(Path.of(settings.get("outsidein.storage.raw")), raw);
    for (String db : List.of("silver", "gold", "ops")) {
      // This world's own databases: the shared one's are *_acc, a variant's *_<its tag>.
      String source = settings.get("outsidein.catalog." + db + "-database");
      copyTree(Path.of(settings.get("outsidein.storage.warehouse")).resolve(source + ".db"),
          warehouse.resolve(db + "_" + tag + ".db"));
      register(db + "_" + tag, warehouse.resolve(db + "_" + tag + ".db"));
    }
    List<String> copied = new ArrayList<>();
    for (String o : overrides) {
      String key = o.substring(0, o.indexOf('='));
      switch (key) {
        case "outsidein.storage.raw" -> copied.add(key + "=" + raw);
        case "outsidein.storage.warehouse" -> copied.add(key + "=" + warehouse);
        case "outsidein.catalog.silver-database" -> copied.add(key + "=silver_" + tag);
        case "outsidein.catalog.gold-database" -> copied.add(key + "=gold_" + tag);
        case "outsidein.catalog.ops-database" -> copied.add(key + "=ops_" + tag);
        default -> copied.add(o);
      }
    }
    return copied;
  }

  /** The copied tables in the catalog, by location (Delta reads their schema from their logs). */
  private static void register(String db, Path folder) {
    SparkSession spark = TestSpark.session();
    spark.sql("CREATE DATABASE IF NOT EXISTS " + db + " LOCATION '" + folder.toUri() + "'");
    try (Stream<Path> tables = Files.list(folder)) {
      for (Path table : tables.filter(t -> Files.isDirectory(t.resolve("_delta_log"))).toList()) {
        spark.sql("CREATE TABLE IF NOT EXISTS " + db + ".`" + table.getFileName() + "` USING delta LOCATION '"
            + table.toUri() + "'");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A copy in which every table's log is copied before its data: a commit of a later write is then missing from
   * the copy rather than pointing at files the copy lacks.
   */
  private static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      List<Path> files = walk.filter(Files::isRegularFile)
          .sorted(Comparator.comparing((Path p) -> !p.toString().contains("_delta_log")).thenComparing(Path::toString))
          .toList();
      for (Path f : files) {
        Path target = to.resolve(from.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
