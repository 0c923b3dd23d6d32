package io.outsidein.common.config;

import java.util.Map;
import java.util.Optional;

/** How the SparkSession is built; {@code extra} passes Spark's own settings through unchanged. */
public record SparkSettings(Optional<String> master, String appName, int shufflePartitions, Map<String, String> extra) {
  public SparkSettings {
    extra = Map.copyOf(extra);
  }

  static SparkSettings read(ConfigReader spark) {
    String master = spark.string("master").trim();
    return new SparkSettings(
        master.isEmpty() ? Optional.empty() : Optional.of(master),
        spark.nonEmptyString("app-name"),
        spark.intIn("shuffle-partitions", 1, 100_000),
        spark.stringMap("extra"));
  }
}
