package io.outsidein.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.privacy.PseudonymKey;
import io.outsidein.common.privacy.Pseudonymizer;
import io.outsidein.common.schema.ReasonCodes;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import io.outsidein.jobs.testing.TestOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The erasure end to end, on a copy of the acceptance warehouse (the warehouse itself is read by other classes
 * at the same time): three customers forgotten (one who referred others, one who shared a device, one with a
 * record in quarantine), then nothing of theirs in any string of any data file left under the warehouse (so in
 * no version that can still be read after the vacuum) nor in any commit, and a re-delivery of their records
 * quarantined as erased_subject.
 */
@Order(TestOrder.READS_A_SHARED_WORLD)
class ForgetTest {
  private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{64}");
  private static final LocalDate REDELIVERY = AcceptanceWarehouse.TO.plusDays(1);

  @Test
  void forgetsThreeCustomersEverywhereInEveryKeptVersionAndKeepsThemForgotten() throws IOException {
    AcceptanceWarehouse world = AcceptanceWarehouse.get();
    SparkSession spark = TestSpark.session();
    Path raw = TestSpark.newFolder("fgt-raw");
    Path warehouse = TestSpark.newFolder("fgt-warehouse");
    List<String> overrides = world.copy("fgt", raw, warehouse);
    Pseudonymizer pseudonyms = new Pseudonymizer(PseudonymKey.development());
    Map<String, String> rawIdOf = new HashMap<>();
    for (int i = 1; i <= Integer.getInteger("acceptance.customers", 3000) * 2; i++) {
      String id = String.format("C%07d", i);
      rawIdOf.put(pseudonyms.pseudonymise(id), id);
    }

    // The three people, found in the copy's tables.
    Dataset<Row> customers = delta(spark, warehouse, "silver_fgt", "customers");
    String referrer = customers.where(col("referred_by").isNotNull()).select("referred_by").orderBy("referred_by")
        .first().getString(0);
    List<String> referred = customers.where(col("referred_by").equalTo(referrer)).select("customer_id")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
    Row sharedDevice = delta(spark, warehouse, "ops_fgt", "journey_identity_marks")
        .where(col("customer_id").isNotNull()).groupBy("anonymous_id")
        .agg(countDistinct("customer_id").as("n")).where(col("n").geq(2)).orderBy("anonymous_id").first();
    String device = sharedDevice.getString(0);
    String sharer = delta(spark, warehouse, "ops_fgt", "journey_identity_marks")
        .where(col("anonymous_id").equalTo(device).and(col("customer_id").notEqual(referrer)))
        .select("customer_id").orderBy("customer_id").first().getString(0);
    String quarantined = null;
    for (Row row : delta(spark, warehouse, "ops_fgt", "quarantine").select("raw").collectAsList()) {
      Matcher m = PSEUDONYM.matcher(row.isNullAt(0) ? "" : row.getString(0));
      while (quarantined == null && m.find()) {
        String p = m.group();
        if (rawIdOf.containsKey(p) && !p.equals(referrer) && !p.equals(sharer)) {
          quarantined = p;
        }
      }
    }
    assertThat(referred).as("customers the referrer referred").isNotEmpty();
    assertThat(quarantined).as("a customer with a quarantined record").isNotNull();
    List<String> forgotten = List.of(referrer, sharer, quarantined);
    List<String> rawIds = forgotten.stream().map(rawIdOf::get).toList();
    assertThat(rawIds).doesNotContainNull();

    // Everything that could identify them: raw ids, e-mail addresses and phone numbers, and their pseudonyms.
    Set<String> needles = new LinkedHashSet<>(rawIds);
    needles.addAll(forgotten);
    for (Row row : rawCustomers(spark, raw)
        .where(col("customer_id").isin(rawIds.toArray())).select("email", "phone").collectAsList()) {
      for (int i = 0; i < 2; i++) {
        if (!row.isNullAt(i)) {
          needles.add(row.getString(i));
          needles.add(pseudonyms.pseudonymise(row.getString(i)));
        }
      }
    }
    assertThat(dataFilesNaming(spark, warehouse, needles)).as("data files naming them before").isNotEmpty();
    List<Object> theirDates = delta(spark, warehouse, "silver_fgt", "interactions")
        .where(col("customer_id").isin(forgotten.toArray())).select("event_date").distinct().collectAsList()
        .stream().map(r -> r.get(0)).toList();
    assertThat(theirDates).isNotEmpty();

    Path file = Files.writeString(raw.getParent().resolve("fgt-request.txt"), "# request\n" + rawIds.get(2) + "\n");
    List<String> args = new ArrayList<>(List.of("forget", "--customer", rawIds.get(0), "--customer", rawIds.get(1),
        "--customers", file.toString(), "--request-id", "REQ-1"));
    with(args, overrides, "outsidein.forget.vacuum-retention=0h");
    assertThat(Main.execute(args.toArray(new String[0]))).isZero();

    // Gone from every data file left under the warehouse, whichever version refers to it (a version can only be
    // read from files that remain, so this covers every readable version, in one read per table), and from the
    // tables' histories (a DELETE with their values would have left them in its commit's condition).
    assertThat(dataFilesNaming(spark, warehouse, needles)).as("data files still naming them").isEmpty();
    assertThat(logFilesNaming(warehouse, needles)).as("Delta log files naming them").isEmpty();
    // Those they were linked to stay: the customers the referrer referred, the device's other customer.
    assertThat(spark.table("silver_fgt.customers").where(col("customer_id").isin(referred.toArray())
        .and(col("referred_by").isNull())).count()).isEqualTo(referred.size());
    assertThat(spark.table("ops_fgt.journey_identity_marks").where(col("anonymous_id").equalTo(device)
        .and(col("customer_id").isNotNull())).count()).isPositive();
    Row log = spark.table("ops_fgt.erasure_log").where(col("request_id").equalTo("REQ-1")).first();
    assertThat(log.<Integer>getAs("subjects")).isEqualTo(3);
    Map<String, Long> removed = log.getJavaMap(log.fieldIndex("rows_removed"));
    assertThat(removed.get("silver_fgt.customers")).isGreaterThanOrEqualTo(3 + referred.size());
    assertThat(removed.get("silver_fgt.interactions")).isPositive();
    assertThat(removed.get("ops_fgt.quarantine")).isPositive();
    // Removed by the recomputation of journeys (which rebuilds their state from silver), and counted.
    assertThat(removed.get("ops_fgt.journey_identity_marks")).isPositive();
    assertThat(removed.get("gold_fgt.journeys")).isPositive();
    // The customers' state loses their counts, and the dates of their events: the next night computes those
    // again from silver (someone else's referral of them is gone from silver too).
    assertThat(removed.get("ops_fgt.customer_activity")).isPositive();
    assertThat(spark.table("ops_fgt.customer_activity_dates").where(col("event_date").isin(theirDates.toArray()))
        .count()).isZero();
    assertThat(spark.table("ops_fgt.customer_activity_dates").count()).isPositive();
    assertThat(log.getList(log.fieldIndex("tables_vacuumed"))).contains("silver_fgt.interactions",
        "gold_fgt.journeys", "ops_fgt.journey_identity_marks", "ops_fgt.journey_events");
    assertThat(log.<String>getList(log.fieldIndex("raw_files_to_review")))
        .isNotEmpty().allMatch(f -> f.contains(raw.getFileName().toString()));
    assertThat(spark.table("ops_fgt.erased_subjects").count()).isEqualTo(3);

    // A re-delivery of their records: quarantined as erased_subject with nothing but the reason, and a record
    // that names one of them as referrer lands without the reference.
    Path day = raw.resolve("interactions").resolve("dt=" + REDELIVERY);
    Files.createDirectories(day);
    Files.writeString(day.resolve("again.jsonl"), String.join("\n",
        event("E-FGT-1", rawIds.get(0)), event("E-FGT-2", rawIds.get(1)), event("E-FGT-3", "C9999999")) + "\n",
        StandardCharsets.UTF_8);
    rawCustomers(spark, raw)
        .where(col("customer_id").equalTo(rawIds.get(2)).or(col("referred_by").equalTo(rawIds.get(0))))
        .drop("dt").coalesce(1).write().parquet(raw.resolve("customers").resolve("dt=" + REDELIVERY).resolve("p").toString());
    moveUp(raw.resolve("customers").resolve("dt=" + REDELIVERY));
    List<String> ingest = new ArrayList<>(List.of("ingest", "--date", REDELIVERY.toString()));
    with(ingest, overrides, "outsidein.ingest.max-quarantine-share=1.0");
    assertThat(Main.execute(ingest.toArray(new String[0]))).isZero();
    List<Row> erased = spark.table("ops_fgt.quarantine").where(col("run_date").equalTo(java.sql.Date.valueOf(
        REDELIVERY))).select("source", "reason", "raw").collectAsList();
    assertThat(erased).extracting(r -> r.getString(0) + ":" + r.getString(1) + ":" + r.getString(2))
        .containsExactlyInAnyOrder("interactions:erased_subject:erased_subject",
            "interactions:erased_subject:erased_subject", "customers:erased_subject:erased_subject");
    assertThat(spark.table("silver_fgt.interactions").where(col("event_id").equalTo("E-FGT-3")).count()).isOne();
    assertThat(spark.table("ops_fgt.run_log").where(col("stage").equalTo("ingest")
        .and(col("source").equalTo("interactions")).and(col("run_date").equalTo(java.sql.Date.valueOf(REDELIVERY))))
        .first().<String>getAs("message")).contains("2 records of forgotten people quarantined (erased_subject)");
    assertThat(dataFilesNaming(spark, warehouse, needles)).as("data files naming them after the re-delivery")
        .isEmpty();
    // Nor did the key itself reach a table (the development key: the acceptance warehouse's).
    assertThat(dataFilesNaming(spark, warehouse, Set.of("outsidein-development-pseudonym-key-not-for-real-data")))
        .isEmpty();
    assertThat(ReasonCodes.ERASED_SUBJECT).isEqualTo("erased_subject");
  }

