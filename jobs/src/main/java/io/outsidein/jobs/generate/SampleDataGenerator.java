package io.outsidein.jobs.generate;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.outsidein.common.schema.ReasonCodes;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code outsidein generate}: writes all six raw sources for a date range, deterministic for the seed, with
 * the planted truths and (bad-rate > 0) the faults, and returns what it planted. Everything is generated
 * inside Spark from {@code spark.range} over entities (customers, unit-months, calendar entries) with
 * per-entity random streams, so any partitioning gives the same rows; only small aggregates reach the driver.
 */
public final class SampleDataGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(SampleDataGenerator.class);
  /** Entities per generating task: small enough to spread over the cores, large enough to amortise a task. */
  private static final long ENTITIES_PER_TASK = 400;
  private static final String GZIP_STAGE = "gzip";
  private static final String TEXT_STAGE = "text";
  private static final String PARQUET_STAGE = "parquet";

  private final GeneratorSettings settings;

  public SampleDataGenerator(GeneratorSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  /** Writes raw/<source>/dt=YYYY-MM-DD/ under rawRoot and rawRoot/ground_truth.json; returns what it planted. */
  public GroundTruth generate(SparkSession spark, String rawRoot) {
    requireNonNull(spark, "spark is null");
    requireNonNull(rawRoot, "rawRoot is null");
    long started = System.nanoTime();
    World world = World.of(settings);
    ProfileFactory profiles = new ProfileFactory(settings, world);
    LOG.info("Generating {} to {} ({} days): {} customers, {} prospects, seed {}, bad rate {}, into {}",
        settings.from(), settings.to(), settings.days(), settings.customers(), profiles.prospects(), settings.seed(),
        settings.badRate(), rawRoot);

    Dataset<Row> text = textRows(spark, world, profiles);
    Dataset<Row> customers = customerRows(spark, world);
    RawLayoutWriter writer = new RawLayoutWriter(spark, rawRoot);

    Map<String, FaultCounts> faults = new TreeMap<>();
    withJobDescription(spark, "generate: count records and faults", () -> {
      faults.putAll(FaultCounter.count(text.filter(col(RawRows.RANK).equalTo(RawRows.DATA))
          .select(RawRows.SOURCE, RawRows.KEY, RawRows.REASON)));
      faults.putAll(FaultCounter.count(customers.select(RawRows.SOURCE, RawRows.KEY, RawRows.REASON)));
      return null;
    });
    int partitions = settings.volumes().writePartitions();
    withJobDescription(spark, "generate: write interactions", () -> {
      writer.stageText(text.filter(col(RawRows.SOURCE).equalTo(SourceFormat.INTERACTIONS.id())), GZIP_STAGE, true,
          partitions);
      return null;
    });
    withJobDescription(spark, "generate: write order_lines, surveys, engagement, context_events", () -> {
      writer.stageText(text.filter(col(RawRows.SOURCE).notEqual(SourceFormat.INTERACTIONS.id())), TEXT_STAGE, false,
          partitions);
      return null;
    });
    withJobDescription(spark, "generate: write customers", () -> {
      writer.stageParquet(customers, CustomerMasterGenerator.COLUMNS, PARQUET_STAGE, partitions);
      return null;
    });
    for (SourceFormat format : SourceFormat.values()) {
      String stage = switch (format.layout()) {
        case JSON_GZIP -> GZIP_STAGE;
        case PARQUET -> PARQUET_STAGE;
        default -> TEXT_STAGE;
      };
      writer.publish(format, stage, settings.from(), settings.to());
    }
    writer.dropStaging();
    if (settings.badRate() > 0) {
      long badHeaderRecords = new FileFaults(writer).write(FileFaults.day(settings));
      faults.put(SourceFormat.INTERACTIONS.id(), counts(faults, SourceFormat.INTERACTIONS)
          .plusFile(ReasonCodes.TRUNCATED_FILE, 1));
      faults.put(SourceFormat.SURVEYS.id(), counts(faults, SourceFormat.SURVEYS)
          .plusFile(ReasonCodes.BAD_HEADER, badHeaderRecords));
    }
    for (SourceFormat format : SourceFormat.values()) {
      faults.putIfAbsent(format.id(), counts(faults, format));
    }
    GroundTruth truth = new GroundTruth(PlantedTruths.run(settings, profiles), PlantedTruths.layout(settings, world),
        PlantedTruths.planted(settings, world), faults);
    writer.writeGroundTruth(truth.toJson());
    LOG.info("Generated {} to {} in {} s: {}", settings.from(), settings.to(),
        (System.nanoTime() - started) / 1_000_000_000, summary(faults));
    return truth;
  }

  /** Interactions, order_lines and surveys from the customers; engagement; context events; CSV headers. */
  private Dataset<Row> textRows(SparkSession spark, World world, ProfileFactory profiles) {
    ActivitySimulator activity = new ActivitySimulator(settings, world);
    EngagementGenerator engagement = new EngagementGenerator(settings, world);
    ContextEventsGenerator context = new ContextEventsGenerator(settings, world);
    Dataset<Row> rows = entities(spark, profiles.entities())
        .flatMap((FlatMapFunction<Long, Row>) e -> activity.simulate(e).iterator(), Encoders.row(RawRows.SCHEMA));
    Dataset<Row> pulses = entities(spark, engagement.entities())
        .flatMap((FlatMapFunction<Long, Row>) e -> engagement.pulses(e).iterator(), Encoders.row(RawRows.SCHEMA));
    Dataset<Row> calendar = entities(spark, context.entities())
        .flatMap((FlatMapFunction<Long, Row>) e -> context.lines(e).iterator(), Encoders.row(RawRows.SCHEMA));
    return rows.union(pulses).union(calendar).union(spark.createDataFrame(headers(), RawRows.SCHEMA));
  }

  private Dataset<Row> customerRows(SparkSession spark, World world) {
    CustomerMasterGenerator master = new CustomerMasterGenerator(settings, world);
    return entities(spark, master.entities()).flatMap((FlatMapFunction<Long, Row>) e -> master.rows(e).iterator(),
        Encoders.row(CustomerMasterGenerator.SCHEMA));
  }

  private static Dataset<Long> entities(SparkSession spark, long count) {
    int slices = (int) Math.max(1, Math.min(2_000, (count + ENTITIES_PER_TASK - 1) / ENTITIES_PER_TASK));
    return spark.range(0, count, 1, slices);
  }

  /** A header row for every dt folder a CSV source may deliver into: it sorts first in the folder's file. */
  private List<Row> headers() {
    List<Row> headers = new ArrayList<>();
    for (LocalDate day = settings.from(); !day.isAfter(settings.to()); day = day.plusDays(1)) {
      headers.add(RawRows.header(SourceFormat.ORDER_LINES, day.toString()));
      headers.add(RawRows.header(SourceFormat.SURVEYS, day.toString()));
    }
    Set<LocalDate> pulseDays = new LinkedHashSet<>();
    for (YearMonth month : EngagementGenerator.deliveredMonths(settings)) {
      LocalDate delivery = EngagementGenerator.delivery(month, settings);
      pulseDays.add(delivery);
      // Conflicting and re-delivered pulses may land up to three days later.
      for (int late = 1; late <= 3 && settings.badRate() > 0; late++) {
        if (!delivery.plusDays(late).isAfter(settings.to())) {
          pulseDays.add(delivery.plusDays(late));
        }
      }
    }
    pulseDays.forEach(day -> headers.add(RawRows.header(SourceFormat.ENGAGEMENT, day.toString())));
    return headers;
  }

  private static FaultCounts counts(Map<String, FaultCounts> faults, SourceFormat format) {
    FaultCounts counts = faults.get(format.id());
    if (counts != null) {
      return counts;
    }
    Map<String, Long> zero = new TreeMap<>();
    FaultInjector.reasons(format).forEach(r -> zero.put(r, 0L));
    return new FaultCounts(0, zero, 0);
  }

  private static String summary(Map<String, FaultCounts> faults) {
    StringBuilder text = new StringBuilder();
    faults.forEach((source, counts) -> text.append(source).append('=').append(counts.records()).append(" records (")
        .append(counts.quarantinedTotal()).append(" quarantined, ").append(counts.duplicates())
        .append(" duplicates) "));
    return text.toString().trim();
  }

  private static <T> T withJobDescription(SparkSession spark, String description, Supplier<T> action) {
    spark.sparkContext().setJobDescription(description);
    try {
      return action.get();
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }
}
