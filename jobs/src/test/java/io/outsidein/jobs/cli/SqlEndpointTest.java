package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import io.outsidein.jobs.testing.JdbcClient;
import io.outsidein.jobs.testing.SystemTest;
import io.outsidein.jobs.testing.TestOrder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code outsidein serve} in a JVM of its own, as a user starts it, queried as a BI tool or a notebook does: from
 * other processes, over JDBC, by table name. Its catalog is a fresh one of its own, to which the acceptance
 * warehouse's gold tables are attached by location through the endpoint (as an analyst attaches Delta tables
 * written elsewhere), its views made again over them; this test JVM holds the acceptance catalog itself.
 *
 * <p>Not in this JVM: Spark's Thrift server shares Hive's static metastore state (one persistence manager factory
 * for the catalog and the server's in-memory execution metastore) with every other thread, and in the test JVM,
 * where other classes ran catalog work, a session's opening failed now and then with a NullPointerException on
 * the PersistenceManager (seen in CI twice).
 */
@Order(TestOrder.READS_A_SHARED_WORLD)
@SystemTest
class SqlEndpointTest {
  /** The served catalog's database holding the acceptance world's gold tables. */
  private static final String ATTACHED = "gold_attached";

  private static Process serve;
  private static Path output;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    assertThat(AcceptanceWarehouse.get().nightlyExit()).isEqualTo(ExitCodes.SUCCESS);
    Path folder = TestSpark.newFolder("endpoint");
    int port = freePort();
    output = folder.resolve("serve.out");
    Path logs = folder.resolve("logs");
    List<String> args = new ArrayList<>(List.of("serve"));
    List<String> settings = new ArrayList<>(TestSpark.sizeSettings());
    settings.addAll(List.of("outsidein.storage.warehouse=" + folder.resolve("warehouse"),
        "outsidein.storage.metastore=" + folder.resolve("metastore_db"),
        "outsidein.storage.metastore-server.enabled=false",
        "outsidein.storage.scratch=" + folder,
        "outsidein.storage.logs=" + logs,
        "outsidein.serve.port=" + port));
    for (String setting : settings) {
      args.add("--set");
      args.add(setting);
    }
    serve = new ProcessBuilder(MainProcess.command(List.of("-Dlog4j2.configurationFile="
        + Path.of(System.getProperty("outsidein.home")).resolve("conf/log4j2.properties"),
        "-Doutsidein.log.dir=" + logs), args)).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    url = "jdbc:hive2://127.0.0.1:" + port + "/default";
    List<String> said = List.of();
    for (int i = 0; i < 480 && serve.isAlive() && said.stream().noneMatch(l -> l.startsWith("SQL endpoint:")); i++) {
      Thread.sleep(500);
      said = Files.readAllLines(output, StandardCharsets.UTF_8);
    }
    assertThat(said).as(String.join("\n", said)).anyMatch(l -> l.startsWith("SQL endpoint: " + url + " "));
    try (Connection connection = DriverManager.getConnection(url, "analyst", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + ATTACHED + " LOCATION '" + folder.resolve("attached.db").toUri() + "'");
      List<String> views = new ArrayList<>();
      for (String table : goldTables()) {
        if (TestSpark.session().catalog().getTable(AcceptanceWarehouse.GOLD, table).tableType().equals("VIEW")) {
          views.add(table);
        } else {
          statement.execute("CREATE TABLE " + ATTACHED + "." + table + " USING delta LOCATION '" + location(table)
              + "'");
        }
      }
      // The views as the night made them, over the attached tables.
      for (String view : views) {
        statement.execute(TestSpark.session().sql("SHOW CREATE TABLE " + AcceptanceWarehouse.GOLD + "." + view)
            .first().getString(0).replaceAll("\\b" + AcceptanceWarehouse.GOLD + "\\b", ATTACHED));
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve == null) {
      return; // never started: start() said why
    }
    serve.destroy(); // SIGTERM, as a scheduler or Ctrl-C stops it
    assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(serve.exitValue()).as(Files.readString(output)).isEqualTo(143);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static List<String> goldTables() {
    return TestSpark.session().sql("SHOW TABLES IN " + AcceptanceWarehouse.GOLD).collectAsList().stream()
        .filter(r -> !r.getBoolean(2)).map(r -> r.getString(1)).sorted().toList();
  }

  private static String location(String table) {
    return TestSpark.session().sql("DESCRIBE DETAIL " + AcceptanceWarehouse.GOLD + "." + table).first()
        .getAs("location");
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
    List<String> tables = goldTables();
    assertThat(tables).contains("journeys", "cx_scorecard_daily", "customer_scores", "insights", "dash_scorecard",
        "transfer_outcomes");
    List<String> statements = tables.stream().map(t -> "SELECT count(*) FROM " + ATTACHED + "." + t).toList();
    List<String> lines = client(url, statements);
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
    String attached = ATTACHED + ".insights";
    List<String> lines = client(url, List.of(
        "SELECT count(*) FROM " + attached + " VERSION AS OF 0",
        "SELECT count(*) FROM " + attached + " VERSION AS OF " + latest,
        "DESCRIBE HISTORY " + attached));
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
    builder.environment().put("OUTSIDEIN_JDBC_URL", url);
    builder.environment().put("OUTSIDEIN_GOLD", ATTACHED);
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
