package io.outsidein.jobs.generate;


import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.schema.ReasonCodes;
import io.outsidein.common.testing.TestSpark;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A generation with faults on request (--bad-rate): the ground truth's fault counts per source and reason are
 * exactly what the files hold, each fault kind present, and the file faults (truncated gzip, bad header, empty
 * file) where the ground truth says.
 */
class GeneratorFaultsTest {
  private static SparkSession spark;
  private static Path faulty;
  private static GroundTruth faultyTruth;

  @BeforeAll
  static void generate() {
    spark = TestSpark.session();
    faulty = TestSpark.newFolder("faulty");
    faultyTruth = new SampleDataGenerator(SampleDataGeneratorTest.settings(300, 7, 0.05))
        .generate(spark, faulty.toString());
  }

  @Test
  void faultCountsInTheGroundTruthMatchTheFiles() throws IOException {
    FaultCounts interactions = faultyTruth.faults("interactions");
    assertThat(interactions.quarantined()).containsEntry(ReasonCodes.TRUNCATED_FILE, 1L);
    Path truncated = faulty.resolve("interactions/dt=2026-09-01/part-99999.json.gz");
    assertThatThrownBy(() -> readFully(truncated)).isInstanceOf(EOFException.class);

    // Everything but the truncated file: every line is one record.
    String readable = faulty.resolve("interactions/dt=*/part-0*.json.gz").toString();
    Dataset<Row> events = spark.read().schema(eventSchema()).option("columnNameOfCorruptRecord", "_corrupt_record")
        .json(readable).cache();
    assertThat(events.count() + 1).isEqualTo(interactions.records());
    assertThat(events.filter(col("_corrupt_record").isNotNull()).count())
        .isEqualTo(interactions.quarantined().get(ReasonCodes.MALFORMED_JSON)).isPositive();
    Dataset<Row> parsed = events.filter(col("_corrupt_record").isNull());
    assertThat(parsed.filter(col("event_type").isNull()).count())
        .isEqualTo(interactions.quarantined().get(ReasonCodes.missingRequired("event_type"))).isPositive();
    assertThat(parsed.filter(col("customer_id").isNull().and(col("anonymous_id").isNull())).count())
        .isEqualTo(interactions.quarantined().get(ReasonCodes.missingIdentity())).isPositive();
    assertThat(parsed.filter(org.apache.spark.sql.functions.to_timestamp(col("event_time")).isNull()).count())
        .isEqualTo(interactions.quarantined().get(ReasonCodes.unparseable("event_time"))).isPositive();
    Set<String> channels = Set.of("web", "app", "store", "call_center", "chat", "email", "social");
    assertThat(parsed.filter(col("channel").isin(channels.toArray()).unary_$bang()).count())
        .isEqualTo(interactions.quarantined().get(ReasonCodes.unknownEnum("channel"))).isPositive();
    assertThat(parsed.filter(col("amount").lt(0)).count())
        .isEqualTo(interactions.quarantined().get(ReasonCodes.outOfRange("amount")));
    Dataset<Row> valid = parsed.filter(col("event_type").isNotNull()
        .and(col("customer_id").isNotNull().or(col("anonymous_id").isNotNull()))
        .and(org.apache.spark.sql.functions.to_timestamp(col("event_time")).isNotNull())
        .and(col("channel").isin(channels.toArray()))
        .and(col("amount").isNull().or(col("amount").geq(0))));
    long distinct = valid.agg(countDistinct("event_id")).first().getLong(0);
    // A key seen again among valid rows is a re-delivery (a duplicate) or another record with it (a conflict).
    assertThat(interactions.duplicates()).isPositive();
    assertThat(interactions.quarantined().get(ReasonCodes.CONFLICTING_KEY)).isPositive();
    assertThat(valid.count() - distinct)
        .isEqualTo(interactions.duplicates() + interactions.quarantined().get(ReasonCodes.CONFLICTING_KEY));
    assertThat(valid.count() - distinct + events.count() - valid.count() + 1 + interactions.written())
        .isEqualTo(interactions.records());
    events.unpersist();

    FaultCounts surveys = faultyTruth.faults("surveys");
    // The file with the wrong header copies the day's first answers: it counts as the records it holds.
    long badHeader = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
        .csv(faulty.resolve("surveys/dt=2026-09-01/part-99998.csv").toString()).count();
    assertThat(badHeader).isPositive();
    assertThat(surveys.quarantined()).containsEntry(ReasonCodes.BAD_HEADER, badHeader);
    assertThat(SampleDataGeneratorTest.firstLine(faulty.resolve("surveys/dt=2026-09-01/part-99998.csv"))).contains(",rating,");
    Dataset<Row> answers = spark.read().option("header", "true").schema(SampleDataGeneratorTest.SURVEYS)
        .option("columnNameOfCorruptRecord", "_corrupt_record").option("escape", "\"")
        .csv(faulty.resolve("surveys/dt=*/part-0*.csv").toString()).cache();
    assertThat(answers.count() + badHeader).isEqualTo(surveys.records());
    assertThat(answers.filter(col("_corrupt_record").isNotNull()).count())
        .isEqualTo(surveys.quarantined().get(ReasonCodes.MALFORMED_CSV));
    Dataset<Row> rows = answers.filter(col("_corrupt_record").isNull());
    assertThat(rows.filter(col("customer_id").isNull()).count())
        .isEqualTo(surveys.quarantined().get(ReasonCodes.missingRequired("customer_id")));
    assertThat(rows.filter(col("survey_type").isin("nps", "csat", "ces", "relationship").unary_$bang()).count())
        .isEqualTo(surveys.quarantined().get(ReasonCodes.unknownEnum("survey_type")));
    assertThat(rows.filter(col("score").cast("int").lt(0).or(col("score").cast("int").gt(10))
        .or(col("survey_type").equalTo("csat").and(col("score").cast("int").notEqual(
            org.apache.spark.sql.functions.greatest(org.apache.spark.sql.functions.lit(1),
                org.apache.spark.sql.functions.least(org.apache.spark.sql.functions.lit(5), col("score").cast("int"))))))
        .or(col("survey_type").equalTo("ces").and(col("score").cast("int").lt(1).or(col("score").cast("int").gt(7)))))
        .count()).isEqualTo(surveys.quarantined().get(ReasonCodes.outOfRange("score")));
    answers.unpersist();

    assertThat(Files.size(faulty.resolve("order_lines/dt=2026-09-01/part-99997.csv"))).isZero();
    FaultCounts orders = faultyTruth.faults("order_lines");
    assertThat(spark.read().text(faulty.resolve("order_lines/dt=*/part-0*.csv").toString())
        .filter(col("value").startsWith("order_id,").unary_$bang()).count()).isEqualTo(orders.records());
    FaultCounts customers = faultyTruth.faults("customers");
    Dataset<Row> master = spark.read().parquet(faulty.resolve("customers").toString());
    assertThat(master.count()).isEqualTo(customers.records());
    assertThat(master.filter(col("segment").isNull()).count())
        .isEqualTo(customers.quarantined().get(ReasonCodes.missingRequired("segment")));
  }

  private static StructType eventSchema() {
    return new StructType().add("event_id", DataTypes.StringType).add("event_time", DataTypes.StringType)
        .add("customer_id", DataTypes.StringType).add("anonymous_id", DataTypes.StringType)
        .add("channel", DataTypes.StringType).add("event_type", DataTypes.StringType)
        .add("amount", DataTypes.DoubleType).add("properties", DataTypes.createMapType(DataTypes.StringType,
            DataTypes.StringType)).add("_corrupt_record", DataTypes.StringType);
  }

  private static void readFully(Path gzip) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gzip))) {
      in.readAllBytes();
    }
  }
}
