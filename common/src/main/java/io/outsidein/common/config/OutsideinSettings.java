package io.outsidein.common.config;

import com.typesafe.config.Config;

/**
 * The platform settings of a run, typed and checked once at start-up from the merged configuration: the
 * environment, Spark, storage, object store, catalog and privacy. Each stage reads its own section into its own
 * settings record at the same moment (see {@code Stage#settings}); nobody reads the configuration later or keeps
 * a second default.
 */
public record OutsideinSettings(
    Profile profile,
    SparkSettings spark,
    StorageSettings storage,
    S3Settings s3,
    CatalogSettings catalog,
    PrivacySettings privacy) {

  /** Reads the platform sections of a loaded configuration. */
  public static OutsideinSettings from(Config config) {
    return from(root(config));
  }

  /** Reads the platform sections of the {@code outsidein} section. */
  public static OutsideinSettings from(ConfigReader outsidein) {
    return new OutsideinSettings(
        Profile.read(outsidein, "profile"),
        SparkSettings.read(outsidein.section("spark")),
        StorageSettings.read(outsidein.section("storage")),
        S3Settings.read(outsidein.section("s3")),
        CatalogSettings.read(outsidein.section("catalog")),
        PrivacySettings.read(outsidein.section("privacy")));
  }

  /** The reader of the {@code outsidein} section of a loaded configuration, for stage settings. */
  public static ConfigReader root(Config config) {
    return new ConfigReader(config).section("outsidein");
  }
}
