package io.outsidein.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: local[2], UI off, Delta and an embedded Derby catalog, everything on
 * disk under one temporary folder. Made on first use and stopped by a shutdown hook; test classes never
 * stop it (each restart pays the metastore start again, about 6 s).
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
    // Else derby.log lands in the working directory.
    System.setProperty("derby.system.home", root.resolve("derby").toString());
    SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName("outsidein-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        // Default 50: about 15 s more per Delta-heavy test run.
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", root.resolve("warehouse").toUri().toString())
        .config("javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + root.resolve("metastore_db") + ";create=true")
        .config("spark.hadoop.hive.downloaded.resources.dir", root.resolve("hive-resources").toString())
        .config("spark.local.dir", root.resolve("spark-local").toString())
        .enableHiveSupport()
        .getOrCreate();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      spark.stop();
      deleteQuietly(root);
    }, "test-spark-stop"));
    return spark;
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // Best effort at JVM exit; the folder is in the system temp dir.
    }
  }
}
