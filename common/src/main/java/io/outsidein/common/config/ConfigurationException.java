package io.outsidein.common.config;

/**
 * A configuration that cannot be used: an unknown key, a wrong type or a value out of range. The message
 * names the key, the value, what is allowed and where the value came from; the command line maps it to
 * exit code 2. It never carries a secret: secrets are not configuration keys.
 */
public final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }

  static ConfigurationException invalid(String key, Object value, String allowed, String origin) {
    return new ConfigurationException(String.format(
        "Invalid configuration: %s = %s (%s); %s", key, value, origin, allowed));
  }

  static ConfigurationException unknownKey(String key, String origin, String suggestion) {
    return new ConfigurationException(String.format(
        "Unknown configuration key %s (%s)%s; every key is declared in reference.conf", key, origin, suggestion));
  }
}
