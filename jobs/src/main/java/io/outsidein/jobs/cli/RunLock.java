package io.outsidein.jobs.cli;

import io.outsidein.common.runlog.RunContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run lock: a run that writes (a stage's command, nightly, demo) holds a lock over its delivery dates, one
 * small file per run under {@code <warehouse>/_outsidein/locks}. A second run whose dates overlap a held lock is
 * refused with one sentence naming the running run; runs over other dates go on. The holder refreshes its lock
 * every minute; a lock not refreshed within {@code outsidein.run-lock.expire-after} was left by a run that was
 * killed: the next run says so, removes it and goes on.
 */
final class RunLock implements AutoCloseable {
  static final String FOLDER = "_outsidein/locks";
  private static final Duration REFRESH = Duration.ofMinutes(1);

  private final FileSystem fs;
  private final Path file;
  private final Properties content;
  private final ScheduledExecutorService refresher;

  private RunLock(FileSystem fs, Path file, Properties content) {
    this.fs = fs;
    this.file = file;
    this.content = content;
    this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "outsidein-run-lock");
      thread.setDaemon(true);
      return thread;
    });
    refresher.scheduleAtFixedRate(this::refresh, REFRESH.toSeconds(), REFRESH.toSeconds(), TimeUnit.SECONDS);
  }

  /** A lock held by a run: what the refusal or the expiry says of it. */
  record Held(String runId, String command, LocalDate from, LocalDate to, Instant started, Instant refreshed,
      String host) {
    boolean overlaps(LocalDate otherFrom, LocalDate otherTo) {
      return !from.isAfter(otherTo) && !otherFrom.isAfter(to);
    }

    String describe() {
      return "run " + runId + " (`outsidein " + command + "` over " + from + ".." + to + ", started " + started
          + " on " + host + ")";
    }
  }

  /**
   * Takes the lock for {@code run}, or refuses with {@link RunLockedException} when a live run holds
   * overlapping dates. Expired locks are removed, and said on {@code out}.
   */
  static RunLock acquire(Configuration hadoop, String warehouseUri, RunContext run, String command,
      Duration expireAfter, java.io.PrintStream out) {
    Path folder = new Path(warehouseUri.replaceAll("/+$", "") + "/" + FOLDER);
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      fs.setWriteChecksum(false);
      fs.mkdirs(folder);
      Instant now = Instant.now();
      for (Held held : held(fs, folder)) {
        if (held.refreshed().plus(expireAfter).isBefore(now)) {
          out.println("Run lock: the lock of " + held.describe() + " was last refreshed at " + held.refreshed()
              + ", more than " + expireAfter.toMinutes() + " minutes ago (outsidein.run-lock.expire-after): that run "
              + "was killed; its lock is removed.");
          fs.delete(new Path(folder, held.runId() + ".lock"), false);
        } else if (held.overlaps(run.from(), run.to())) {
          throw new RunLockedException(run, held);
        }
      }
      Properties content = new Properties();
      content.setProperty("run_id", run.runId());
      content.setProperty("command", command);
      content.setProperty("from", run.from().toString());
      content.setProperty("to", run.to().toString());
      content.setProperty("started", run.startedAt().toString());
      content.setProperty("refreshed", now.toString());
      content.setProperty("host", host());
      Path file = new Path(folder, run.runId() + ".lock");
      write(fs, file, content, false);
      // Two runs may have listed at the same moment: the one with the smaller id keeps the lock.
      for (Held held : held(fs, folder)) {
        if (!held.runId().equals(run.runId()) && held.overlaps(run.from(), run.to())
            && held.runId().compareTo(run.runId()) < 0) {
          fs.delete(file, false);
          throw new RunLockedException(run, held);
        }
      }
      return new RunLock(fs, file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot take the run lock under " + folder + ": " + e.getMessage(), e);
    }
  }

  private static List<Held> held(FileSystem fs, Path folder) throws IOException {
    List<Held> held = new ArrayList<>();
    for (FileStatus status : fs.listStatus(folder, p -> p.getName().endsWith(".lock"))) {
      read(fs, status.getPath()).ifPresent(held::add);
    }
    return held;
  }

  private static Optional<Held> read(FileSystem fs, Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = fs.open(file)) {
      p.load(in);
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty(); // released meanwhile
    }
    try {
      return Optional.of(new Held(p.getProperty("run_id"), p.getProperty("command"),
          LocalDate.parse(p.getProperty("from")), LocalDate.parse(p.getProperty("to")),
          Instant.parse(p.getProperty("started")), Instant.parse(p.getProperty("refreshed")),
          p.getProperty("host", "?")));
    } catch (RuntimeException e) {
      // Half-written by a run killed while writing it: as good as expired.
      return Optional.of(new Held(file.getName().replace(".lock", ""), "?", LocalDate.MIN, LocalDate.MIN,
          Instant.EPOCH, Instant.EPOCH, "?"));
    }
  }

  private static void write(FileSystem fs, Path file, Properties content, boolean overwrite) throws IOException {
    try (OutputStream out = fs.create(file, overwrite)) {
      content.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), "outsidein run lock");
    }
  }

  private void refresh() {
    content.setProperty("refreshed", Instant.now().toString());
    try {
      write(fs, file, content, true);
    } catch (IOException e) {
      // The next refresh tries again; a lock not refreshed for long expires, which is the safe side.
    }
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName() + " pid " + ProcessHandle.current().pid();
    } catch (java.net.UnknownHostException e) {
      return "pid " + ProcessHandle.current().pid();
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      // Left behind, it expires.
    }
  }
}
