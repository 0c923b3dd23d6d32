package io.outsidein.common.stage;

import static java.util.Objects.requireNonNull;

import io.outsidein.common.runlog.RunLogEntry;
import java.util.List;

/** What a stage did: its run-log rows and the dates it changed in the tables it wrote, for the stages after it. */
public record StageResult(List<RunLogEntry> entries, ChangedDates changed) {
  public StageResult {
    entries = List.copyOf(entries);
    requireNonNull(changed, "changed is null");
  }
}
