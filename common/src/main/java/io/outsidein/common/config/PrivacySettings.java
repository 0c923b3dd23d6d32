package io.outsidein.common.config;

/** Where the pseudonym key comes from; the key itself is never configuration. */
public record PrivacySettings(String keyVariable, int minKeyLength) {
  static PrivacySettings read(ConfigReader privacy) {
    return new PrivacySettings(privacy.nonEmptyString("key-variable"), privacy.intIn("min-key-length", 8, 1024));
  }
}
