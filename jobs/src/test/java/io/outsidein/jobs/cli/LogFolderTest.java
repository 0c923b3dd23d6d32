package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The log file follows the configuration, not the folder a run is started from: a run started in one folder with
 * its home in another logs there, with the project's own log4j configuration, and leaves the first folder clean.
 */
class LogFolderTest {
  @Test
  void aRunStartedElsewhereLogsUnderItsHome() throws IOException, InterruptedException {
    Path startedIn = Files.createDirectories(TestSpark.newFolder("log-folder").resolve("started-in"));
    Path home = startedIn.resolveSibling("home");
    // A stage setting that does not parse: exit 2 at start-up, before Spark, logged like any failure.
    List<String> command = MainProcess.command(
        List.of("-Dlog4j2.configurationFile=" + Path.of(System.getProperty("outsidein.home"), "conf", "log4j2.properties")),
        List.of("journeys", "--date", "2026-03-01", "--set", "outsidein.storage.home=" + home,
            "--set", "outsidein.journeys.inactivity-gap=soon"));
    Path err = startedIn.resolveSibling("err.txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(startedIn.toFile())
        .redirectError(err.toFile()).redirectOutput(startedIn.resolveSibling("out.txt").toFile());
    builder.environment().remove("OUTSIDEIN_HOME");
    builder.environment().remove("OUTSIDEIN_LOG_DIR");
    Process process = builder.start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    String said = Files.readString(err, StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(said).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(said).contains("inactivity-gap");
    Path log = home.resolve("data/logs/outsidein.log");
    assertThat(log).exists();
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .contains("outsidein.storage.home").contains("inactivity-gap").contains("exit 2");
    try (var left = Files.list(startedIn)) {
      assertThat(left).as("files left in the folder the run was started from").isEmpty();
    }
  }
}
