package io.outsidein.jobs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium in its own headless mode, as a child process: the DOM of a page after its scripts ran, with
 * what the browser printed (console messages among it), and a screenshot. No driver library: nothing joins the
 * test classpath. bin/install-test-tools installs it; when it is missing the test fails, saying so.
 */
public final class HeadlessChromium {
  public static final Path BINARY = Path.of("/usr/bin/chromium");
  /** Flags that keep a headless Chromium off the network on a closed machine (STACK.md; the machine notes). */
  private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--hide-scrollbars", "--virtual-time-budget=15000");

  private final Path work;

  public HeadlessChromium(Path work) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: the dashboard test needs Debian's chromium; run "
          + "bin/install-test-tools (mvn verify runs it) as root");
    }
    this.work = work;
  }

  /** What the page became after its scripts ran, and what the browser logged meanwhile (console included). */
  public record Page(String dom, String log) {}

  public Page dom(Path html) {
    List<String> command = command("--enable-logging=stderr", "--v=0", "--dump-dom", html.toUri().toString());
    Result result = run(command, "dom");
    return new Page(result.out(), result.err());
  }

  public void screenshot(Path html, Path png, int width, int height) {
    run(command("--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
        html.toUri().toString()), "screenshot");
    if (!Files.isRegularFile(png)) {
      throw new IllegalStateException("Chromium wrote no screenshot " + png);
    }
  }

  private List<String> command(String... extra) {
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + work.resolve("profile-" + System.nanoTime()));
    command.addAll(List.of(extra));
    return command;
  }

  private record Result(String out, String err) {}

  private Result run(List<String> command, String what) {
    try {
      Path out = Files.createTempFile(work, what, ".out");
      Path err = Files.createTempFile(work, what, ".err");
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Chromium did not finish within 120 s: " + command);
      }
      String errText = Files.readString(err, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": " + errText);
      }
      return new Result(Files.readString(out, StandardCharsets.UTF_8), errText);
    } catch (IOException e) {
      throw new IllegalStateException("Could not run " + BINARY + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while Chromium ran", e);
    }
  }
}
