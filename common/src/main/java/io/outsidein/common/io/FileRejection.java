package io.outsidein.common.io;

import static java.util.Objects.requireNonNull;

/**
 * A file that cannot be read as a delivery: it becomes one quarantine record with its reason, and the run goes
 * on with the other files. It counts as the records it holds where they can be counted (a CSV or Parquet file
 * whose columns are wrong), else as one (a file that cannot be decompressed or parsed at all).
 *
 * @param raw what can be shown of it (a CSV header, an error message), never the whole file
 * @param records the records it holds, at least 1
 */
public record FileRejection(RawFile file, String reason, String raw, long records) {
  public FileRejection {
    requireNonNull(file, "file is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(raw, "raw is null");
    if (records < 1) {
      throw new IllegalArgumentException("A rejected file counts as at least one record: " + records);
    }
  }

  /** A file whose records cannot be counted: it counts as one. */
  public FileRejection(RawFile file, String reason, String raw) {
    this(file, reason, raw, 1);
  }
}
