package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.SystemTest;
import io.outsidein.jobs.testing.TinyWorld;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One catalog for many processes: with the catalog served by Derby's network server (conf/local.conf's default),
 * nights, maintain, the SQL endpoint and an analyst's {@code sql} share it, each in a JVM of its own as a scheduler
 * runs them; with the embedded catalog held by another JVM, the command says so in one sentence, with what to do,
 * and no Derby or DataNucleus lines.
 */
@SystemTest
class CatalogServerTest {
  private static final Path HOME = Path.of(System.getProperty("outsidein.home"));

  private static Process start(List<String> args, Path output, Path logs) throws Exception {
    List<String> jvm = List.of("-Dlog4j2.configurationFile=" + HOME.resolve("conf/log4j2.properties"),
        "-Doutsidein.log.dir=" + logs);
    return new ProcessBuilder(MainProcess.command(jvm, args)).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
  }

  private static List<String> withSettings(List<String> command, List<String> settings) {
    List<String> args = new ArrayList<>(command);
    settings.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    return args;
  }

  /**
   * The operations of a scheduled night, each in a JVM of its own on one served catalog: {@code outsidein serve}
   * answering JDBC throughout; a night that fails at its second stage (journeys finds its ownership table living
   * outside the warehouse, a table made through the endpoint); the night run again, which skips the stage that
   * finished and says so, while the endpoint and {@code outsidein sql} read its run log as it writes; {@code
   * maintain} compacting and vacuuming three tables, each logged; the endpoint stopping cleanly on SIGTERM.
   */
  @Test
  void aFailedNightResumesWhileTheEndpointAndSqlReadTheServedCatalog() throws Exception {
    Path folder = TestSpark.newFolder("served-catalog");
    Path logs = folder.resolve("logs");
    Path warehouse = TestSpark.root().resolve("tiny-served");
    int port = SqlEndpointTest.freePort();
    int endpointPort = SqlEndpointTest.freePort();
    String date = TinyWorld.FROM.toString();
    List<String> extra = new ArrayList<>(TestSpark.sizeSettings());
    extra.addAll(List.of(
        "outsidein.storage.metastore=" + folder.resolve("metastore_db"),
        "outsidein.storage.metastore-server.enabled=true",
        "outsidein.storage.metastore-server.port=" + port,
        "outsidein.storage.scratch=" + folder,
        "outsidein.storage.logs=" + logs,
        "outsidein.serve.port=" + endpointPort,
        "outsidein.maintain.vacuum-retention=0h"));
    List<String> settings = TinyWorld.generated().settings("served", extra);
    List<String> nightly = withSettings(List.of("nightly", "--date", date), settings);
    Process serve = start(withSettings(List.of("serve"), settings), folder.resolve("serve.out"), logs);
    Process night = null;
    try {
      String url = "jdbc:hive2://127.0.0.1:" + endpointPort + "/default";
      List<String> served = waitFor(folder.resolve("serve.out"), serve, "SQL endpoint:");
      assertThat(served).as(String.join("\n", served)).contains("SQL endpoint: " + url + " (catalog of "
          + warehouse + "); Ctrl-C or SIGTERM stops it.");
      assertThat(Files.readString(folder.resolve("serve.out")))
          .contains("Catalog: started Derby's network server on 127.0.0.1:" + port);

      // The first night fails at journeys, after ingest finished.
      execute(url, "CREATE DATABASE gold_served LOCATION '" + warehouse.resolve("gold_served.db").toUri() + "'",
          "CREATE TABLE gold_served.ownership (ownership_date DATE) USING delta LOCATION '"
              + TestSpark.newFolder("elsewhere").toUri() + "'");
      night = start(nightly, folder.resolve("night1.out"), logs);
      assertThat(night.waitFor(600, TimeUnit.SECONDS)).isTrue();
      String failedSaid = Files.readString(folder.resolve("night1.out"));
      assertThat(night.exitValue()).as(failedSaid).isNotZero();
      String failedRun = first(url, "SELECT max(run_id) FROM ops_served.run_log");
      assertThat(first(url, "SELECT count_if(stage = 'ingest' AND status = 'succeeded') > 0 FROM "
          + "ops_served.run_log")).as(failedSaid).isEqualTo("true");
      execute(url, "DROP TABLE gold_served.ownership");

      // Run again: ingest is skipped; the endpoint reads the run log while the night writes it, and so does sql.
      long before = runLogRows(url);
      night = start(nightly, folder.resolve("night2.out"), logs);
      long runLogRows = before;
      boolean nightRunning = true;
      while (runLogRows == before && (nightRunning = night.isAlive())) {
        runLogRows = runLogRows(url);
        Thread.sleep(1000);
      }
      assertThat(nightRunning).as("the endpoint read the run log while the night ran").isTrue();
      Path sqlOut = folder.resolve("sql.out");
      Process sql = start(withSettings(List.of("sql", "SELECT count(*) FROM ops_served.run_log"), settings), sqlOut,
          logs);
      assertThat(sql.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(sql.exitValue()).as(Files.readString(sqlOut)).isZero();
      assertThat(night.waitFor(600, TimeUnit.SECONDS)).isTrue();
      String nightSaid = Files.readString(folder.resolve("night2.out"));
      System.out.println("SERVED NIGHTS\n" + failedSaid + "\n" + nightSaid + "\nSQL\n" + Files.readString(sqlOut));
      assertThat(night.exitValue()).as(nightSaid).isZero();
      assertThat(runLogRows(url)).as("every stage's rows, read through the endpoint")
          .isEqualTo(TestSpark.session().read().format("delta").load(warehouse.resolve("ops_served.db")
              .resolve("run_log").toString()).count());
      String resumedRun = first(url, "SELECT max(run_id) FROM ops_served.run_log");
      assertThat(first(url, "SELECT count_if(stage = 'publish' AND source LIKE 'gold_served.dash_%') FROM "
          + "ops_served.run_log WHERE run_id = '" + resumedRun + "'")).as("publish ran and wrote its tables")
          .isEqualTo("10");
      assertThat(first(url, "SELECT concat_ws(',', collect_list(stage)) FROM ops_served.run_log WHERE run_id = '"
          + resumedRun + "' AND message LIKE 'finished for deliveries " + date + ".." + date + " by run " + failedRun
          + ", which stopped before the night%s end: skipped (--force runs it again)'")).isEqualTo("ingest");

      // Maintain, three tables (each takes seconds): the dashboard's, rewritten by both nights, with a second
      // small file to compact and then files to vacuum; a silver and a gold one written once.
      execute(url, "INSERT INTO gold_served.dash_freshness SELECT * FROM gold_served.dash_freshness");
      Process maintain = start(withSettings(List.of("maintain", "--table", "gold_served.dash_freshness", "--table",
          "silver_served.interactions", "--table", "gold_served.journeys"), settings), folder.resolve("maintain.out"),
          logs);
      assertThat(maintain.waitFor(600, TimeUnit.SECONDS)).isTrue();
      assertThat(maintain.exitValue()).as(Files.readString(folder.resolve("maintain.out"))).isZero();
      assertThat(first(url, "SELECT count(1) || '/' || count_if(message LIKE '%VACUUM deleted%') FROM "
          + "ops_served.run_log WHERE stage = 'maintain'")).isEqualTo("3/3");
      String dash = first(url, "SELECT rows_read || '|' || rows_written || '|' || message FROM ops_served.run_log "
          + "WHERE stage = 'maintain' AND source = 'gold_served.dash_freshness'");
      String[] parts = dash.split("\\|", 3);
      assertThat(Long.parseLong(parts[0])).as("files compacted: " + dash).isGreaterThanOrEqualTo(2);
      assertThat(parts[1]).as(dash).isEqualTo("1");
      java.util.regex.Matcher deleted = java.util.regex.Pattern.compile("VACUUM deleted ([0-9,]+) files")
          .matcher(parts[2]);
      assertThat(deleted.find()).as(dash).isTrue();
      assertThat(Long.parseLong(deleted.group(1).replace(",", ""))).as(dash).isGreaterThanOrEqualTo(2);
      assertThat(Long.parseLong(first(url, "SELECT count(*) FROM gold_served.dash_freshness"))).as("still readable")
          .isPositive();
      // The pseudonym key (here the development key, the nights set none) in no log and on no terminal of any
      // of the processes: every log file and every captured output searched.
      try (java.util.stream.Stream<Path> written = Files.walk(folder)) {
        List<Path> said = written.filter(Files::isRegularFile)
            .filter(f -> f.startsWith(logs) || f.getFileName().toString().endsWith(".out")).toList();
        assertThat(said).isNotEmpty();
        for (Path f : said) {
          assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString())
              .doesNotContain("outsidein-development-pseudonym-key-not-for-real-data");
        }
      }

      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
      List<String> serveSaid = Files.readAllLines(folder.resolve("serve.out"));
      assertThat(serve.exitValue()).as(String.join("\n", serveSaid)).isEqualTo(143);
      assertThat(serveSaid).contains("SQL endpoint stopped (SIGTERM).");
      assertThatThrownBy(() -> new Socket("127.0.0.1", endpointPort).close()).isInstanceOf(IOException.class);
    } finally {
      if (night != null) {
        night.destroyForcibly();
      }
      serve.destroyForcibly();
      assertThat(Main.execute(withSettings(List.of("catalog", "stop"), settings).toArray(new String[0])))
          .isEqualTo(ExitCodes.SUCCESS);
    }
    assertThat(Main.execute(withSettings(List.of("catalog", "status"), settings).toArray(new String[0])))
        .as("stopped").isEqualTo(ExitCodes.STAGE_FAILED);
  }

