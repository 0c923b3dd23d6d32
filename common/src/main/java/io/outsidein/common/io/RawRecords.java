package io.outsidein.common.io;

/**
 * The columns every raw reader adds beside the canonical fields (which it delivers under their canonical names,
 * as strings except map fields, which come parsed): where a record came from, its text as delivered, and
 * whether it failed to parse.
 */
public final class RawRecords {
  /** Full path of the file. */
  public static final String FILE = "_file";
  /** Delivery date, from the file's {@code dt=} folder. */
  public static final String DELIVERY_DATE = "_dt";
  /** The record as delivered: a JSON or CSV line, or a Parquet row rendered as JSON. */
  public static final String RAW = "_raw";
  /** {@code json}, {@code csv} or {@code parquet}: decides how the raw text is sanitised for quarantine. */
  public static final String FORMAT = "_format";
  /** The reason code when the record does not parse at all (malformed_json, malformed_csv), else null. */
  public static final String MALFORMED = "_malformed";
  /** For CSV, the file's header line (to sanitise a quarantined line by position), else null. */
  public static final String HEADER = "_header";

  private static final String UNPARSEABLE_PREFIX = "_unparseable_";

  private RawRecords() {}

  /**
   * For a map field (delivered as a JSON object), whether its text failed to parse. Map fields are parsed by
   * the reader, not by ingest's rules: {@code from_json} falls back from code generation, and in the rules'
   * projection it would take every other rule with it.
   */
  public static String unparseable(String field) {
    return UNPARSEABLE_PREFIX + field;
  }
}
