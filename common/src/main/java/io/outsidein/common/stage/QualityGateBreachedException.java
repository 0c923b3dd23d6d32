package io.outsidein.common.stage;

/** A stage wrote its output but a source passed its quarantine gate: exit code 3, later stages do not run. */
public final class QualityGateBreachedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QualityGateBreachedException(String message) {
    super(message);
  }
}
