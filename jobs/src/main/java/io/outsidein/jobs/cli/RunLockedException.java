package io.outsidein.jobs.cli;

import io.outsidein.common.runlog.RunContext;

/** Another live run holds the lock over dates this run would write: refused, with one sentence naming it. */
final class RunLockedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RunLockedException(RunContext run, RunLock.Held held) {
    super("Refused: " + held.describe() + " holds the run lock over dates this run (" + run.from() + ".."
        + run.to() + ") would write; wait for it to finish (a killed run's lock expires "
        + "outsidein.run-lock.expire-after after its last refresh at " + held.refreshed() + ").");
  }
}
