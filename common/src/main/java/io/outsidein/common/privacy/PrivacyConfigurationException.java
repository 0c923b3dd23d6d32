package io.outsidein.common.privacy;

/**
 * Privacy cannot start as configured, e.g. the pseudonym key is missing or too short. The command line maps
 * it to exit code 2 (bad configuration). Its message names the setting and a way out, never the key.
 */
public final class PrivacyConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PrivacyConfigurationException(String message) {
    super(message);
  }
}
