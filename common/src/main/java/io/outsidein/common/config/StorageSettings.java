package io.outsidein.common.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where raw input, the warehouse, the embedded metastore, local scratch and the log file live: s3a URIs as they
 * are, local paths absolute. A relative path resolves against {@code outsidein.storage.home}, never against the
 * folder a run happens to be started from, so that a run started elsewhere finds the same catalog and logs.
 */
public record StorageSettings(String raw, String warehouse, Optional<String> metastore, String scratch, String logs) {
  static StorageSettings read(ConfigReader storage) {
    Path home = Path.of(storage.nonEmptyString("home")).toAbsolutePath().normalize();
    String metastore = storage.string("metastore").trim();
    return new StorageSettings(
        resolve(home, storage.nonEmptyString("raw")),
        resolve(home, storage.nonEmptyString("warehouse")),
        metastore.isEmpty() ? Optional.empty() : Optional.of(resolve(home, metastore)),
        resolve(home, storage.nonEmptyString("scratch")),
        resolve(home, storage.nonEmptyString("logs")));
  }

  /** A URI ({@code s3a://}, {@code file://}) as it is; a local path against {@code home}. */
  static String resolve(Path home, String location) {
    if (location.contains("://")) {
      return location;
    }
    return home.resolve(location).normalize().toString();
  }
}
