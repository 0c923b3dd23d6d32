package io.outsidein.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster jar as a data engineer submits it: a Spark standalone master and worker on loopback, started from
 * Maven's Spark jars (the module's provided dependencies as SPARK_HOME/jars), and {@code spark-submit} of
 * {@code outsidein-cluster.jar nightly} with {@code conf/cluster.conf}. The same jar runs the same night in local
 * mode; both must write the same tables: the same names, counts and content hashes.
 */
class ClusterNightIT {
  private static final String DATE = "2026-05-01";
  private static final String MAIN = "io.outsidein.jobs.cli.Main";
  /** Both runs use the same key (the cluster profile refuses the development key): the same pseudonyms. */
  private static final String KEY = "cluster-test-pseudonym-key-0123456789abcdef";

  private static final Path HOME = Path.of(System.getProperty("outsidein.home")).toAbsolutePath().normalize();
  private static final Path JAR = Path.of(System.getProperty("cluster.jar")).toAbsolutePath();
  private static final List<String> JVM_FLAGS = Arrays.stream(System.getProperty("spark.jvm.flags").trim()
      .split("\\s+")).toList();

  private static Path work;
  private static Path sparkHome;
  private static final List<Process> DAEMONS = new ArrayList<>();

  @BeforeAll
  static void setUp() throws IOException {
    work = Path.of("target", "cluster-it").toAbsolutePath();
    deleteRecursively(work);
    sparkHome = work.resolve("spark-home");
    Files.createDirectories(sparkHome.resolve("jars"));
    // No log4j2.properties in conf/: the master, worker and executors log at Spark's default, INFO, to stderr.
    Files.createDirectories(sparkHome.resolve("conf"));
    for (String jar : Files.readString(Path.of(System.getProperty("spark.classpath"))).trim().split(":")) {
      Path target = Path.of(jar);
      Files.createSymbolicLink(sparkHome.resolve("jars").resolve(target.getFileName()), target);
    }
  }

