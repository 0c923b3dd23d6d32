package io.outsidein.common.runlog;

import java.util.Locale;

/** The outcome of a stage for a source, as {@code ops.run_log.status} spells it. */
public enum RunStatus {
  SUCCEEDED,
  /** Written, but the quarantined share passed the configured gate (exit code 3). */
  GATE_BREACHED,
  FAILED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
