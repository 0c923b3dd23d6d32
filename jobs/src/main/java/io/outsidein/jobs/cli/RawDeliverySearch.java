package io.outsidein.jobs.cli;

import io.outsidein.common.config.IngestSettings;
import io.outsidein.common.config.SourceSettings;
import io.outsidein.common.io.RawFile;
import io.outsidein.common.io.RawFileLister;
import io.outsidein.common.schema.Source;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The raw deliveries still kept that contain one of an erasure's raw ids as written. The raw zone is not
 * rewritten (a delivery is evidence of what was received), so these are listed for review or early deletion,
 * and age out with the raw retention of {@code outsidein maintain}.
 */
final class RawDeliverySearch {
  private final SparkSession spark;
  private final RawFileLister lister;
  private final IngestSettings ingest;

  RawDeliverySearch(SparkSession spark, RawFileLister lister, IngestSettings ingest) {
    this.spark = spark;
    this.lister = lister;
    this.ingest = ingest;
  }

  /** Every kept delivery of every feed that contains one of the ids, sorted. */
  List<String> filesNaming(List<String> rawIds) {
    if (!lister.rootExists()) {
      return List.of();
    }
    List<String> files = new ArrayList<>();
    for (Source source : Source.values()) {
      SourceSettings settings = ingest.source(source);
      for (var feed : settings.feeds()) {
        List<LocalDate> dates = lister.deliveryDates(feed.path());
        if (!dates.isEmpty()) {
          lister.list(feed.path(), dates.get(0), dates.get(dates.size() - 1)).stream().map(RawFile::path)
              .forEach(files::add);
        }
      }
    }
    if (files.isEmpty()) {
      return List.of();
    }
    // Gzip is read as text too; a Parquet delivery is searched as its bytes' text, which finds the ids that its
    // encoding left as plain strings (not all: a compressed page may hide one). A truncated file is searched as
    // far as it goes. The ids stay in the filter's closure, out of the plan the Spark UI shows.
    List<String> ids = List.copyOf(rawIds);
    FilterFunction<Row> names = row -> {
      String line = row.getString(0);
      return line != null && ids.stream().anyMatch(line::contains);
    };
    return spark.read().option("ignoreCorruptFiles", "true").text(files.toArray(new String[0]))
        .withColumn("file", functions.input_file_name()).filter(names).select("file").distinct().collectAsList()
        .stream().map(r -> r.getString(0)).sorted().toList();
  }
}
