package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import io.outsidein.jobs.testing.JdbcClient;
import io.outsidein.jobs.testing.TestOrder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The SQL endpoint over the shared acceptance warehouse, started in this JVM as {@code outsidein serve} starts it,
 * queried as a BI tool or a notebook does: from other processes, over JDBC, by table name.
 */
@Order(TestOrder.READS_A_SHARED_WORLD)
// Alone in the JVM while it runs: Hive's embedded metastore code in this JVM is not safe for the endpoint's
// session openings while other test classes run catalog work on other threads (seen in CI: a session's opening
// failed with a NullPointerException on the PersistenceManager). In `outsidein serve` the endpoint has its JVM alone.
@org.junit.jupiter.api.parallel.Isolated
class SqlEndpointTest {
  private static SqlEndpoint endpoint;

  @BeforeAll
  static void start() throws IOException {
    assertThat(AcceptanceWarehouse.get().nightlyExit()).isEqualTo(ExitCodes.SUCCESS);
    endpoint = SqlEndpoint.start(TestSpark.session(), freePort(), TestSpark.newFolder("endpoint"));
    // Stays up until the JVM ends: stopping Spark's Thrift server also tears down state the shared session uses.
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Runs {@link JdbcClient} in a JVM of its own; returns its lines, one per statement. */
  static List<String> client(String url, List<String> statements) throws Exception {
    List<String> args = new ArrayList<>(List.of(url));
    args.addAll(statements);
    Process process = new ProcessBuilder(MainProcess.command(List.of(), JdbcClient.class.getName(), args))
        .redirectErrorStream(false).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(err).isZero();
    return out.lines().toList();
  }

  @Test
  void everyGoldTableIsReadByNameFromAnotherProcess() throws Exception {
    List<String> tables = TestSpark.session().sql("SHOW TABLES IN " + AcceptanceWarehouse.GOLD).collectAsList()
        .stream().filter(r -> !r.getBoolean(2)).map(r -> r.getString(1)).sorted().toList();
    assertThat(tables).contains("journeys", "cx_scorecard_daily", "customer_scores", "insights", "dash_scorecard",
        "transfer_outcomes");
    List<String> statements = tables.stream()
        .map(t -> "SELECT count(*) FROM " + AcceptanceWarehouse.GOLD + "." + t).toList();
    List<String> lines = client(endpoint.jdbcUrl(), statements);
    assertThat(lines).hasSize(tables.size());
    for (int i = 0; i < tables.size(); i++) {
      long expected = TestSpark.session().table(AcceptanceWarehouse.GOLD + "." + tables.get(i)).count();
      assertThat(lines.get(i)).as(tables.get(i)).isEqualTo("1\t" + expected);
    }
  }

  @Test
  void deltaTimeTravelWorksThroughIt() throws Exception {
    String table = AcceptanceWarehouse.GOLD + ".insights";
    List<Row> history = TestSpark.session().sql("DESCRIBE HISTORY " + table).collectAsList();
    long latest = history.stream().mapToLong(r -> r.getLong(0)).max().orElseThrow();
    assertThat(latest).isPositive();
    List<String> lines = client(endpoint.jdbcUrl(), List.of(
        "SELECT count(*) FROM " + table + " VERSION AS OF 0",
        "SELECT count(*) FROM " + table + " VERSION AS OF " + latest,
        "DESCRIBE HISTORY " + table));
    // Version 0 is the empty table the night created before its first write.
    assertThat(lines.get(0)).isEqualTo("1\t0");
    assertThat(lines.get(1)).isEqualTo("1\t" + TestSpark.session().table(table).count());
    assertThat(lines.get(2)).isEqualTo(history.size() + "\t" + latest);
  }

  @Test
  void theAnalystNotebooksRunAgainstIt() throws Exception {
    Path home = Path.of(System.getProperty("outsidein.home"));
    Path out = TestSpark.newFolder("notebooks");
    ProcessBuilder builder = new ProcessBuilder(home.resolve("notebooks").resolve("run-notebooks").toString(),
        out.toString()).redirectErrorStream(true);
    builder.environment().put("OUTSIDEIN_JDBC_URL", endpoint.jdbcUrl());
    builder.environment().put("OUTSIDEIN_GOLD", AcceptanceWarehouse.GOLD);
    // The JDBC driver from this JVM's class path: jobs/target/lib, the notebooks' default, is made after the tests.
    builder.environment().put("OUTSIDEIN_JDBC_CLASSPATH", System.getProperty("java.class.path"));
    Process process = builder.start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(600, TimeUnit.SECONDS)).isTrue();
    System.out.println("NOTEBOOKS\n" + log);
    assertThat(process.exitValue()).as(log).isZero();
    List<Path> notebooks;
    try (var files = Files.list(home.resolve("notebooks"))) {
      notebooks = files.filter(p -> p.getFileName().toString().matches("[0-9].*\\.ipynb")).sorted().toList();
    }
    assertThat(notebooks).hasSizeGreaterThanOrEqualTo(4);
    for (Path notebook : notebooks) {
      Path executed = out.resolve(notebook.getFileName());
      assertThat(executed).as("executed " + notebook.getFileName()).isRegularFile();
      String text = Files.readString(executed);
      assertThat(text).as(notebook.getFileName() + " drew a chart").contains("image/png");
      assertThat(text).as(notebook.getFileName().toString()).doesNotContain("\"output_type\": \"error\"");
    }
  }
}
