package io.outsidein.jobs.cli;

/** The catalog cannot be reached: its message is one sentence for the user, with what to do. */
final class CatalogUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CatalogUnavailableException(String message) {
    super(message);
  }

  CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