  /** Spark's part file of a one-file Parquet write moved to the delivery folder itself. */
  private static void moveUp(Path day) throws IOException {
    try (Stream<Path> files = Files.list(day.resolve("p"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
        Files.move(f, day.resolve("customers.parquet"));
      }
    }
    try (Stream<Path> rest = Files.walk(day.resolve("p"))) {
      rest.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The raw customer master of every delivery (a faulty file skipped). */
  private static Dataset<Row> rawCustomers(SparkSession spark, Path raw) {
    return spark.read().option("ignoreCorruptFiles", "true").parquet(raw.resolve("customers").toString());
  }

  private static String event(String id, String customer) {
    return "{\"event_id\": \"" + id + "\", \"event_time\": \"" + REDELIVERY + "T10:00:00Z\", \"customer_id\": \""
        + customer + "\", \"channel\": \"web\", \"event_type\": \"page_view\"}";
  }

  private static void with(List<String> args, List<String> overrides, String extra) {
    for (String o : overrides) {
      args.add("--set");
      args.add(o);
    }
    args.add("--set");
    args.add(extra);
  }

  private static Dataset<Row> delta(SparkSession spark, Path warehouse, String db, String table) {
    return spark.read().format("delta").load(warehouse.resolve(db + ".db").resolve(table).toString());
  }

  /**
   * Every data file left on disk under the warehouse (whichever version, if any, still refers to it) whose rows
   * hold one of the needles anywhere, or whose path does, as "table: file". Files are what a reader of the
   * storage could still open: a version of a table can only be read from the files that remain.
   */
  private static List<String> dataFilesNaming(SparkSession spark, Path warehouse, Set<String> needles)
      throws IOException {
    Map<Path, List<String>> filesByTable;
    try (Stream<Path> walk = Files.walk(warehouse)) {
      filesByTable = walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !p.toString().contains("_delta_log")).collect(Collectors.groupingBy(
              ForgetTest::tableOf, Collectors.mapping(p -> p.toUri().toString(), Collectors.toList())));
    }
    String any = needles.stream().map(Pattern::quote).collect(Collectors.joining("|"));
    List<String> found = new ArrayList<>();
    filesByTable.forEach((table, files) -> {
      for (String file : files) {
        if (needles.stream().anyMatch(file::contains)) {
          found.add(warehouse.relativize(table) + ": " + file);
        }
      }
      Dataset<Row> rows = spark.read().option("mergeSchema", "true").parquet(files.toArray(new String[0]))
          .selectExpr("to_json(struct(*)) AS j", "input_file_name() AS f").where(col("j").rlike(any));
      rows.select("f").distinct().collectAsList().forEach(r -> found.add(warehouse.relativize(table) + ": "
          + r.getString(0)));
    });
    return found;
  }

  /** The Delta table a data file belongs to: the nearest folder above it with a log. */
  private static Path tableOf(Path file) {
    Path folder = file.getParent();
    while (!Files.isDirectory(folder.resolve("_delta_log"))) {
      folder = folder.getParent();
    }
    return folder;
  }

  /** The commit files of every table whose text holds a needle whole (statistics keep 32-character prefixes). */
  private static List<String> logFilesNaming(Path warehouse, Set<String> needles) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(warehouse)) {
      for (Path f : walk.filter(p -> p.getParent() != null && p.getParent().getFileName().toString()
          .equals("_delta_log") && p.getFileName().toString().endsWith(".json")).toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        if (needles.stream().anyMatch(text::contains)) {
          found.add(warehouse.relativize(f).toString());
        }
      }
    }
    return found;
  }
}
