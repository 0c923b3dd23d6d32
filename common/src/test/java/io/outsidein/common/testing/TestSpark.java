package io.outsidein.common.testing;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.spark.SparkSessionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM, built by {@link SparkSessionFactory} like every command's: local[2], two
 * shuffle partitions, UI off, Delta and an embedded Derby catalog, everything on disk under one temporary folder,
 * expressions interpreted rather than compiled unless a benchmark runs. Made on first use and stopped by a
 * shutdown hook; test classes never stop it (each restart pays the metastore start again, about 6 s).
 */
public final class TestSpark {
  private static final Object LOCK = new Object();
  private static volatile SparkSession session;
  private static volatile Path root;

  private TestSpark() {}

  public static SparkSession session() {
    SparkSession current = session;
    if (current != null) {
      return current;
    }
    synchronized (LOCK) {
      if (session == null) {
        session = create();
      }
      return session;
    }
  }

  /** The folder every test-owned file lives under; removed when the JVM ends. */
  public static Path root() {
    session();
    return root;
  }

  /** A fresh, empty folder under {@link #root()}. */
  public static Path newFolder(String prefix) {
    try {
      return Files.createTempDirectory(root(), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SparkSession create() {
    try {
      root = Files.createTempDirectory("outsidein-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The same builder as every command, so that a test runs with the settings a user's run has; only the
    // size (two cores, two shuffle partitions), the folders and code generation differ. Tests run thousands of
    // small queries, each compiled by Janino once and then run on a few rows: interpreted evaluation (what
    // Spark itself falls back to when compiling fails, with the same results) took 15 % less CPU on the
    // acceptance world and on the journeys and scores edge tests (BENCHMARKS.md, "Test suite"). Runs of real
    // size keep whole-stage code generation, and so do the benchmarks (any -D<name>.benchmark=true).
    List<String> settings = new ArrayList<>(sizeSettings());
    settings.addAll(List.of(
        "outsidein.spark.app-name=outsidein-test",
        "outsidein.storage.raw=" + root.resolve("raw"),
        "outsidein.storage.warehouse=" + root.resolve("warehouse"),
        "outsidein.storage.metastore=" + root.resolve("metastore_db"),
        "outsidein.storage.scratch=" + root));
    settings.addAll(retentionSettings());
    SparkSession spark = SparkSessionFactory.create(OutsideinSettings.from(new ConfigLoader().load(Optional.empty(),
        settings)));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      spark.stop();
      deleteQuietly(root);
    }, "test-spark-stop"));
    return spark;
  }

  /**
   * The test session's size and evaluation: two cores, two shuffle partitions, expressions interpreted (compiled
   * when a benchmark runs). Also for the commands a test runs in a JVM of its own, so that their nights cost what
   * the test JVM's do.
   */
  public static List<String> sizeSettings() {
    boolean compiled = benchmarking();
    return List.of(
        "outsidein.spark.master=local[2]",
        "outsidein.spark.shuffle-partitions=2",
        "outsidein.spark.extra.\"spark.default.parallelism\"=2",
        "outsidein.spark.extra.\"spark.sql.codegen.wholeStage\"=" + compiled,
        "outsidein.spark.extra.\"spark.sql.codegen.factoryMode\"=" + (compiled ? "FALLBACK" : "NO_CODEGEN"));
  }

  /**
   * What the one session keeps of the queries it ran. A command's session lives for one night; this one runs the
   * whole suite's queries, tens of thousands of them, and at the defaults it keeps, in the same 4 GB: every table
   * it opened for 60 minutes (Delta's log cache: a log, its snapshot and their query plans; about 140 tables
   * late in the suite), the last 1,000 queries' plans and metrics and 1,000 jobs' and stages' data. The full
   * suite filled the heap with retained plans and thrashed (BENCHMARKS.md, "Test suite"). A night of the
   * acceptance world opens about 30 tables, so 48 keeps a night's tables while it runs.
   */
  private static List<String> retentionSettings() {
    return List.of(
        "outsidein.spark.extra.\"spark.databricks.delta.delta.log.cacheSize\"=48",
        "outsidein.spark.extra.\"spark.sql.ui.retainedExecutions\"=50",
        "outsidein.spark.extra.\"spark.ui.retainedJobs\"=100",
        "outsidein.spark.extra.\"spark.ui.retainedStages\"=100",
        "outsidein.spark.extra.\"spark.ui.retainedTasks\"=10000");
  }

  /** Whether a benchmark runs in this JVM: they measure what a user's run does, code generation included. */
  private static boolean benchmarking() {
    return System.getProperties().stringPropertyNames().stream()
        .anyMatch(name -> name.endsWith(".benchmark") && Boolean.parseBoolean(System.getProperty(name)));
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // Best effort at JVM exit; the folder is in the system temp dir.
    }
  }
}
