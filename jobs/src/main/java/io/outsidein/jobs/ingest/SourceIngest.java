package io.outsidein.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.config.FeedSettings;
import io.outsidein.common.config.IngestSettings;
import io.outsidein.common.config.SourceSettings;
import io.outsidein.common.io.FileRejection;
import io.outsidein.common.io.RawFile;
import io.outsidein.common.io.RawFileInspector;
import io.outsidein.common.io.RawFileLister;
import io.outsidein.common.io.RawReader;
import io.outsidein.common.io.RawRecords;
import io.outsidein.common.io.StagingArea;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.privacy.ErasurePredicates;
import io.outsidein.common.privacy.RawRecordSanitizer;
import io.outsidein.common.privacy.SuppressionList;
import io.outsidein.common.privacy.Redactor;
import io.outsidein.common.quality.QualityContract;
import io.outsidein.common.quality.RecordValidator;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.Field;
import io.outsidein.common.schema.FieldType;
import io.outsidein.common.schema.ReasonCodes;
import io.outsidein.common.schema.Source;
import io.outsidein.common.stage.StageContext;
import io.outsidein.common.tables.SilverTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw to silver for one source of a run: lists and inspects the files, reads them, applies the quality rules and
 * privacy, quarantines what fails, deduplicates and inserts what is new into silver, and counts. The rules are
 * pure functions of frames; this class only wires them to the files and tables, and {@link SourceVerdict}
 * judges the counts.
 */
final class SourceIngest {
  private static final Logger LOG = LoggerFactory.getLogger(SourceIngest.class);

  private final StageContext context;
  private final IngestSettings settings;
  private final StagingArea staging;
  private final TableDefinition quarantine;
  private final RawRecordSanitizer sanitizer;
  private final Redactor redactor;
  private final SuppressionList suppression;

  SourceIngest(StageContext context, IngestSettings settings, StagingArea staging, TableDefinition quarantine,
      RawRecordSanitizer sanitizer, Redactor redactor, SuppressionList suppression) {
    this.suppression = suppression;
    this.context = context;
    this.settings = settings;
    this.staging = staging;
    this.quarantine = quarantine;
    this.sanitizer = sanitizer;
    this.redactor = redactor;
  }

  /** The files of one feed for the run's delivery dates, and where they were looked for. */
  record FeedDelivery(FeedSettings feed, List<RawFile> files, String location) {}

  /** The files of every feed of a source. */
  record Delivery(List<FeedDelivery> feeds) {
    List<RawFile> files() {
      return feeds.stream().flatMap(f -> f.files().stream()).toList();
    }

    String location() {
      return feeds.stream().map(FeedDelivery::location).collect(Collectors.joining(", "));
    }
  }

  Delivery delivery(RawFileLister lister, Source source) {
    RunContext run = context.run();
    return new Delivery(settings.source(source).feeds().stream()
        .map(feed -> new FeedDelivery(feed, lister.list(feed.path(), run.from(), run.to()),
            lister.location(feed.path(), run.from(), run.to())))
        .toList());
  }

  /**
   * Records of people on the suppression list marked {@code erased_subject} (a reference to one, such as who
   * referred a customer, cleared): after pseudonymisation, so that the list's hash is computed from the pseudonym.
   */
  private Dataset<Row> erasedMarked(Source source, Dataset<Row> pseudonymised) {
    List<String> fields = source.fields().stream().map(Field::name).toList();
    if (!fields.contains("customer_id")) {
      return pseudonymised;
    }
    Set<String> references = ErasurePredicates.REFERENCE_COLUMNS.stream().filter(fields::contains)
        .collect(Collectors.toSet());
    Set<String> maps = source.fields().stream().filter(f -> f.type() == FieldType.STRING_MAP)
        .map(Field::name).collect(Collectors.toSet());
    return suppression.mark(pseudonymised, "customer_id", references, maps, RecordValidator.REASON);
  }

  /**
   * A source's run-log row (its count of records new to quarantine still 0) and its quarantine rows, when it has
   * any: they go to {@code ops.quarantine} in one MERGE for every source of the run ({@link IngestJob}).
   */
  record Ingested(RunLogEntry entry, Optional<Dataset<Row>> quarantine) {}

