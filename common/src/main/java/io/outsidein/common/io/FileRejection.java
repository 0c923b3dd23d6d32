package io.outsidein.common.io;

import static java.util.Objects.requireNonNull;

/**
 * A file that cannot be read at all: it becomes one quarantine record with its reason, counts as one record
 * read, and the run goes on with the other files.
 *
 * @param raw what can be shown of it (a CSV header, an error message), never the whole file
 */
public record FileRejection(RawFile file, String reason, String raw) {
  public FileRejection {
    requireNonNull(file, "file is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(raw, "raw is null");
  }
}
