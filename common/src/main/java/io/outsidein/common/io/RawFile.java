package io.outsidein.common.io;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** One delivered file: its full path, the delivery date of its {@code dt=} folder and its size in bytes. */
public record RawFile(String path, LocalDate deliveryDate, long length) {
  public RawFile {
    requireNonNull(path, "path is null");
    requireNonNull(deliveryDate, "deliveryDate is null");
  }

  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
