package io.outsidein.common.config;

import java.util.Locale;

/** The environment a run is in; decides only what may fall back to a development default. */
public enum Profile {
  LOCAL,
  S3,
  CLUSTER;

  /** Only the embedded local default may run with the development pseudonym key. */
  public boolean allowsDevelopmentKey() {
    return this == LOCAL;
  }

  static Profile read(ConfigReader reader, String path) {
    String value = reader.string(path);
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw reader.invalid(path, "must be one of local, s3, cluster");
    }
  }
}
