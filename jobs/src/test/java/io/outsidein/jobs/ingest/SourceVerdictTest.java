package io.outsidein.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunStatus;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** How one source's counts are judged: classified, grown, reconciled, within its gate, in that order. */
class SourceVerdictTest {
  private static final RunContext RUN = new RunContext("r1", LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 8),
      Instant.parse("2026-03-09T02:00:00Z"));

  private static RunLogEntry judge(SourceCounts counts, double gate) {
    RunLogEntry counted = RunLogEntry.builder(RUN, "ingest", "interactions", RUN.startedAt())
        .rows(counts.read(), counts.written(), counts.quarantined(), counts.duplicate())
        .endedAt(RUN.startedAt()).build();
    return SourceVerdict.judge(counted, counts, gate);
  }

  @Test
  void countsThatAddUpWithinTheGateSucceed() {
    RunLogEntry entry = judge(new SourceCounts(10, 8, 2, 0, 1, 6, 6), 0.5);
    assertThat(entry.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(entry.message()).isEmpty();
    assertThat(entry.rowsRead()).isEqualTo(11);
    assertThat(entry.rowsQuarantined()).isEqualTo(3);
    assertThat(entry.rowsDuplicate()).isEqualTo(2);
    assertThat(entry.reconciles()).isTrue();
  }

  @Test
  void aShareAboveTheGateIsBreachedAndSaysByHowMuch() {
    RunLogEntry entry = judge(new SourceCounts(10, 5, 5, 0, 0, 5, 5), 0.3);
    assertThat(entry.status()).isEqualTo(RunStatus.GATE_BREACHED);
    assertThat(entry.message()).isEqualTo("50.00% of interactions records quarantined, above the gate of 30.00% "
        + "(outsidein.ingest.max-quarantine-share)");
    assertThat(judge(new SourceCounts(10, 7, 3, 0, 0, 7, 7), 0.3).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void recordsThatAreNotClassifiedOnceFail() {
    RunLogEntry entry = judge(new SourceCounts(10, 8, 1, 0, 0, 8, 8), 1.0);
    assertThat(entry.status()).isEqualTo(RunStatus.FAILED);
    assertThat(entry.message()).isEqualTo("read 10 records but classified 9 (8 valid, 1 rejected)");
  }

  @Test
  void silverThatGrewByOtherThanTheMergeSaysFails() {
    RunLogEntry entry = judge(new SourceCounts(10, 10, 0, 0, 0, 10, 12), 1.0);
    assertThat(entry.status()).isEqualTo(RunStatus.FAILED);
    assertThat(entry.message()).isEqualTo("silver grew by 12 rows but the MERGE reported 10");
  }

  @Test
  void aFailureWinsOverABreachedGate() {
    RunLogEntry entry = judge(new SourceCounts(10, 1, 8, 0, 0, 1, 1), 0.1);
    assertThat(entry.status()).isEqualTo(RunStatus.FAILED);
  }
}
