package io.outsidein.common.runlog;

/**
 * A stage could not do its work. The message is the one sentence a data engineer sees (stage and cause); the
 * cause, when there is one, goes to the log file and to the terminal only with --verbose. Exit code 1.
 */
public final class StageFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StageFailedException(String stage, String cause) {
    super("Stage " + stage + " failed: " + cause);
  }

  public StageFailedException(String stage, String cause, Throwable throwable) {
    super("Stage " + stage + " failed: " + cause, throwable);
  }
}
