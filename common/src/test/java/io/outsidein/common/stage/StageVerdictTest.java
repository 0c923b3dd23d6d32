package io.outsidein.common.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunStatus;
import io.outsidein.common.runlog.StageFailedException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** What a stage's rows mean for the night, and how changed dates add up from stage to stage. */
class StageVerdictTest {
  private static final RunContext RUN = new RunContext("r1", LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 8),
      Instant.parse("2026-03-09T02:00:00Z"));

  private static RunLogEntry row(String source, RunStatus status, String message) {
    return RunLogEntry.builder(RUN, "ingest", source, RUN.startedAt()).status(status, message).build();
  }

  @Test
  void succeededRowsLetTheNightGoOn() {
    assertThat(StageVerdict.of("ingest", List.of(row("a", RunStatus.SUCCEEDED, ""), row("b", RunStatus.SUCCEEDED, ""))))
        .isEmpty();
  }

  @Test
  void aBreachedGateStopsTheNightNamingEveryBreach() {
    assertThat(StageVerdict.of("ingest", List.of(row("a", RunStatus.GATE_BREACHED, "6% of a"),
        row("b", RunStatus.SUCCEEDED, ""), row("c", RunStatus.GATE_BREACHED, "9% of c"))))
        .get().isInstanceOf(QualityGateBreachedException.class)
        .extracting(Throwable::getMessage).isEqualTo("Data-quality gate breached in ingest: 6% of a; 9% of c");
  }

  @Test
  void aFailureWinsOverABreachAndNamesTheSource() {
    assertThat(StageVerdict.of("ingest", List.of(row("a", RunStatus.GATE_BREACHED, "6% of a"),
        row("b", RunStatus.FAILED, "read 3 != written 2"))))
        .get().isInstanceOf(StageFailedException.class)
        .extracting(Throwable::getMessage).isEqualTo("Stage ingest failed: b: read 3 != written 2");
  }

  @Test
  void changedDatesAddUpTableByTableAndAreReadForTheTablesAStageReads() {
    TableName interactions = new TableName("silver", "interactions");
    TableName surveys = new TableName("silver", "surveys");
    LocalDate d1 = LocalDate.of(2026, 3, 1);
    LocalDate d2 = LocalDate.of(2026, 3, 2);
    ChangedDates changed = ChangedDates.of(interactions, List.of(d2, d1)).plus(ChangedDates.of(surveys, List.of(d2)))
        .plus(ChangedDates.of(new TableName("gold", "journeys"), List.of(LocalDate.of(2026, 2, 1))))
        .plus(ChangedDates.none());
    assertThat(changed.in(List.of(table(interactions), table(surveys)))).containsExactly(d1, d2);
    assertThat(changed.in(surveys)).containsExactly(d2);
    assertThat(changed.in(List.of(table(new TableName("silver", "customers"))))).isEmpty();
    assertThat(ChangedDates.of(interactions, List.of())).isEqualTo(ChangedDates.none());
    assertThat(ChangedDates.none().isEmpty()).isTrue();
  }

  private static TableDefinition table(TableName name) {
    return new TableDefinition(name, new StructType(), List.of(), "");
  }
}
