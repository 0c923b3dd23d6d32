package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.testing.TestSpark;
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
 * a night, the SQL endpoint and an analyst's {@code sql} run at the same time; with the embedded catalog held by another JVM, the
 * command says so in one sentence, with what to do, and no Derby or DataNucleus lines.
 */
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
   * A night, {@code outsidein serve} and {@code outsidein sql} on one served catalog at once: the endpoint answers
   * JDBC while the night writes, {@code sql} reads the night's run log, and the endpoint stops cleanly on SIGTERM.
   */
  @Test
  void aNightTheEndpointAndSqlShareTheServedCatalog() throws Exception {
    Path folder = TestSpark.newFolder("served-catalog");
    Path logs = folder.resolve("logs");
    int port = SqlEndpointTest.freePort();
    int endpointPort = SqlEndpointTest.freePort();
    List<String> settings = TinyWorld.generated().settings("served", List.of(
        "outsidein.storage.metastore=" + folder.resolve("metastore_db"),
        "outsidein.storage.metastore-server.enabled=true",
        "outsidein.storage.metastore-server.port=" + port,
        "outsidein.storage.scratch=" + folder,
        "outsidein.storage.logs=" + logs,
        "outsidein.serve.port=" + endpointPort));
    Process night = start(withSettings(List.of("nightly", "--date", TinyWorld.FROM.toString()), settings),
        folder.resolve("night.out"), logs);
    Process serve = start(withSettings(List.of("serve"), settings), folder.resolve("serve.out"), logs);
    try {
      String url = "jdbc:hive2://127.0.0.1:" + endpointPort + "/default";
      List<String> served = waitFor(folder.resolve("serve.out"), serve, "SQL endpoint:");
      assertThat(served).as(String.join("\n", served)).contains("SQL endpoint: " + url + " (catalog of "
          + TestSpark.root().resolve("tiny-served") + "); Ctrl-C or SIGTERM stops it.");
      // Through the endpoint while the night runs: the run log has rows once the first stage has finished.
      long runLogRows = 0;
      boolean nightRunning = true;
      while (runLogRows == 0 && (nightRunning = night.isAlive())) {
        runLogRows = runLogRows(url);
        Thread.sleep(1000);
      }
      assertThat(nightRunning).as("the endpoint read the run log while the night ran").isTrue();
      assertThat(runLogRows).isPositive();

      Path sqlOut = folder.resolve("sql.out");
      Process sql = start(withSettings(List.of("sql", "SELECT count(*) FROM ops_served.run_log"), settings), sqlOut,
          logs);
      assertThat(sql.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(sql.exitValue()).as(Files.readString(sqlOut)).isZero();

      assertThat(night.waitFor(600, TimeUnit.SECONDS)).isTrue();
      String nightSaid = Files.readString(folder.resolve("night.out"));
      System.out.println("SERVED NIGHT\n" + nightSaid + "\nSQL\n" + Files.readString(sqlOut));
      assertThat(night.exitValue()).as(nightSaid).isZero();
      assertThat(nightSaid + Files.readString(folder.resolve("serve.out")))
          .contains("Catalog: started Derby's network server on 127.0.0.1:" + port);
      assertThat(runLogRows(url)).as("every stage's rows, read through the endpoint")
          .isEqualTo(TestSpark.session().read().format("delta").load(TestSpark.root().resolve("tiny-served")
              .resolve("ops_served.db").resolve("run_log").toString()).count());

      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
      List<String> serveSaid = Files.readAllLines(folder.resolve("serve.out"));
      assertThat(serve.exitValue()).as(String.join("\n", serveSaid)).isEqualTo(143);
      assertThat(serveSaid).contains("SQL endpoint stopped (SIGTERM).");
      assertThatThrownBy(() -> new Socket("127.0.0.1", endpointPort).close()).isInstanceOf(IOException.class);
    } finally {
      night.destroyForcibly();
      serve.destroyForcibly();
      assertThat(Main.execute(withSettings(List.of("catalog", "stop"), settings).toArray(new String[0])))
          .isEqualTo(ExitCodes.SUCCESS);
    }
    assertThat(Main.execute(withSettings(List.of("catalog", "status"), settings).toArray(new String[0])))
        .as("stopped").isEqualTo(ExitCodes.STAGE_FAILED);
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
