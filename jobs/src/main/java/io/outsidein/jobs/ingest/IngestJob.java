package io.outsidein.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.config.SourceSettings;
import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.io.FileRejection;
import io.outsidein.common.io.RawFile;
import io.outsidein.common.io.RawFileInspector;
import io.outsidein.common.io.RawFileLister;
import io.outsidein.common.io.RawReader;
import io.outsidein.common.io.RawRecords;
import io.outsidein.common.io.StagingArea;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.privacy.Pseudonymizer;
import io.outsidein.common.privacy.RawRecordSanitizer;
import io.outsidein.common.privacy.Redactor;
import io.outsidein.common.quality.RecordValidator;
import io.outsidein.common.runlog.OpsTables;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunStatus;
import io.outsidein.common.runlog.StageFailedException;
import io.outsidein.common.schema.Field;
import io.outsidein.common.schema.Source;
import io.outsidein.common.spark.SparkSessionFactory;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw to silver for every source of a run's delivery dates: lists and inspects the files, reads them, applies
 * the quality rules and privacy, quarantines what fails, deduplicates and inserts what is new into silver,
 * and reconciles read = written + quarantined + duplicate per source. The only class of the stage that knows
 * where data lives; the rules themselves are pure functions of frames.
 */
public final class IngestJob {
  public static final String STAGE = "ingest";
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final SparkSession spark;
  private final OutsideinSettings settings;
  private final DeltaTables tables;
  private final Pseudonymizer pseudonymizer;
  private final Redactor redactor = new Redactor();
  private final RawRecordSanitizer sanitizer;

  public IngestJob(SparkSession spark, OutsideinSettings settings, DeltaTables tables, Pseudonymizer pseudonymizer) {
    this.spark = spark;
    this.settings = settings;
    this.tables = tables;
    this.pseudonymizer = pseudonymizer;
    this.sanitizer = sanitizer();
  }

  /** The silver table of a source. */
  public static TableDefinition silverTable(OutsideinSettings settings, Source source) {
    List<String> partitions = source.eventTimeField().isPresent() ? List.of(Source.EVENT_DATE) : List.of();
    return new TableDefinition(new TableName(settings.catalog().silverDatabase(), source.id()),
        source.silverSchema(), partitions, source.description() + " (validated, UTC, deduplicated, pseudonymised)");
  }

  /** Ingests every source and returns one run-log entry per source (also written to ops.run_log by the caller). */
  public List<RunLogEntry> run(RunContext run) {
    TableDefinition quarantine = OpsTables.quarantine(settings.catalog());
    tables.ensure(quarantine);
    List<RunLogEntry> entries = new ArrayList<>();
    try (StagingArea staging = new StagingArea(spark, SparkSessionFactory.uri(settings.storage().warehouse()),
        run.runId())) {
      for (Source source : Source.values()) {
        entries.add(ingest(run, source, quarantine, staging));
      }
    }
    purgeQuarantine(run, quarantine.name());
    return entries;
  }