  Ingested ingest(Source source, Delivery delivery) {
    RunContext run = context.run();
    Instant started = Instant.now();
    SourceSettings sourceSettings = settings.source(source);
    TableDefinition silver = SilverTables.of(context.settings().catalog(), source);
    context.spark().sparkContext().setJobDescription(IngestJob.NAME + " " + source.id() + " " + run.from() + ".." + run.to());

    // Each feed is inspected, read and validated in its own layout and zones; from there on one frame.
    List<FileRejection> fileRejections = new ArrayList<>();
    Dataset<Row> validated = null;
    for (FeedDelivery feed : delivery.feeds()) {
      if (feed.files().isEmpty()) {
        LOG.info("No {} file of feed {} under {}", source.id(), feed.feed().name(), feed.location());
        continue;
      }
      List<String> required = sourceSettings.requiredFields(source).stream().map(feed.feed()::deliveredName).toList();
      RawFileInspector.Inspection inspection = new RawFileInspector(context.spark()).inspect(feed.files(), required);
      fileRejections.addAll(inspection.rejections());
      Set<RawFile> rejectedFiles = inspection.rejections().stream().map(FileRejection::file).collect(Collectors.toSet());
      List<RawFile> readable = feed.files().stream().filter(f -> !rejectedFiles.contains(f)).toList();
      Dataset<Row> raw = new RawReader(context.spark(), settings.readParallelism())
          .read(source, feed.feed(), readable, inspection.csvHeaders());
      Dataset<Row> part = new RecordValidator(source, settings, feed.feed()).validate(raw);
      validated = validated == null ? part : validated.unionByName(part);
    }
    // Only rejected records need their raw text (for quarantine); valid ones keep a hash of their content to
    // tell a record delivered again from another with the same key. The staged frame is then mostly typed
    // columns, half the size. Parsing, validation and pseudonyms run once, in the pass that stages; every
    // later action reads Parquet.
    long t0 = System.nanoTime();
    Dataset<Row> records = staging.stage(source.id(),
        erasedMarked(source, new Pseudonymisation(context.pseudonymizer().udf(), redactor.udf())
                .apply(source, validated))
            .withColumn(Deduplication.CONTENT, Deduplication.content(source.fieldSchema()))
            .withColumn(Deduplication.KEY, Deduplication.key(sourceSettings.feeds()))
            .withColumn(RawRecords.RAW, when(col(RecordValidator.REASON).isNotNull(), col(RawRecords.RAW))));
    // One pass over the staged records (two columns of them): counts and the event dates of valid rows.
    Column isValid = col(RecordValidator.REASON).isNull();
    Row counted = records.agg(
        count(lit(1)).as("all"),
        sum(when(isValid, 1).otherwise(0)).as("valid"),
        sum(when(isValid.unary_$bang(), 1).otherwise(0)).as("rejected"),
        eventDatesOf(source, isValid),
        sum(when(col(RecordValidator.REASON).equalTo(ReasonCodes.ERASED_SUBJECT), 1).otherwise(0)).as("erased"))
        .first();
    long erased = counted.isNullAt(4) ? 0 : counted.getLong(4);
    long valid = counted.isNullAt(1) ? 0 : counted.getLong(1);
    long rejected = counted.isNullAt(2) ? 0 : counted.getLong(2);
    long t1 = System.nanoTime();

    // Each valid record's fate by its key, judged once against the batch and what silver holds: new, a
    // duplicate, or a conflict. Staged, as the counts, the quarantine and the append all read it.
    List<String> silverColumns = Arrays.asList(silver.schema().fieldNames());
    Dataset<Row> judged = valid == 0 ? records.where(isValid).withColumn(Deduplication.FATE, lit(Deduplication.NEW))
        : staging.stage(source.id() + "-judged", Deduplication.judge(records.where(isValid),
            existing(silver, source, sourceSettings)));
    Column fate = col(Deduplication.FATE);
    Row fates = valid == 0 ? null : judged.agg(sum(when(fate.equalTo(Deduplication.CONFLICT), 1).otherwise(0)),
        sum(when(fate.equalTo(Deduplication.NEW), 1).otherwise(0))).first();
    long conflicts = fates == null ? 0 : fates.getLong(0);
    long fresh = fates == null ? 0 : fates.getLong(1);
    long t2 = System.nanoTime();

    Timestamp quarantinedAt = Timestamp.from(run.startedAt());
    QuarantineRecords quarantineRecords = new QuarantineRecords(sanitizer, quarantine.schema());
    Dataset<Row> quarantined = quarantineRecords
        .fromRecords(source, records.where(col(RecordValidator.REASON).isNotNull()), run.runId(), quarantinedAt)
        .unionByName(quarantineRecords.fromConflicts(source,
            judged.where(col(Deduplication.FATE).equalTo(Deduplication.CONFLICT)), silverColumns, run.runId(),
            quarantinedAt))
        .unionByName(quarantineRecords.fromFiles(context.spark(), source, fileRejections, run.runId(),
            quarantinedAt));
    // Written with every other source's in one MERGE (IngestJob); none when there is nothing to quarantine.
    Optional<Dataset<Row>> toQuarantine = rejected + conflicts + fileRejections.size() > 0 ? Optional.of(quarantined)
        : Optional.empty();

    // The judgement already held every new record against silver: an append, not a MERGE that would read
    // silver a second time. Silver's growth is still checked against it (SourceVerdict).
    long written = 0;
    long growth = 0;
    if (fresh > 0) {
      long before = context.tables().count(silver.name());
      context.tables().append(silver.name(), judged.where(fate.equalTo(Deduplication.NEW))
          .select(silverColumns.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new)));
      written = fresh;
      growth = context.tables().count(silver.name()) - before;
    }
    long t3 = System.nanoTime();
    LOG.info("Ingest steps of {}: parse, validate and stage {} ms; judge {} ms; deduplicate and insert {} ms",
        source.id(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);

    SourceCounts counts = new SourceCounts(counted.getLong(0), valid, rejected, conflicts,
        fileRejections.stream().mapToLong(FileRejection::records).sum(), written, growth);
    // The dates of this batch's valid rows; when nothing was new, none was touched.
    List<LocalDate> eventDates = written == 0 || counted.isNullAt(3) ? List.of()
        : counted.getList(3).stream().map(d -> ((java.sql.Date) d).toLocalDate()).sorted().collect(Collectors.toList());
    RunLogEntry entry = SourceVerdict.judge(RunLogEntry.builder(run, IngestJob.NAME, source.id(), started)
        .rows(counts.read(), counts.written(), counts.quarantined(), counts.duplicate())
        .eventDates(eventDates)
        .files(delivery.files().size(), fileRejections.size())
        .message(erased == 0 ? "" : erased + " records of forgotten people quarantined (erased_subject)")
        .build(), counts, sourceSettings.maxQuarantineShare());
    LOG.info("Ingested {} for {}..{}: read {}, written {}, quarantined {}, duplicate {}", source.id(), run.from(),
        run.to(), counts.read(), written, counts.quarantined(), counts.duplicate());
    return new Ingested(entry, toQuarantine);
  }

