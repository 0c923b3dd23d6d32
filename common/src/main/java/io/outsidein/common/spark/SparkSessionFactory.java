package io.outsidein.common.spark;

import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.config.S3Settings;
import io.outsidein.common.config.StorageSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a run from its settings: Delta, the catalog (embedded Derby or the cluster's
 * Hive metastore), UTC as the session zone, s3a. Only the command line calls it; stages get the session
 * passed in.
 */
public final class SparkSessionFactory {
  private SparkSessionFactory() {}

  public static SparkSession create(OutsideinSettings settings) {
    StorageSettings storage = settings.storage();
    SparkSession.Builder builder = SparkSession.builder().appName(settings.spark().appName());
    settings.spark().master().ifPresent(builder::master);
    boolean local = settings.spark().master().map(m -> m.startsWith("local")).orElse(false);
    if (local) {
      // The host name may resolve to a non-loopback address; a local run listens on loopback only.
      builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          // Default 50: seconds per Delta snapshot on a laptop for nothing.
          .config("spark.databricks.delta.snapshotPartitions", String.valueOf(settings.spark().shufflePartitions()));
    }
    builder
        .config("spark.sql.shuffle.partitions", String.valueOf(settings.spark().shufflePartitions()))
        // Every timestamp is stored and computed in UTC, whatever the machine's zone.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", uri(storage.warehouse()))
        .config("spark.local.dir", localPath(storage.scratch()).resolve("spark-local").toString())
        .config("spark.hadoop.hive.downloaded.resources.dir",
            localPath(storage.scratch()).resolve("hive-resources").toString());
    storage.metastore().ifPresent(metastore -> {
      Path folder = localPath(metastore);
      // Else Derby writes derby.log into whatever folder the job was started from.
      System.setProperty("derby.system.home", folder.getParent() == null ? "." : folder.getParent().toString());
      if (storage.metastorePort().isPresent()) {
        // The same folder through Derby's network server on loopback: many processes at once.
        builder.config("javax.jdo.option.ConnectionURL", "jdbc:derby://" + StorageSettings.METASTORE_HOST + ":"
                + storage.metastorePort().getAsInt() + "/" + folder + ";create=true")
            .config("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.ClientDriver");
      } else {
        builder.config("javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + folder + ";create=true")
            // A folder another JVM holds stays held: fail at once instead of ten tries two seconds apart.
            .config("spark.hadoop.hive.hmshandler.retry.attempts", "1");
      }
    });
    s3(settings.s3(), builder);
    for (Map.Entry<String, String> extra : settings.spark().extra().entrySet()) {
      builder.config(extra.getKey(), extra.getValue());
    }
    return builder.enableHiveSupport().getOrCreate();
  }

  private static void s3(S3Settings s3, SparkSession.Builder builder) {
    s3.hadoopOptions().forEach((key, value) -> builder.config("spark.hadoop." + key, value));
  }

  /** A location as a URI Spark and Hadoop agree on: s3a:// stays, a local path becomes absolute file:. */
  public static String uri(String location) {
    if (location.contains("://")) {
      return location;
    }
    return localPath(location).toUri().toString();
  }

  private static Path localPath(String location) {
    return Path.of(location).toAbsolutePath().normalize();
  }
}
