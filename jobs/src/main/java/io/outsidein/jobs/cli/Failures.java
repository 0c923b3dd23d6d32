package io.outsidein.jobs.cli;

/** The sentence a failure shows a data engineer: its root cause, without the stack. */
final class Failures {
  private Failures() {}

  /** The first non-blank line of the root cause's message (Spark's messages may start with a line break). */
  static String rootMessage(Throwable e) {
    String message = wholeRootMessage(e);
    for (String line : message.split("\n")) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return message.strip();
  }

  /** The root cause's whole message, trimmed: a SQL error's position and statement included. */
  static String wholeRootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
  }
}
