package io.outsidein.jobs.cli;

import java.io.PrintStream;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;

/**
 * The session settings a command's VACUUMs run with, restored when they are done: Delta's retention check off
 * for a retention under its 7-day minimum (which the user chose, and is told the cost of), and the listing
 * spread over as many tasks as asked (Delta reads Spark's partition-discovery parallelism; its own choice,
 * 10,000 tasks whatever the table's size, cost about a minute of CPU per small table in local mode).
 */
final class VacuumConf implements AutoCloseable {
  /** Delta refuses a shorter retention unless its check is off: time travel and slow readers need it. */
  static final Duration DELTA_SAFE_RETENTION = Duration.ofDays(7);
  private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private final SparkSession spark;
  private final boolean relaxed;
  private final String retentionCheck;
  private final String listing;

  private VacuumConf(SparkSession spark, boolean relaxed) {
    this.spark = spark;
    this.relaxed = relaxed;
    this.retentionCheck = spark.conf().get(RETENTION_CHECK, "true");
    this.listing = spark.conf().get(LISTING_PARALLELISM, "10000");
  }

  /**
   * @param listingTasks tasks of a VACUUM's listing; 0 for the session's cores
   */
  static VacuumConf of(SparkSession spark, Duration retention, int listingTasks, PrintStream out) {
    boolean relaxed = retention.compareTo(DELTA_SAFE_RETENTION) < 0;
    VacuumConf conf = new VacuumConf(spark, relaxed);
    if (relaxed) {
      out.println("Note: vacuum retention " + retention.toHours() + " h is under Delta's 168 h: versions older than "
          + "that can no longer be read (time travel), and a reader slower than it may fail.");
      spark.conf().set(RETENTION_CHECK, "false");
    }
    spark.conf().set(LISTING_PARALLELISM,
        String.valueOf(listingTasks > 0 ? listingTasks : spark.sparkContext().defaultParallelism()));
    return conf;
  }

  @Override
  public void close() {
    // Only what this command changed: a command in the same session with a safe retention must not switch the
    // check back on under another one's vacuum (tests run commands side by side in one session).
    if (relaxed) {
      spark.conf().set(RETENTION_CHECK, retentionCheck);
    }
    spark.conf().set(LISTING_PARALLELISM, listing);
  }
}
