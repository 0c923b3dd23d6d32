package io.outsidein.common.privacy;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret key of the pseudonym HMAC. It comes from an environment variable (never from a file in the
 * repository), and nothing about it but its origin ever leaves this class: {@link #toString()} says where it
 * came from, not what it is.
 *
 * <p>Serializable because it travels to the executors inside the pseudonym UDF; Spark ships task closures to
 * executors, it does not log or persist them.
 */
public final class PseudonymKey implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The development key, used only when {@link #resolve} is allowed to fall back (profile {@code local}).
   * Public on purpose: pseudonyms made with it protect nothing, and it makes local runs and tests
   * reproducible.
   */
  static final String DEVELOPMENT_KEY = "outsidein-development-pseudonym-key-not-for-real-data";

  private static final String DEVELOPMENT_ORIGIN = "development";

  private final byte[] bytes;
  private final String origin;

  private PseudonymKey(byte[] bytes, String origin) {
    this.bytes = bytes;
    this.origin = origin;
  }

  /**
   * Reads the key from {@code environment} (the caller passes {@code System.getenv()}).
   *
   * @param variable the variable that holds the key (outsidein.privacy.key-variable)
   * @param minLength the fewest characters the key may have (outsidein.privacy.min-key-length)
   * @param allowDevelopmentKey whether an unset variable falls back to the development key instead of
   *     failing; the caller should then say once that it did ({@link #isDevelopmentKey()})
   * @throws PrivacyConfigurationException when the variable is unset and the fallback not allowed, or the
   *     key is shorter than {@code minLength}
   */
  public static PseudonymKey resolve(
      Map<String, String> environment, String variable, int minLength, boolean allowDevelopmentKey) {
    requireNonNull(environment, "environment is null");
    requireNonNull(variable, "variable is null");
    if (minLength < 1) {
      throw PrivacyErrors.minLengthNotPositive(minLength);
    }
    String value = environment.get(variable);
    if (value == null) {
      if (allowDevelopmentKey) {
        return development();
      }
      throw PrivacyErrors.keyNotSet(variable, minLength);
    }
    // Characters, not bytes: the setting is documented in characters. An empty value counts as too short
    // rather than unset, so `export KEY=` with a forgotten value fails loudly.
    if (value.length() < minLength) {
      throw PrivacyErrors.keyTooShort(variable, minLength);
    }
    return new PseudonymKey(value.getBytes(StandardCharsets.UTF_8), "from " + variable);
  }

  /** The fixed development key {@value #DEVELOPMENT_KEY}: for local runs on sample data and tests, never real data. */
  public static PseudonymKey development() {
    return new PseudonymKey(DEVELOPMENT_KEY.getBytes(StandardCharsets.UTF_8), DEVELOPMENT_ORIGIN);
  }

  public boolean isDevelopmentKey() {
    return origin.startsWith(DEVELOPMENT_ORIGIN);
  }

  /**
   * A key of its own for one purpose, derived from this one: HMAC-SHA256 of {@code "outsidein:" + purpose} under
   * this key. A value hashed under a derived key cannot be matched with its pseudonym (the primary key's HMAC)
   * without the secret, nor with its hash under another purpose: an erasure log that holds hashes for
   * "erasure-log" cannot be joined to the data, nor to the suppression list's hashes for "suppression".
   */
  public PseudonymKey derive(String purpose) {
    requireNonNull(purpose, "purpose is null");
    if (purpose.isBlank()) {
      throw new IllegalArgumentException("A derived key needs a purpose");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(bytes, "HmacSHA256"));
      byte[] derived = mac.doFinal(("outsidein:" + purpose).getBytes(StandardCharsets.UTF_8));
      return new PseudonymKey(derived, origin + ", derived for " + purpose);
    } catch (GeneralSecurityException e) {
      throw PrivacyErrors.hmacUnavailable(e);
    }
  }

  /** A copy of the key bytes, for the HMAC only. */
  byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    // Constant time, like every comparison of secrets.
    return other instanceof PseudonymKey that && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** {@code PseudonymKey[development]} or {@code PseudonymKey[from VARIABLE]}; never the key. */
  @Override
  public String toString() {
    return "PseudonymKey[" + origin + "]";
  }
}
