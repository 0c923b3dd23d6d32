package io.outsidein.common.schema;

/**
 * The stable reason codes of {@code ops.quarantine}. Analysts filter on them and dashboards count them, so a
 * code never changes meaning; a new rule gets a new code. Field-level codes carry the field after a colon,
 * e.g. {@code missing_required:customer_id}. The README documents every code.
 */
public final class ReasonCodes {
  /** A JSON line that does not parse as one JSON object. */
  public static final String MALFORMED_JSON = "malformed_json";
  /** A CSV line whose fields do not parse against the file's header. */
  public static final String MALFORMED_CSV = "malformed_csv";
  /**
   * A record whose key (the source's {@code key}) was delivered before, or earlier in the batch, with other
   * content: the first delivered stays in silver, this one waits here instead of being dropped.
   */
  public static final String CONFLICTING_KEY = "conflicting_key";
  /** A gzip file that ends before its end-of-stream marker; the whole file is quarantined. */
  public static final String TRUNCATED_FILE = "truncated_file";
  /** A CSV file whose header lacks a required column; the whole file is quarantined. */
  public static final String BAD_HEADER = "bad_header";
  /** A file that cannot be opened or decoded at all (e.g. a broken Parquet footer). */
  public static final String UNREADABLE_FILE = "unreadable_file";

  /**
   * A record of a person who was forgotten ({@code outsidein forget}): kept out of silver, and its raw text in
   * quarantine reduced to this reason (no identifier, no free text).
   */
  public static final String ERASED_SUBJECT = "erased_subject";

  private static final String MISSING_REQUIRED = "missing_required:";
  private static final String MISSING_IDENTITY = "missing_required:customer_id|anonymous_id";
  private static final String MALFORMED_ID = "malformed_id:";
  private static final String UNPARSEABLE = "unparseable:";
  private static final String UNKNOWN_ENUM = "unknown_enum:";
  private static final String OUT_OF_RANGE = "out_of_range:";
  private static final String FUTURE = "future_timestamp:";
  private static final String BEYOND_LOOKBACK = "beyond_lookback:";

  private ReasonCodes() {}

  /** A required field is absent or empty. */
  public static String missingRequired(String field) {
    return MISSING_REQUIRED + field;
  }

  /** An interaction carries neither a customer id nor an anonymous id. */
  public static String missingIdentity() {
    return MISSING_IDENTITY;
  }

  /** An id with white space or control characters, or longer than 128 characters. */
  public static String malformedId(String field) {
    return MALFORMED_ID + field;
  }

  /** A value that does not parse as its type: a timestamp, a date, a number or a map. */
  public static String unparseable(String field) {
    return UNPARSEABLE + field;
  }

  /** A value outside the field's known set, after normalising case and synonyms. */
  public static String unknownEnum(String field) {
    return UNKNOWN_ENUM + field;
  }

  /** A number outside its allowed range (NPS 0-10, CSAT 1-5, CES 1-7, q01..q12 1-5, non-negative amounts). */
  public static String outOfRange(String field) {
    return OUT_OF_RANGE + field;
  }

  /** A timestamp later than the end of its delivery day plus the configured skew. */
  public static String futureTimestamp(String field) {
    return FUTURE + field;
  }

  /** An event dated before the delivery day minus the configured lookback. */
  public static String beyondLookback(String field) {
    return BEYOND_LOOKBACK + field;
  }
}
