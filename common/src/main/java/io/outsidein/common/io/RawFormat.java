package io.outsidein.common.io;

import java.util.Locale;
import java.util.Optional;

/** The delivery formats ingest reads, chosen by file extension. */
public enum RawFormat {
  JSON_LINES,
  CSV,
  PARQUET;

  /** The format of a file name ({@code .json}, {@code .jsonl}, {@code .csv}, each optionally {@code .gz}; {@code .parquet}). */
  public static Optional<RawFormat> of(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return Optional.of(JSON_LINES);
    }
    if (name.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (name.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    return Optional.empty();
  }

  public static boolean isGzip(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
  }
}
