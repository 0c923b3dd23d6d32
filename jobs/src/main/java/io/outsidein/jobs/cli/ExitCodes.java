package io.outsidein.jobs.cli;

/** The exit codes of every command, as the README documents them. */
public final class ExitCodes {
  public static final int SUCCESS = 0;
  /** A stage failed; one sentence names the stage and the cause. */
  public static final int STAGE_FAILED = 1;
  /** Bad usage or configuration; the message names the key, the value and the file. */
  public static final int BAD_USAGE = 2;
  /** The data-quality gate was breached: the run wrote what it had and says why in the run log. */
  public static final int QUALITY_GATE = 3;

  private ExitCodes() {}
}
