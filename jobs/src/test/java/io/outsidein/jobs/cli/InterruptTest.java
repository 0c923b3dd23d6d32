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
 * SIGTERM (what a scheduler sends to stop a job, and {@link Process#destroy()} sends) during a long query, in a
 * process of its own: one sentence and exit 143, not a failure about a stopped SparkContext.
 */
class InterruptTest {
  @Test
  void aRunStoppedBySigtermSaysSoAndExits143() throws IOException, InterruptedException {
    Path folder = TestSpark.newFolder("interrupt");
    List<String> command = MainProcess.command(List.of(), List.of(
        "sql", "SELECT sum(id % 7) FROM range(0, 1000000000000)",
        "--set", "outsidein.storage.warehouse=" + folder.resolve("warehouse"),
        "--set", "outsidein.storage.metastore=" + folder.resolve("metastore_db"),
        "--set", "outsidein.storage.scratch=" + folder.resolve("tmp"),
        "--set", "outsidein.spark.master=local[1]"));
    Path err = folder.resolve("err.txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile())
        .redirectOutput(folder.resolve("out.txt").toFile()).directory(folder.toFile());
    builder.environment().put("OUTSIDEIN_LOG_DIR", folder.resolve("logs").toString());
    Process process = builder.start();
    try {
      // The query is under way once Spark has started: wait for its first stage's warning line or a few seconds.
      long deadline = System.currentTimeMillis() + 90_000;
      while (System.currentTimeMillis() < deadline && !Files.readString(err).contains("Note:")) {
        Thread.sleep(200);
      }
      Thread.sleep(8_000);
      process.destroy();
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    String said = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(said).isEqualTo(143);
    assertThat(said).contains("Interrupted by SIGTERM").doesNotContain("stopped SparkContext")
        .doesNotContain("\tat ");
  }
}