  @AfterAll
  static void stopDaemons() {
    DAEMONS.forEach(Process::destroy);
    for (Process daemon : DAEMONS) {
      try {
        if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
          daemon.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void aNightOnAStandaloneClusterWritesWhatLocalModeWrites() throws Exception {
    Path raw = work.resolve("raw");
    run("generate", localClasspath(), List.of(MAIN, "generate", "--from", DATE, "--to", DATE, "--customers", "300",
        "--bad-rate", "0.01", "--out", raw.toString()), settings("generate", raw));
    // One after the other: side by side they took as long on two cores (both busy, 7.5 min against 7).
    run("local night", localClasspath(), List.of(MAIN, "nightly", "--date", DATE), settings("local", raw));

    int masterPort = freePort();
    String master = "spark://127.0.0.1:" + masterPort;
    startDaemon("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())), "Starting Spark master");
    startDaemon("worker", List.of("org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1",
        "--cores", "2", "--memory", "2g", "--webui-port", String.valueOf(freePort()), "--work-dir",
        work.resolve("worker").toString()), "Successfully registered with master");

    List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master,
        "--class", MAIN, "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.ui.enabled=false", JAR.toString(), "nightly",
        "--date", DATE, "--conf", HOME.resolve("conf/cluster.conf").toString()));
    run("cluster night", sparkClasspath(), submit, settings("cluster", raw));

    // The stages ran as tasks on the worker's executors, not in the driver.
    List<Path> executorLogs;
    try (Stream<Path> files = Files.walk(work.resolve("worker"))) {
      executorLogs = files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
    }
    assertThat(executorLogs).isNotEmpty();
    long tasks = 0;
    for (Path log : executorLogs) {
      tasks += Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains("Running task"))
          .count();
    }
    System.out.println("TASKS run by the worker's executors: " + tasks);
    assertThat(tasks).as("tasks run by the worker's executors").isGreaterThan(100);

    SparkSession spark = TableDigest.session(work.resolve("reader"));
    try {
      Map<String, TableDigest.Digest> local = TableDigest.of(spark, warehouse("local"));
      Map<String, TableDigest.Digest> cluster = TableDigest.of(spark, warehouse("cluster"));
      System.out.println("TABLES (local mode)\n" + local);
      assertThat(local).containsKeys("silver.db/interactions", "gold.db/journeys", "gold.db/customer_scores",
          "gold.db/insights", "gold.db/dash_scorecard");
      assertThat(local.values().stream().mapToLong(TableDigest.Digest::rows).sum()).isGreaterThan(1000);
      assertThat(cluster.keySet()).isEqualTo(local.keySet());
      List<String> differences = new ArrayList<>();
      for (String table : local.keySet()) {
        if (!local.get(table).equals(cluster.get(table))) {
          differences.add(table + ": local " + local.get(table) + ", cluster " + cluster.get(table) + "; columns "
              + TableDigest.columnsThatDiffer(spark, warehouse("local"), warehouse("cluster"), table));
        }
      }
      assertThat(differences).as("tables the cluster wrote otherwise").isEmpty();
    } finally {
      spark.stop();
    }
  }

  private static Path warehouse(String name) {
    return work.resolve(name).resolve("warehouse");
  }

  /** Each run's own warehouse, catalog (embedded Derby in the driver), scratch and logs; the same raw data. */
  private static List<String> settings(String name, Path raw) {
    Path folder = work.resolve(name);
    return List.of("outsidein.storage.raw=" + raw, "outsidein.storage.warehouse=" + warehouse(name),
        "outsidein.storage.metastore=" + folder.resolve("metastore_db"), "outsidein.storage.scratch=" + folder,
        "outsidein.storage.logs=" + folder.resolve("logs"),
        // A day of 300 customers holds a handful of orders and surveys: one bad record is a large share.
        "outsidein.ingest.max-quarantine-share=1.0",
        // The same partitioning in both modes: sums of doubles then add up in the same order. Two, the worker's
        // cores: a tiny-world night took a third less CPU than at reference.conf's 8 (BENCHMARKS.md, "Test suite").
        "outsidein.spark.shuffle-partitions=2",
        // What the test JVMs do, for speed on a few thousand rows: Delta's state in two tasks, not fifty, and
        // expressions interpreted, not compiled (STACK.md, BENCHMARKS.md "Test suite").
        "outsidein.spark.extra.\"spark.databricks.delta.snapshotPartitions\"=2",
        "outsidein.spark.extra.\"spark.sql.codegen.wholeStage\"=false",
        "outsidein.spark.extra.\"spark.sql.codegen.factoryMode\"=NO_CODEGEN");
  }

  /** The cluster jar with Spark beside it: local mode, as on a machine with a Spark install. */
  private static String localClasspath() {
    return JAR + ":" + sparkClasspath();
  }

  private static String sparkClasspath() {
    return sparkHome.resolve("conf") + "/:" + sparkHome.resolve("jars") + "/*";
  }

  private static ProcessBuilder java(String name, String classpath, List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx1500m"));
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-Dlog4j2.configurationFile=" + HOME.resolve("conf/log4j2.properties"),
        "-Doutsidein.log.dir=" + work.resolve(name).resolve("logs"), "-cp", classpath));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".out").toFile());
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    // Else every executor fails: "Cannot find any build directories" (the worker's command builder).
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    builder.environment().put("OUTSIDEIN_PSEUDONYM_KEY", KEY);
    return builder;
  }

  /** {@code java <main> <args> --set <settings>...} with the given class path; it must end with exit 0. */
  private static void run(String what, String classpath, List<String> args, List<String> settings)
      throws Exception {
    List<String> all = new ArrayList<>(args);
    settings.forEach(s -> {
      all.add("--set");
      all.add(s);
    });
    String name = what.replace(' ', '-');
    Files.createDirectories(work.resolve(name));
    Process process = java(name, classpath, all).start();
    boolean ended = process.waitFor(900, TimeUnit.SECONDS);
    String said = Files.readString(work.resolve(name + ".out"), StandardCharsets.UTF_8);
    System.out.println(what.toUpperCase(java.util.Locale.ROOT) + "\n" + said);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as(what + " ended within 15 minutes").isTrue();
    assertThat(process.exitValue()).as(what + ": " + said).isZero();
  }

  /** A master or worker, with Spark's own log4j2 defaults, waited for until it says {@code ready}. */
  private static void startDaemon(String name, List<String> args, String ready) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx512m"));
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-cp", sparkClasspath()));
    command.addAll(args);
    Path out = work.resolve(name + ".out");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    Process process = builder.start();
    DAEMONS.add(process);
    for (int i = 0; i < 240 && process.isAlive(); i++) {
      if (Files.readString(out, StandardCharsets.UTF_8).contains(ready)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(name + " not ready: " + Files.readString(out, StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
