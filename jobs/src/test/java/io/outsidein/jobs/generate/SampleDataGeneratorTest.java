package io.outsidein.jobs.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleDataGeneratorTest {
  private static final LocalDate FROM = LocalDate.of(2026, 8, 25);
  private static final LocalDate TO = LocalDate.of(2026, 9, 7);
  static final StructType SURVEYS = new StructType()
      .add("response_id", DataTypes.StringType).add("submitted_at", DataTypes.StringType)
      .add("customer_id", DataTypes.StringType).add("survey_type", DataTypes.StringType)
      .add("score", DataTypes.StringType).add("case_id", DataTypes.StringType)
      .add("order_id", DataTypes.StringType).add("attributes", DataTypes.StringType)
      .add("comment", DataTypes.StringType).add("_corrupt_record", DataTypes.StringType);

  private static SparkSession spark;
  private static Path clean;
  private static GroundTruth cleanTruth;

  @BeforeAll
  static void generate() {
    spark = TestSpark.session();
    clean = TestSpark.newFolder("clean");
    cleanTruth = new SampleDataGenerator(settings(1000, 7, 0)).generate(spark, clean.toString());
  }

  static GeneratorSettings settings(int customers, long seed, double badRate) {
    return GeneratorSettings.defaults(FROM, TO).withCustomers(customers).withSeed(seed).withBadRate(badRate);
  }

  @Test
  void writesEverySourceInItsFormatUnderDtFolders() throws IOException {
    assertThat(partFiles(clean, "interactions")).allMatch(f -> f.getFileName().toString().matches("part-\\d{5}\\.json\\.gz"));
    assertThat(partFiles(clean, "order_lines")).allMatch(f -> f.toString().endsWith(".csv"));
    assertThat(partFiles(clean, "context_events")).allMatch(f -> f.getFileName().toString().matches("part-\\d{5}\\.json"));
    assertThat(partFiles(clean, "customers")).allMatch(f -> f.toString().endsWith(".parquet"));
    assertThat(Files.list(clean.resolve("interactions")).map(p -> p.getFileName().toString()).sorted())
        .hasSize(14).first().isEqualTo("dt=2026-08-25");
    assertThat(clean.resolve("_generate_staging")).doesNotExist();
    assertThat(clean.resolve("ground_truth.json")).exists();

    assertThat(firstLines(clean, "order_lines")).containsOnly("order_id,order_ts,customer_id,store_id,sku,qty,price");
    assertThat(firstLines(clean, "surveys"))
        .containsOnly("response_id,submitted_at,customer_id,survey_type,score,case_id,order_id,attributes,comment");
    assertThat(firstLines(clean, "engagement")).containsOnly("response_id,unit_id,period,"
        + "q01,q02,q03,q04,q05,q06,q07,q08,q09,q10,q11,q12");
    // Month m arrives on the first of m+1; the months before the range arrive in the first dt folder.
    assertThat(Files.list(clean.resolve("engagement")).map(p -> p.getFileName().toString()).sorted())
        .containsExactly("dt=2026-08-25", "dt=2026-09-01");

    Dataset<Row> events = spark.read().json(clean.resolve("interactions").toString());
    assertThat(events.columns()).doesNotContain("_corrupt_record");
    assertThat(events.count()).isGreaterThan(30_000);
    assertThat(events.filter(col("event_time").rlike(
        "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2})$")).count()).isEqualTo(events.count());
    assertThat(events.filter(col("event_time").endsWith("Z").unary_$bang()).count()).isPositive();
    assertThat(events.select("event_type").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsAll(List.of("page_view", "search", "add_to_cart", "checkout", "purchase", "login", "logout",
            "contact", "transfer", "resolve", "complaint", "refund", "referral", "shipped", "delivered", "returned",
            "review"))
        .allMatch(t -> Set.of("page_view", "search", "add_to_cart", "checkout", "purchase", "login", "logout",
            "contact", "transfer", "resolve", "complaint", "refund", "referral", "shipped", "delivered", "returned",
            "review").contains(t));
    // Every event is dated on or before its folder (late ones before it), never after.
    assertThat(events.filter(col("dt").lt(org.apache.spark.sql.functions.to_date(
        org.apache.spark.sql.functions.to_timestamp(col("event_time"))))).count()).isZero();
    assertThat(events.filter(col("dt").gt(org.apache.spark.sql.functions.to_date(
        org.apache.spark.sql.functions.to_timestamp(col("event_time"))))).count()).isPositive();

    Dataset<Row> orders = spark.read().option("header", "true").csv(clean.resolve("order_lines").toString());
    assertThat(orders.filter(col("order_ts").rlike("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$")).count())
        .isEqualTo(orders.count()).isPositive();
    assertThat(orders.filter(col("store_id").isNull()).count()).isPositive();
    assertThat(orders.groupBy("order_id", "sku").count().filter(col("count").gt(1)).count()).isZero();

    // RFC 4180 quoting: a quote inside a quoted field is doubled, which Spark reads with escape '"'.
    Dataset<Row> surveys = spark.read().option("header", "true").schema(SURVEYS).option("escape", "\"")
        .option("columnNameOfCorruptRecord", "_corrupt_record").csv(clean.resolve("surveys").toString());
    assertThat(surveys.filter(col("_corrupt_record").isNotNull()).count()).isZero();
    assertThat(surveys.filter(col("attributes").isNotNull()
        .and(org.apache.spark.sql.functions.from_json(col("attributes"),
            DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType)).isNull())).count()).isZero();
    assertThat(surveys.select("survey_type").distinct().count()).isEqualTo(4);

    Dataset<Row> pulses = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(clean.resolve("engagement").toString());
    assertThat(pulses.filter(col("q01").lt(1).or(col("q12").gt(5))).count()).isZero();
    assertThat(pulses.select("period").distinct().count()).isEqualTo(4);

    Dataset<Row> customers = spark.read().parquet(clean.resolve("customers").toString());
    assertThat(customers.schema().apply("signup_date").dataType()).isEqualTo(DataTypes.DateType);
    assertThat(customers.filter(col("referred_by").isNotNull()).count())
        .isEqualTo(events.filter(col("event_type").equalTo("referral")).count()).isPositive();
    assertThat(customers.filter(col("account_id").isNotNull()).count()).isPositive();
  }

  @Test
  void rerunWithTheSameSeedReplacesTheFoldersWithTheSameRowsAndAnotherSeedDiffers() throws IOException {
    Path root = TestSpark.newFolder("rerun");
    GeneratorSettings small = settings(150, 11, 0.02);
    new SampleDataGenerator(small).generate(spark, root.toString());
    // part-0*: the truncated file of the faults cannot be read.
    String interactions = root.resolve("interactions/dt=*/part-0*").toString();
    List<Row> first = spark.read().text(interactions).collectAsList();
    byte[] firstSurveys = Files.readAllBytes(root.resolve("surveys/dt=2026-08-27/part-00000.csv"));
    new SampleDataGenerator(small).generate(spark, root.toString());
    List<Row> second = spark.read().text(interactions).collectAsList();
    assertThat(second).containsExactlyInAnyOrderElementsOf(first);
    assertThat(Files.readAllBytes(root.resolve("surveys/dt=2026-08-27/part-00000.csv"))).isEqualTo(firstSurveys);
    assertThat(Files.list(root.resolve("interactions/dt=2026-08-27")).filter(p -> !p.getFileName().toString()
        .startsWith(".")).count()).isEqualTo(1);

    Path other = TestSpark.newFolder("other-seed");
    new SampleDataGenerator(small.withSeed(12)).generate(spark, other.toString());
    List<Row> third = spark.read().text(other.resolve("interactions/dt=*/part-0*").toString()).collectAsList();
    assertThat(Set.copyOf(third)).doesNotContainAnyElementsOf(first.subList(0, 100));
  }

  @Test
  void hurricaneSkusSellSeveralTimesTheirRateInWarnedStoresAndControlsDoNot() {
    GeneratorSettings settings = settings(1000, 7, 0);
    World world = World.of(settings);
    assertThat(world.calendar().warnings()).isNotEmpty();
    Dataset<Row> lines = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(clean.resolve("order_lines").toString())
        .filter(col("store_id").isNotNull())
        .withColumn("day", org.apache.spark.sql.functions.to_date(col("dt")));
    double hurricane = ratio(lines, world, settings.planted().hurricane().skus());
    double control = ratio(lines, world, settings.planted().hurricane().controlSkus());
    assertThat(hurricane).isGreaterThan(3);
    assertThat(control).isBetween(0.4, 2.0);
  }

  /** Units per store-day in the warning windows over units per store-day elsewhere, same stores. */
  private static double ratio(Dataset<Row> lines, World world, List<String> skus) {
    double inside = 0;
    double outside = 0;
    long insideDays = 0;
    long outsideDays = 0;
    for (ContextCalendar.Warning w : world.calendar().warnings()) {
      Dataset<Row> region = lines.filter(col("store_id").startsWith(w.region() + "-").and(col("sku").isin(skus.toArray())));
      org.apache.spark.sql.Column window = col("day").geq(w.start().toString()).and(col("day").leq(w.end().toString()));
      inside += units(region.filter(window));
      outside += units(region.filter(window.unary_$bang()));
      long windowDays = w.end().toEpochDay() - w.start().toEpochDay() + 1;
      insideDays += windowDays;
      outsideDays += 14 - windowDays;
    }
    return (inside / insideDays) / (outside / outsideDays);
  }

  private static double units(Dataset<Row> lines) {
    Row row = lines.agg(sum("qty")).first();
    return row.isNullAt(0) ? 0 : ((Number) row.get(0)).doubleValue();
  }

  @Test
  void plantedPairsAreBoughtTogetherWithLiftAndControlPairsAreNot() {
    Dataset<Row> lines = spark.read().option("header", "true").csv(clean.resolve("order_lines").toString()).cache();
    long baskets = lines.select("order_id").distinct().count();
    GeneratorSettings settings = settings(1000, 7, 0);
    double planted = pooledLift(lines, baskets, settings.planted().coPurchase().pairs());
    double control = pooledLift(lines, baskets, settings.planted().coPurchase().controlPairs());
    assertThat(planted).isGreaterThan(3);
    assertThat(control).isLessThan(2);
    lines.unpersist();
  }

  private static double pooledLift(Dataset<Row> lines, long baskets, List<String> pairs) {
    double together = 0;
    double expected = 0;
    for (String pair : pairs) {
      String[] items = pair.split(":");
      Dataset<Row> a = lines.filter(col("sku").equalTo(items[0])).select("order_id");
      Dataset<Row> b = lines.filter(col("sku").equalTo(items[1])).select("order_id");
      together += a.intersect(b).count();
      expected += (double) a.count() * b.count() / baskets;
    }
    return together / expected;
  }

  @Test
  void cleanDataHasNoFaults() {
    for (FaultCounts counts : cleanTruth.faults().values()) {
      assertThat(counts.quarantined().values()).allMatch(n -> n == 0);
      assertThat(counts.duplicates()).isZero();
      assertThat(counts.written()).isEqualTo(counts.records());
    }
    assertThat(cleanTruth.faults("interactions").records())
        .isEqualTo(spark.read().text(clean.resolve("interactions").toString()).count());
    assertThat(clean.resolve("interactions/dt=2026-08-31/part-99999.json.gz")).doesNotExist();
  }

  @Test
  void groundTruthJsonNamesThePlantedSizesAndControls() throws IOException {
    String json = Files.readString(clean.resolve("ground_truth.json"));
    assertThat(json).contains("\"multiplier\" : 6.0", "\"control_skus\"", "\"promoter_drop_pp_per_extra_transfer\" : 6.0",
        "\"nps_points_per_engagement_point\" : 20.0", "\"control_pairs\"", "\"store_id\" : \"<region>-<nnn>",
        "\"faults\"", "\"interactions\"");
    assertThat(json).isEqualTo(cleanTruth.toJson());
  }

  private static List<Path> partFiles(Path root, String source) throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve(source))) {
      List<Path> parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).collect(Collectors.toList());
      assertThat(parts).isNotEmpty();
      return parts;
    }
  }

  private static Set<String> firstLines(Path root, String source) throws IOException {
    return partFiles(root, source).stream().map(SampleDataGeneratorTest::firstLine).collect(Collectors.toSet());
  }

  static String firstLine(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.findFirst().orElse("");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
