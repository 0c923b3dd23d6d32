package io.outsidein.jobs.cli;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import sun.misc.Signal;

/**
 * What Ctrl-C (SIGINT) and SIGTERM do to a running command: the running Spark jobs are cancelled, so the stage
 * stops at its next action, and the command ends with one sentence and exit 130 or 143 instead of a failure
 * about a stopped SparkContext. Delta commits are atomic, so every table keeps its last committed version. A
 * second signal, or a stage that does not stop within the grace period, ends the process at once.
 */
final class Interruption {
  /** How long a stage has to stop after its jobs are cancelled before the process ends regardless. */
  private static final long GRACE_MILLIS = 30_000;

  private final AtomicReference<String> signal = new AtomicReference<>();
  private final java.util.concurrent.CountDownLatch signalled = new java.util.concurrent.CountDownLatch(1);
  private final PrintStream err;

  private Interruption(PrintStream err) {
    this.err = err;
  }

  /** An interruption that no signal reaches (commands run inside tests). */
  static Interruption none() {
    return new Interruption(System.err);
  }

  /** Handles SIGINT and SIGTERM for the rest of the process: only the launcher's main calls this. */
  static Interruption install(PrintStream err) {
    Interruption interruption = new Interruption(err);
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), interruption::onSignal);
      } catch (IllegalArgumentException e) {
        // The JVM reserves the signal (e.g. -Xrs): keep its default behaviour.
      }
    }
    return interruption;
  }

  private void onSignal(Signal received) {
    if (!signal.compareAndSet(null, received.getName())) {
      System.exit(exitCode());
      return;
    }
    signalled.countDown();
    if (SparkSession.getDefaultSession().isEmpty()) {
      // Spark has not started: nothing runs, nothing is half-written.
      err.println(sentence());
      err.flush();
      System.exit(exitCode());
      return;
    }
    err.println("Interrupted by SIG" + received.getName() + ": cancelling the running Spark jobs...");
    err.flush();
    // Cancel now and again every half second, so that a job that was about to start is stopped too; the
    // command then ends with its sentence. If it has not ended within the grace period, the process ends.
    Thread canceller = new Thread(() -> {
      long deadline = System.currentTimeMillis() + GRACE_MILLIS;
      while (System.currentTimeMillis() < deadline) {
        SparkSession.getDefaultSession().foreach(session -> {
          if (!session.sparkContext().isStopped()) {
            session.sparkContext().cancelAllJobs();
          }
          return null;
        });
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      System.exit(exitCode());
    }, "outsidein-interrupt");
    canceller.setDaemon(true);
    canceller.start();
  }

  /** Blocks until SIGINT or SIGTERM arrives (a command that runs until stopped, e.g. serve, waits here). */
  void await() throws InterruptedException {
    signalled.await();
  }

  /** The signal that interrupted the command, e.g. {@code TERM}. */
  Optional<String> signal() {
    return Optional.ofNullable(signal.get());
  }

  /** 128 + the signal's number, as shells report it: 130 for SIGINT, 143 for SIGTERM. */
  int exitCode() {
    return "INT".equals(signal.get()) ? 130 : 143;
  }

  /** The sentence the command ends with. */
  String sentence() {
    return "Interrupted by SIG" + signal.get() + ": the running stage was stopped; every Delta table keeps its last "
        + "committed version. Run the same command again to finish (exit " + exitCode() + ").";
  }
}
