package io.outsidein.common.privacy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Replaces a personal identifier by its pseudonym: HMAC-SHA256 of the UTF-8 value under the
 * {@link PseudonymKey}, as 64 lower-case hex characters. The same value gets the same pseudonym in every
 * source and every run, so pseudonymised tables still join; without the key the value cannot be recovered
 * or confirmed by hashing guesses.
 *
 * <p>Spark applies it through {@link #udf()} rather than a native expression on purpose: HMAC built from
 * {@code sha2}/{@code concat} would carry the key-derived inner and outer pads as literals in the query plan,
 * where {@code explain}, the Spark UI and the event logs would show them.
 */
public final class Pseudonymizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();
  private static final int MEMO_SIZE = 1 << 16;

  private final PseudonymKey key;
  // A Mac is not thread-safe and costly to initialise; this runs for millions of rows on several task
  // threads, so each thread keeps its own. Transient: rebuilt after deserialisation on an executor.
  private transient ThreadLocal<Mac> macs;
  // Ids repeat: a customer has many events, close together in a delivery. A small per-thread memo of recent
  // pseudonyms saves most HMACs (measured in BENCHMARKS.md); bounded, so memory stays flat.
  private transient ThreadLocal<Map<String, String>> recent;

  public Pseudonymizer(PseudonymKey key) {
    this.key = requireNonNull(key, "key is null");
    this.macs = newMacs(key);
    this.recent = newMemo();
    macs.get(); // Fail here, at start-up, rather than in the first task.
  }

  /** The pseudonym of {@code value}; null for null. */
  public String pseudonymise(String value) {
    if (value == null) {
      return null;
    }
    Map<String, String> memo = recent.get();
    String pseudonym = memo.get(value);
    if (pseudonym == null) {
      // doFinal also resets the Mac for the next value.
      pseudonym = HEX.formatHex(macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8)));
      memo.put(value, pseudonym);
    }
    return pseudonym;
  }

  private static ThreadLocal<Map<String, String>> newMemo() {
    return ThreadLocal.withInitial(() -> new LinkedHashMap<>(1 << 12, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > MEMO_SIZE;
      }
    });
  }

  /**
   * {@link #pseudonymise} as a deterministic Spark UDF from string to string, named {@code pseudonymise} in
   * plans. The key travels inside the serialised function, never as a literal of the plan.
   */
  public UserDefinedFunction udf() {
    return functions.udf((UDF1<String, String>) this::pseudonymise, DataTypes.StringType).withName("pseudonymise");
  }

  /**
   * The same HMAC under a key derived for {@code purpose} ({@link PseudonymKey#derive}): for hashes of
   * pseudonyms that must not match the data they came from (the suppression list, the erasure log).
   */
  public Pseudonymizer forPurpose(String purpose) {
    return new Pseudonymizer(key.derive(purpose));
  }

  /** The key's origin only, e.g. {@code Pseudonymizer[PseudonymKey[development]]}. */
  @Override
  public String toString() {
    return "Pseudonymizer[" + key + "]";
  }

  private static ThreadLocal<Mac> newMacs(PseudonymKey key) {
    return ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(key.bytes(), ALGORITHM));
        return mac;
      } catch (GeneralSecurityException e) {
        throw PrivacyErrors.hmacUnavailable(e);
      }
    });
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    macs = newMacs(key);
    recent = newMemo();
  }
}
