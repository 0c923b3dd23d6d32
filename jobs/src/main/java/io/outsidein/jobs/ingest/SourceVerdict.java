package io.outsidein.jobs.ingest;

import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunStatus;
import java.util.Locale;

/**
 * Judges one source's ingest from its counts, as a pure function: every record classified exactly once, silver
 * grown by what ingest says it wrote, read = written + quarantined + duplicate, and the quarantined share
 * within the source's gate. The first check that fails gives the row its status and its one-sentence reason.
 */
final class SourceVerdict {
  private SourceVerdict() {}

  /**
   * @param counted the source's run-log row with its counts, status still succeeded
   * @param gate the largest share of quarantined records the source may have (0..1)
   */
  static RunLogEntry judge(RunLogEntry counted, SourceCounts counts, double gate) {
    if (counts.records() != counts.valid() + counts.rejected()) {
      return counted.withStatus(RunStatus.FAILED, "read " + counts.records() + " records but classified "
          + (counts.valid() + counts.rejected()) + " (" + counts.valid() + " valid, " + counts.rejected()
          + " rejected)");
    }
    if (counts.silverGrowth() != counts.written()) {
      return counted.withStatus(RunStatus.FAILED, "silver grew by " + counts.silverGrowth()
          + " rows but the MERGE reported " + counts.written());
    }
    if (!counted.reconciles()) {
      return counted.withStatus(RunStatus.FAILED, "read " + counted.rowsRead() + " != written " + counted.rowsWritten()
          + " + quarantined " + counted.rowsQuarantined() + " + duplicate " + counted.rowsDuplicate());
    }
    if (counted.quarantineShare() > gate) {
      return counted.withStatus(RunStatus.GATE_BREACHED, String.format(Locale.ROOT,
          "%.2f%% of %s records quarantined, above the gate of %.2f%% (outsidein.ingest.max-quarantine-share)",
          100 * counted.quarantineShare(), counted.source(), 100 * gate));
    }
    return counted;
  }
}