  private RunLogEntry ingest(RunContext run, Source source, TableDefinition quarantine, StagingArea staging) {
    Instant started = Instant.now();
    SourceSettings sourceSettings = settings.ingest().source(source);
    TableDefinition silver = silverTable(settings, source);
    tables.ensure(silver);
    spark.sparkContext().setJobDescription(STAGE + " " + source.id() + " " + run.from() + ".." + run.to());

    RawFileLister lister = new RawFileLister(spark.sparkContext().hadoopConfiguration(),
        SparkSessionFactory.uri(settings.storage().raw()));
    List<RawFile> files = lister.list(source.id(), run.from(), run.to());
    List<String> required = source.fields().stream().filter(Field::required)
        .map(f -> sourceSettings.deliveredName(f.name())).collect(Collectors.toList());
    RawFileInspector.Inspection inspection = new RawFileInspector(spark).inspect(files, required);
    Set<RawFile> rejectedFiles = inspection.rejections().stream().map(FileRejection::file).collect(Collectors.toSet());
    List<RawFile> readable = files.stream().filter(f -> !rejectedFiles.contains(f)).collect(Collectors.toList());

    Dataset<Row> raw = new RawReader(spark, settings.ingest().readParallelism())
        .read(source, sourceSettings, readable, inspection.csvHeaders());
    Dataset<Row> validated = new RecordValidator(source, settings.ingest()).validate(raw);
    // Only rejected records need their raw text (for quarantine); valid ones keep a hash of it as the
    // deduplication tie-break. The staged frame is then mostly typed columns, half the size. Parsing,
    // validation and pseudonyms run once, in the pass that stages; every later action reads Parquet.
    long t0 = System.nanoTime();
    Dataset<Row> records = staging.stage(source.id(), Deduplication.withTieBreak(
            new Pseudonymisation(pseudonymizer.udf(), redactor.udf()).apply(source, validated))
        .withColumn(RawRecords.RAW, when(col(RecordValidator.REASON).isNotNull(), col(RawRecords.RAW))));
    // One pass over the staged records (two columns of them): counts and the event dates of valid rows.
    Column isValid = col(RecordValidator.REASON).isNull();
    Row counts = records.agg(
        count(lit(1)).as("all"),
        sum(when(isValid, 1).otherwise(0)).as("valid"),
        sum(when(isValid.unary_$bang(), 1).otherwise(0)).as("rejected"),
        eventDatesOf(source, isValid)).first();
    long rawLines = counts.getLong(0);
    long valid = counts.isNullAt(1) ? 0 : counts.getLong(1);
    long rejected = counts.isNullAt(2) ? 0 : counts.getLong(2);
    long t1 = System.nanoTime();

    Timestamp quarantinedAt = Timestamp.from(run.startedAt());
    QuarantineRecords quarantineRecords = new QuarantineRecords(sanitizer, quarantine.schema());
    Dataset<Row> quarantined = quarantineRecords
        .fromRecords(source, records.where(col(RecordValidator.REASON).isNotNull()), run.runId(), quarantinedAt)
        .unionByName(quarantineRecords.fromFiles(spark, source, inspection.rejections(), run.runId(), quarantinedAt));
    tables.insertNew(quarantine.name(), quarantined, List.of("record_key"), "");
    long t2 = System.nanoTime();

    List<String> silverColumns = Arrays.asList(silver.schema().fieldNames());
    Dataset<Row> fresh = Deduplication.firstPerKey(records.where(isValid), source.naturalKey(), silverColumns);
    long before = tables.count(silver.name());
    long written = tables.insertNew(silver.name(), fresh, source.naturalKey(), mergeBound(source, run));
    long after = tables.count(silver.name());
    long t3 = System.nanoTime();
    LOG.info("Ingest steps of {}: parse, validate and stage {} ms; quarantine {} ms; deduplicate and insert {} ms",
        source.id(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
    if (after - before != written) {
      throw new StageFailedException(STAGE, source.id() + " silver grew by " + (after - before)
          + " rows but the MERGE reported " + written);
    }
    // The dates of this batch's valid rows; when nothing was new, none was touched.
    List<LocalDate> eventDates = written == 0 || counts.isNullAt(3) ? List.of()
        : counts.getList(3).stream().map(d -> ((java.sql.Date) d).toLocalDate()).sorted().collect(Collectors.toList());
    long read = rawLines + inspection.rejections().size();
    long quarantinedCount = rejected + inspection.rejections().size();
    RunLogEntry entry = new RunLogEntry(run.runId(), STAGE, run.to(), run.from(), source.id(),
        read, written, quarantinedCount, valid - written, eventDates, files.size(), inspection.rejections().size(),
        started, Instant.now(), RunStatus.SUCCEEDED, "");
    if (rawLines != valid + rejected) {
      return entry.withStatus(RunStatus.FAILED, "read " + rawLines + " records but classified "
          + (valid + rejected) + " (" + valid + " valid, " + rejected + " rejected)");
    }
    if (!entry.reconciles()) {
      return entry.withStatus(RunStatus.FAILED, "read " + read + " != written " + written + " + quarantined "
          + quarantinedCount + " + duplicate " + (valid - written));
    }
    double gate = sourceSettings.maxQuarantineShare();
    if (entry.quarantineShare() > gate) {
      return entry.withStatus(RunStatus.GATE_BREACHED, String.format(java.util.Locale.ROOT,
          "%.2f%% of %s records quarantined, above the gate of %.2f%% (outsidein.ingest.max-quarantine-share)",
          100 * entry.quarantineShare(), source.id(), 100 * gate));
    }
    LOG.info("Ingested {} for {}..{}: read {}, written {}, quarantined {}, duplicate {}", source.id(), run.from(),
        run.to(), read, written, quarantinedCount, valid - written);
    return entry;
  }

  /** Bounds the partitions the MERGE reads: no valid row of this batch is older than the lookback allows. */
  private String mergeBound(Source source, RunContext run) {
    if (source.eventTimeField().isEmpty()) {
      return "";
    }
    if (io.outsidein.common.quality.QualityContract.hasLatenessRules(source)) {
      LocalDate oldest = run.from().minusDays(settings.ingest().lookbackDays());
      return "t.`" + Source.EVENT_DATE + "` >= DATE'" + oldest + "'";
    }
    return "";
  }

  /** The distinct event dates of valid rows, as an aggregate column (null for an unpartitioned source). */
  private static Column eventDatesOf(Source source, Column valid) {
    if (source.eventTimeField().isEmpty()) {
      return lit(null).cast("array<date>").as("event_dates");
    }
    return org.apache.spark.sql.functions.collect_set(when(valid, col(Source.EVENT_DATE))).as("event_dates");
  }

  /**
   * Pseudonymises quarantined raw text. It knows every identifier column of every source, canonical and
   * delivered names alike: a malformed record may not even say which source layout it follows.
   */
  private RawRecordSanitizer sanitizer() {
    Set<String> identifiers = new HashSet<>();
    for (Source source : Source.values()) {
      for (Field field : source.fields()) {
        if (field.treatment() == Field.Treatment.PSEUDONYMISE) {
          identifiers.add(field.name());
          identifiers.add(settings.ingest().source(source).deliveredName(field.name()));
        }
      }
    }
    return new RawRecordSanitizer(pseudonymizer, redactor, identifiers);
  }

  private void purgeQuarantine(RunContext run, TableName quarantine) {
    Instant cutoff = run.startedAt().minus(java.time.Duration.ofDays(settings.ingest().quarantineRetentionDays()));
    // An ISO instant: java.sql.Timestamp#toString would print the JVM's local zone.
    long purged = tables.delete(quarantine, "quarantined_at < TIMESTAMP'" + cutoff + "'");
    if (purged > 0) {
      LOG.info("Purged {} quarantine rows older than {} days", purged, settings.ingest().quarantineRetentionDays());
    }
  }
}
