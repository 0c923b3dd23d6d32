package io.outsidein.jobs.cli;

/** A stage wrote its output but a source passed its quarantine gate: exit code 3. */
final class QualityGateBreachedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  QualityGateBreachedException(String message) {
    super(message);
  }
}