  /** The run-log row of a source that delivered nothing for the run's dates: said out loud, nothing written. */
  RunLogEntry nothingDelivered(Source source, Delivery delivery) {
    LOG.warn("No {} file found under {}", source.id(), delivery.location());
    return RunLogEntry.builder(context.run(), IngestJob.NAME, source.id(), Instant.now())
        .message("no file found under " + delivery.location())
        .build();
  }

  /** The identity and content hash of what silver holds within the bound this batch can reach. */
  private Dataset<Row> existing(TableDefinition silver, Source source, SourceSettings sourceSettings) {
    Dataset<Row> table = context.spark().table(silver.name().sql()).alias("t");
    String bound = reachBound(source);
    Dataset<Row> reachable = bound.isEmpty() ? table : table.where(expr(bound));
    return reachable.select(Deduplication.key(sourceSettings.feeds()).as(Deduplication.KEY),
        Deduplication.content(source.fieldSchema()).as(Deduplication.CONTENT));
  }

  /**
   * Bounds the silver partitions a batch is judged against: no valid row of this batch is older than the
   * lookback allows. A day more, as the lookback counts local dates and silver's event_date is the UTC one.
   */
  private String reachBound(Source source) {
    if (source.eventTimeField().isEmpty() || !QualityContract.hasLatenessRules(source)) {
      return "";
    }
    LocalDate oldest = context.run().from().minusDays(settings.lookbackDays() + 1L);
    return "t.`" + Source.EVENT_DATE + "` >= DATE'" + oldest + "'";
  }

  /** The distinct event dates of valid rows, as an aggregate column (null for an unpartitioned source). */
  private static Column eventDatesOf(Source source, Column valid) {
    if (source.eventTimeField().isEmpty()) {
      return lit(null).cast("array<date>").as("event_dates");
    }
    return collect_set(when(valid, col(Source.EVENT_DATE))).as("event_dates");
  }
}
