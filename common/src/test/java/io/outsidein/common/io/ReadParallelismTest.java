package io.outsidein.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.schema.Source;
import io.outsidein.common.testing.TestSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** One gzip file (which Spark cannot split) is still parsed by every core, and the records stay the same. */
class ReadParallelismTest {
  private static final LocalDate DAY = LocalDate.of(2026, 9, 1);

  @Test
  void aSingleGzipFileIsSpreadOverTheConfiguredTasksWithTheSameRecords() throws IOException {
    SparkSession spark = TestSpark.session();
    Path folder = TestSpark.newFolder("read-parallelism").resolve("interactions").resolve("dt=" + DAY);
    Files.createDirectories(folder);
    Path file = folder.resolve("part-0.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
        OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      for (int i = 0; i < 500; i++) {
        writer.write("{\"event_id\":\"e" + i + "\",\"event_time\":\"2026-09-01T10:00:00Z\",\"customer_id\":\"c"
            + (i % 7) + "\",\"channel\":\"web\",\"event_type\":\"page_view\"}\n");
      }
      writer.write("\n{not json\n");
    }
    DefaultDelivery settings = new DefaultDelivery();
    List<RawFile> files = List.of(new RawFile(file.toUri().toString(), DAY, Files.size(file)));

    Dataset<Row> one = new RawReader(spark, 1).read(Source.INTERACTIONS, settings.source(), files, Map.of());
    Dataset<Row> four = new RawReader(spark, 4).read(Source.INTERACTIONS, settings.source(), files, Map.of());

    assertThat(one.rdd().getNumPartitions()).isEqualTo(1);
    assertThat(four.rdd().getNumPartitions()).isEqualTo(4);
    assertThat(four.count()).isEqualTo(501);
    assertThat(four.exceptAll(one).count()).isZero();
    assertThat(one.exceptAll(four).count()).isZero();
  }

  /** The interactions delivery settings of the defaults. */
  private static final class DefaultDelivery {
    private final io.outsidein.common.config.IngestSettings settings = io.outsidein.common.config.IngestSettings.read(
        OutsideinSettings.root(new ConfigLoader().load(Optional.empty(), List.of())).section("ingest"));

    io.outsidein.common.config.FeedSettings source() {
      return settings.source(Source.INTERACTIONS).feed();
    }
  }
}
