package io.outsidein.common.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A run's scratch folder for intermediate frames that several actions read: written once as Parquet and read
 * back, instead of Spark's in-memory cache. Writing Parquet costs about what building the cache does, but
 * each later action then reads only the columns it needs, nothing is recomputed when an executor loses its
 * cache, and the heap stays free. It lives under the warehouse, not on local disk, because on a cluster every
 * executor must see it. {@link #close()} removes it.
 */
public final class StagingArea implements AutoCloseable {
  private final SparkSession spark;
  private final String root;

  public StagingArea(SparkSession spark, String warehouseUri, String runId) {
    this.spark = spark;
    this.root = folder(warehouseUri) + "/" + runId;
  }

  /** The folder under the warehouse that holds every run's staging area. */
  public static String folder(String warehouseUri) {
    return (warehouseUri.endsWith("/") ? warehouseUri : warehouseUri + "/") + "_staging";
  }

  /** Writes the frame under {@code name} and returns it read back. */
  public Dataset<Row> stage(String name, Dataset<Row> frame) {
    String path = root + "/" + name;
    frame.write().mode("overwrite").parquet(path);
    return spark.read().schema(frame.schema()).parquet(path);
  }

  public String root() {
    return root;
  }

  @Override
  public void close() {
    try {
      Path path = new Path(URI.create(root));
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove the staging folder " + root, e);
    }
  }
}
