package io.outsidein.common.config;

import com.typesafe.config.Config;

/**
 * The typed, validated settings of a run, read once at start-up from the merged configuration. Stages get
 * the part they need; nobody reads the raw configuration later or keeps a second default.
 */
public record OutsideinSettings(
    Profile profile,
    SparkSettings spark,
    StorageSettings storage,
    S3Settings s3,
    CatalogSettings catalog,
    PrivacySettings privacy,
    IngestSettings ingest,
    Config config) {

  public static OutsideinSettings from(Config config) {
    ConfigReader root = new ConfigReader(config).section("outsidein");
    return new OutsideinSettings(
        Profile.read(root, "profile"),
        SparkSettings.read(root.section("spark")),
        StorageSettings.read(root.section("storage")),
        S3Settings.read(root.section("s3")),
        CatalogSettings.read(root.section("catalog")),
        PrivacySettings.read(root.section("privacy")),
        IngestSettings.read(root.section("ingest")),
        config);
  }
}
