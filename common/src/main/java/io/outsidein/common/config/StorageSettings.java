package io.outsidein.common.config;

import java.util.Optional;

/** Where raw input, the warehouse, the embedded metastore and local scratch live (paths or s3a URIs). */
public record StorageSettings(String raw, String warehouse, Optional<String> metastore, String scratch) {
  static StorageSettings read(ConfigReader storage) {
    String metastore = storage.string("metastore").trim();
    return new StorageSettings(
        storage.nonEmptyString("raw"),
        storage.nonEmptyString("warehouse"),
        metastore.isEmpty() ? Optional.empty() : Optional.of(metastore),
        storage.nonEmptyString("scratch"));
  }
}
