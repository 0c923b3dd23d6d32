package io.outsidein.jobs.generate;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the raw layout {@code <rawRoot>/<source>/dt=YYYY-MM-DD/part-NNNNN.<ext>}. Spark writes every source
 * into a staging folder under the root first; publishing then replaces each dt folder of the range with the
 * staged files, renamed. Only Hadoop FileSystem calls, so the same code runs on a local path and on s3a.
 */
final class RawLayoutWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RawLayoutWriter.class);
  /** Starts with '_' so ingest, which skips such names, never reads a half-written run. */
  private static final String STAGING = "_generate_staging";

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path root;
  private final Path staging;

  RawLayoutWriter(SparkSession spark, String rawRoot) {
    this.spark = spark;
    try {
      Path path = new Path(rawRoot);
      this.fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      this.root = fs.makeQualified(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the raw root " + rawRoot, e);
    }
    this.staging = new Path(root, STAGING);
  }

  Path root() {
    return root;
  }

  FileSystem fileSystem() {
    return fs;
  }

  /**
   * Stages text rows ({@link RawRows#SCHEMA}): one file per source and dt (all rows of a dt go to one
   * task), sorted so that a CSV header comes first and reruns give identical files.
   */
  void stageText(Dataset<Row> rows, String name, boolean gzip, int partitions) {
    rows.repartition(partitions, col(RawRows.SOURCE), col(RawRows.DT))
        .sortWithinPartitions(RawRows.SOURCE, RawRows.DT, RawRows.RANK, RawRows.LINE)
        .select(RawRows.SOURCE, RawRows.DT, RawRows.LINE)
        .write()
        .mode(SaveMode.Overwrite)
        .option("compression", gzip ? "gzip" : "none")
        .partitionBy(RawRows.SOURCE, RawRows.DT)
        .text(new Path(staging, name).toString());
  }

  /** Stages Parquet rows that have the given data columns plus source and dt. */
  void stageParquet(Dataset<Row> rows, List<String> columns, String name, int partitions) {
    String[] sortColumns = columns.toArray(new String[0]);
    String[] all = new String[columns.size() + 2];
    System.arraycopy(sortColumns, 0, all, 0, sortColumns.length);
    all[columns.size()] = RawRows.SOURCE;
    all[columns.size() + 1] = RawRows.DT;
    rows.repartition(partitions, col(RawRows.SOURCE), col(RawRows.DT))
        .sortWithinPartitions(RawRows.SOURCE, RawRows.DT, columns.get(0))
        .selectExpr(all)
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy(RawRows.SOURCE, RawRows.DT)
        .parquet(new Path(staging, name).toString());
  }

  /** Replaces the source's dt folders of the range with its staged files; returns the files published. */
  int publish(SourceFormat format, String stagedName, LocalDate from, LocalDate to) {
    Path staged = new Path(new Path(staging, stagedName), RawRows.SOURCE + "=" + format.id());
    int published = 0;
    try {
      for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
        Path target = dtFolder(format, day);
        fs.delete(target, true);
        Path folder = new Path(staged, RawRows.DT + "=" + day);
        if (!fs.exists(folder)) {
          continue;
        }
        FileStatus[] parts = fs.listStatus(folder, p -> p.getName().startsWith("part-"));
        Arrays.sort(parts, Comparator.comparing(s -> s.getPath().getName()));
        fs.mkdirs(target);
        for (int i = 0; i < parts.length; i++) {
          Path name = new Path(target, String.format(Locale.ROOT, "part-%05d.%s", i, format.layout().extension()));
          if (!fs.rename(parts[i].getPath(), name)) {
            throw new IOException("rename returned false for " + parts[i].getPath() + " -> " + name);
          }
          published++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish " + format.id() + " under " + root, e);
    }
    LOG.info("Published {} files of {} for {} to {}", published, format.id(), from, to);
    return published;
  }

  Path dtFolder(SourceFormat format, LocalDate day) {
    return new Path(new Path(root, format.id()), RawRows.DT + "=" + day);
  }

  void write(Path file, byte[] content) {
    try (OutputStream out = fs.create(file, true)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  void writeGroundTruth(String json) {
    Path file = new Path(root, "ground_truth.json");
    write(file, json.getBytes(StandardCharsets.UTF_8));
    LOG.info("Wrote {}", file);
  }

  void dropStaging() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      LOG.warn("Cannot remove the staging folder {}; remove it by hand", staging, e);
    }
  }
}