  private static void execute(String url, String... statements) throws java.sql.SQLException {
    try (Connection connection = DriverManager.getConnection(url, "scheduler", "");
        java.sql.Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The first column of the first row, as text. */
  private static String first(String url, String query) throws java.sql.SQLException {
    try (Connection connection = DriverManager.getConnection(url, "analyst", "");
        ResultSet rows = connection.createStatement().executeQuery(query)) {
      assertThat(rows.next()).as(query).isTrue();
      return rows.getString(1);
    }
  }

  private static long runLogRows(String url) {
    try (Connection connection = DriverManager.getConnection(url, "analyst", "");
        ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM ops_served.run_log")) {
      rows.next();
      return rows.getLong(1);
    } catch (java.sql.SQLException e) {
      return 0; // not created yet, or the endpoint still starting
    }
  }

  private static List<String> waitFor(Path output, Process process, String prefix) throws Exception {
    List<String> said = List.of();
    for (int i = 0; i < 480 && process.isAlive() && said.stream().noneMatch(l -> l.startsWith(prefix)); i++) {
      Thread.sleep(500);
      said = Files.readAllLines(output, StandardCharsets.UTF_8);
    }
    return said;
  }

  @Test
  void anEmbeddedCatalogHeldByAnotherProcessIsSaidInOneSentence() throws Exception {
    // This JVM's own session holds its embedded catalog.
    TestSpark.session().sql("SHOW DATABASES").collectAsList();
    Path folder = TestSpark.newFolder("held-catalog");
    Path out = folder.resolve("sql.out");
    Process sql = start(List.of("sql", "SHOW DATABASES",
        "--set", "outsidein.storage.metastore=" + TestSpark.root().resolve("metastore_db"),
        "--set", "outsidein.storage.warehouse=" + folder.resolve("warehouse"),
        "--set", "outsidein.storage.scratch=" + folder,
        "--set", "outsidein.storage.logs=" + folder.resolve("logs")), out, folder.resolve("logs"));
    assertThat(sql.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String said = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(sql.exitValue()).as(said).isEqualTo(ExitCodes.STAGE_FAILED);
    assertThat(said).contains("The catalog is in use by another outsidein process",
        "outsidein.storage.metastore-server.enabled = true");
    assertThat(said).doesNotContain("ERROR", "DataNucleus", "\tat ", "Exception");
    assertThat(folder.resolve("logs").resolve("outsidein.log")).content().contains("Another instance of Derby");
    assertThat(new File(folder.toFile(), "derby.log")).doesNotExist();
  }
}
