package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The run lock on a warehouse folder: overlapping runs refused by name, other dates free, killed runs expired, and
 * a night refused through the command line before it writes anything.
 */
class RunLockTest {
  private static final Duration EXPIRY = Duration.ofMinutes(10);
  private static final LocalDate MAY_1 = LocalDate.of(2026, 5, 1);

  private static RunContext run(LocalDate from, LocalDate to) {
    return RunContext.start(from, to);
  }

  @Test
  void anOverlappingRunIsRefusedNamingTheRunningOneAndOtherDatesGoOn() {
    String warehouse = TestSpark.newFolder("lock").toUri().toString();
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    RunContext first = run(MAY_1, MAY_1.plusDays(2));
    try (RunLock held = RunLock.acquire(new Configuration(), warehouse, first, "nightly --from 2026-05-01 --to "
        + "2026-05-03", EXPIRY, out)) {
      assertThatThrownBy(() -> RunLock.acquire(new Configuration(), warehouse, run(MAY_1.plusDays(2),
          MAY_1.plusDays(3)), "journeys --from 2026-05-03 --to 2026-05-04", EXPIRY, out))
          .isInstanceOf(RunLockedException.class)
          .hasMessageStartingWith("Refused: run " + first.runId() + " (`outsidein nightly --from 2026-05-01 --to "
              + "2026-05-03` over 2026-05-01..2026-05-03, started ")
          .hasMessageContaining("holds the run lock over dates this run (2026-05-03..2026-05-04) would write");
      // Dates nobody holds: free.
      RunLock.acquire(new Configuration(), warehouse, run(MAY_1.plusDays(5), MAY_1.plusDays(5)), "ingest --date "
          + "2026-05-06", EXPIRY, out).close();
    }
    // Released: the overlapping run may go.
    RunLock.acquire(new Configuration(), warehouse, run(MAY_1.plusDays(2), MAY_1.plusDays(3)), "journeys", EXPIRY,
        out).close();
  }

  @Test
  void theLockOfAKilledRunExpiresAndSaysSo() throws Exception {
    Path folder = TestSpark.newFolder("killed");
    Path locks = folder.resolve(RunLock.FOLDER);
    Files.createDirectories(locks);
    Instant stale = Instant.now().minus(EXPIRY).minusSeconds(60);
    Files.writeString(locks.resolve("20260501T000000Z-dead.lock"), String.join("\n", "run_id=20260501T000000Z-dead",
        "command=nightly --date 2026-05-01", "from=2026-05-01", "to=2026-05-01", "started=" + stale,
        "refreshed=" + stale, "host=gone pid 1"));
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    try (RunLock lock = RunLock.acquire(new Configuration(), folder.toUri().toString(), run(MAY_1, MAY_1),
        "nightly --date 2026-05-01", EXPIRY, new PrintStream(said, true, StandardCharsets.UTF_8))) {
      assertThat(said.toString(StandardCharsets.UTF_8)).contains("Run lock: the lock of run 20260501T000000Z-dead "
          + "(`outsidein nightly --date 2026-05-01`", "more than 10 minutes ago (outsidein.run-lock.expire-after): "
          + "that run was killed; its lock is removed.");
      assertThat(locks.resolve("20260501T000000Z-dead.lock")).doesNotExist();
      try (var files = Files.list(locks)) {
        assertThat(files.toList()).hasSize(1);
      }
    }
    try (var files = Files.list(locks)) {
      assertThat(files.toList()).as("released").isEmpty();
    }
  }

  @Test
  void aNightRefusedByTheLockWritesNothing() throws Exception {
    Path warehouse = TestSpark.newFolder("locked-warehouse");
    List<String> args = new ArrayList<>(List.of("nightly", "--date", MAY_1.toString()));
    for (String setting : List.of("outsidein.storage.warehouse=" + warehouse,
        "outsidein.storage.raw=" + TestSpark.newFolder("locked-raw"),
        "outsidein.catalog.silver-database=silver_locked", "outsidein.catalog.gold-database=gold_locked",
        "outsidein.catalog.ops-database=ops_locked")) {
      args.add("--set");
      args.add(setting);
    }
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (RunLock held = RunLock.acquire(new Configuration(), warehouse.toUri().toString().replaceAll("/+$", ""),
        run(MAY_1, MAY_1), "ingest --date 2026-05-01", EXPIRY, out)) {
      assertThat(Main.execute(args.toArray(new String[0]))).isEqualTo(ExitCodes.STAGE_FAILED);
    }
    assertThat(TestSpark.session().catalog().databaseExists("ops_locked")).as("no run log, no database").isFalse();
    try (var files = Files.list(warehouse)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).as("only the lock folder")
          .containsExactly(RunLock.FOLDER.split("/")[0]);
    }
  }
}
