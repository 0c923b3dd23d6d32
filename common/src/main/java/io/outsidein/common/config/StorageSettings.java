package io.outsidein.common.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where raw input, the warehouse, the embedded metastore, local scratch and the log file live: s3a URIs as they
 * are, local paths absolute. A relative path resolves against {@code outsidein.storage.home}, never against the
 * folder a run happens to be started from, so that a run started elsewhere finds the same catalog and logs.
 * {@code metastorePort}: the embedded catalog is served by Derby's network server on loopback at that port, so
 * that several processes (a night, {@code sql}, {@code serve}, notebooks) use it at once; empty: one JVM opens the
 * folder itself.
 */
public record StorageSettings(String raw, String warehouse, Optional<String> metastore, String scratch, String logs,
    OptionalInt metastorePort) {
  /** The catalog server listens on loopback only. */
  public static final String METASTORE_HOST = "127.0.0.1";

  static StorageSettings read(ConfigReader storage) {
    Path home = Path.of(storage.nonEmptyString("home")).toAbsolutePath().normalize();
    String metastore = storage.string("metastore").trim();
    return new StorageSettings(
        resolve(home, storage.nonEmptyString("raw")),
        resolve(home, storage.nonEmptyString("warehouse")),
        metastore.isEmpty() ? Optional.empty() : Optional.of(resolve(home, metastore)),
        resolve(home, storage.nonEmptyString("scratch")),
        resolve(home, storage.nonEmptyString("logs")),
        storage.bool("metastore-server.enabled") && !metastore.isEmpty()
            ? OptionalInt.of(storage.intIn("metastore-server.port", 1024, 65535)) : OptionalInt.empty());
  }

  /** A URI ({@code s3a://}, {@code file://}) as it is; a local path against {@code home}. */
  static String resolve(Path home, String location) {
    if (location.contains("://")) {
      return location;
    }
    return home.resolve(location).normalize().toString();
  }
}
