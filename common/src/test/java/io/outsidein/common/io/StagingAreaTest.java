package io.outsidein.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class StagingAreaTest {
  @Test
  void stagedFramesReadBackTheSameRowsAndCloseRemovesTheRunFolder() {
    SparkSession spark = TestSpark.session();
    Path warehouse = TestSpark.newFolder("staging-warehouse");
    Dataset<Row> frame = spark.range(1000).selectExpr("id", "map('k', cast(id AS STRING)) AS attributes",
        "CASE WHEN id % 10 = 0 THEN NULL ELSE id * 2 END AS maybe");
    Path runFolder;
    try (StagingArea staging = new StagingArea(spark, warehouse.toUri().toString(), "run-1")) {
      Dataset<Row> staged = staging.stage("records", frame);
      runFolder = Path.of(java.net.URI.create(staging.root()));
      assertThat(staged.schema().fieldNames()).containsExactly("id", "attributes", "maybe");
      // Maps cannot be compared by set operations; their JSON can.
      Dataset<Row> expected = frame.selectExpr("id", "to_json(attributes) AS attributes", "maybe");
      Dataset<Row> actual = staged.selectExpr("id", "to_json(attributes) AS attributes", "maybe");
      assertThat(actual.count()).isEqualTo(1000);
      assertThat(actual.exceptAll(expected).count()).isZero();
      assertThat(expected.exceptAll(actual).count()).isZero();
      assertThat(Files.isDirectory(runFolder.resolve("records"))).isTrue();
    }
    assertThat(runFolder).doesNotExist();
    assertThat(warehouse.resolve("_staging")).exists();
  }
}
