package io.outsidein.common.io;

/**
 * The columns every raw reader adds beside the canonical fields (which it delivers as strings, under their
 * canonical names): where a record came from, its text as delivered, and whether it failed to parse.
 */
public final class RawRecords {
  /** Full path of the file. */
  public static final String FILE = "_file";
  /** Delivery date, from the file's {@code dt=} folder. */
  public static final String DELIVERY_DATE = "_dt";
  /**
   * Where the record stands in its file, for "first delivered" among records of one file: the record number
   * for CSV; for JSON lines and Parquet an id that grows with the position within each split of a file.
   */
  public static final String POSITION = "_position";
  /** The record as delivered: a JSON line, a CSV record (which may span lines), or a Parquet row as JSON. */
  public static final String RAW = "_raw";
  /** {@code json}, {@code csv} or {@code parquet}: decides how the raw text is sanitised for quarantine. */
  public static final String FORMAT = "_format";
  /** The reason code when the record does not parse at all (malformed_json, malformed_csv), else null. */
  public static final String MALFORMED = "_malformed";
  /** For CSV, the file's column names as delivered (to sanitise a quarantined record by position), else null. */
  public static final String HEADER = "_header";

  private RawRecords() {}
}
