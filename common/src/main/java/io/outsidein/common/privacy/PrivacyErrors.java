package io.outsidein.common.privacy;

/**
 * Every user-facing privacy message in one place. None of them may carry the key or any part of it: they end
 * up in logs, the run log table and on the terminal.
 */
final class PrivacyErrors {
  private static final String HOW_TO_SET =
      "Set it to a random secret of at least %d characters, e.g. export %s=\"$(openssl rand -hex 32)\"";

  private PrivacyErrors() {}

  static PrivacyConfigurationException keyNotSet(String variable, int minLength) {
    return new PrivacyConfigurationException(String.format(
        "Cannot pseudonymise personal identifiers: the environment variable %s that holds the pseudonym key "
            + "(outsidein.privacy.key-variable) is not set. " + HOW_TO_SET
            + ", or run with outsidein.profile = \"local\" to use the development key.",
        variable, minLength, variable));
  }

  static PrivacyConfigurationException keyTooShort(String variable, int minLength) {
    return new PrivacyConfigurationException(String.format(
        "Cannot pseudonymise personal identifiers: the pseudonym key in %s is shorter than %d characters "
            + "(outsidein.privacy.min-key-length), which makes pseudonyms guessable. " + HOW_TO_SET + ".",
        variable, minLength, minLength, variable));
  }

  static IllegalArgumentException minLengthNotPositive(int minLength) {
    return new IllegalArgumentException(String.format(
        "Cannot set outsidein.privacy.min-key-length to %d, the value must be positive", minLength));
  }

  static IllegalStateException hmacUnavailable(Exception cause) {
    // The cause names an algorithm or a key type, never key material.
    return new IllegalStateException("HmacSHA256 is not available in this JVM; every Java 17 runtime ships it",
        cause);
  }
}
