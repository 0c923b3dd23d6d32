package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/outsidein} as a scheduler runs it, output not a terminal: the first-run build leaves no terminal
 * escape codes in what it prints. A stand-in {@code mvn} prints what Maven prints (colour resets even in batch
 * mode) and a stand-in {@code java} says it ran, so the launcher is checked without a nested build.
 */
class LauncherTest {
  @Test
  void theFirstRunBuildPrintsNoEscapeCodes() throws IOException, InterruptedException {
    Path home = TestSpark.newFolder("launcher");
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.copy(Path.of(System.getProperty("outsidein.home"), "bin", "outsidein"), bin.resolve("outsidein"));
    Files.createDirectories(home.resolve("common/src"));
    Files.createDirectories(home.resolve("jobs/src"));
    Files.writeString(home.resolve("pom.xml"), "<project/>");
    Path tools = Files.createDirectories(home.resolve("tools"));
    script(tools.resolve("mvn"), "printf '\\033[0m\\033[0m[INFO] \\033[1mBUILD SUCCESS\\033[m\\n' >&2\n"
        + "mkdir -p jobs/target/lib && touch jobs/target/outsidein-jobs.jar\n");
    script(tools.resolve("java"), "echo \"java ran: $*\" | grep -o 'io.outsidein.jobs.cli.Main.*'\n");
    script(bin.resolve("outsidein"), null);

    ProcessBuilder builder = new ProcessBuilder(bin.resolve("outsidein").toString(), "runs")
        .redirectOutput(home.resolve("out.txt").toFile()).redirectError(home.resolve("err.txt").toFile());
    builder.environment().put("PATH", tools + ":/usr/bin:/bin");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String err = Files.readString(home.resolve("err.txt"), StandardCharsets.UTF_8);
    String out = Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(err).isZero();
    assertThat(err).contains("Building outsidein", "[INFO] BUILD SUCCESS").doesNotContain("\u001b");
    assertThat(out).contains("io.outsidein.jobs.cli.Main runs --conf " + home + "/conf/local.conf");
  }

  /** Writes {@code text} to an executable file (or only makes the file executable when text is null). */
  private static void script(Path file, String text) throws IOException {
    if (text != null) {
      Files.writeString(file, "#!/usr/bin/env bash\n" + text);
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
