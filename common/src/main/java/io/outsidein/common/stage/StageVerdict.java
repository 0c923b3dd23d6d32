package io.outsidein.common.stage;

import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunStatus;
import io.outsidein.common.runlog.StageFailedException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a stage's run-log rows mean for the night, once they are written: a failed row fails the stage (exit 1,
 * naming the first failure), a breached gate stops the night after the stage wrote what it had (exit 3, naming
 * every breach), anything else lets the next stage run.
 */
public final class StageVerdict {
  private StageVerdict() {}

  /** The exception that stops the night, if the rows call for one. A failure wins over a breached gate. */
  public static Optional<RuntimeException> of(String stage, List<RunLogEntry> entries) {
    Optional<RunLogEntry> failed = entries.stream().filter(e -> e.status() == RunStatus.FAILED).findFirst();
    if (failed.isPresent()) {
      RunLogEntry e = failed.get();
      return Optional.of(new StageFailedException(stage, (e.source().isEmpty() ? "" : e.source() + ": ") + e.message()));
    }
    List<RunLogEntry> breached = entries.stream().filter(e -> e.status() == RunStatus.GATE_BREACHED).toList();
    if (!breached.isEmpty()) {
      return Optional.of(new QualityGateBreachedException("Data-quality gate breached in " + stage + ": "
          + breached.stream().map(RunLogEntry::message).collect(Collectors.joining("; "))));
    }
    return Optional.empty();
  }
}
