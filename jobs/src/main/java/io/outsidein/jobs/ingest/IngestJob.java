package io.outsidein.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.config.IngestSettings;
import io.outsidein.common.io.RawFileLister;
import io.outsidein.common.io.StagingArea;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.privacy.RawRecordSanitizer;
import io.outsidein.common.privacy.SuppressionList;
import io.outsidein.common.privacy.Redactor;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.Field;
import io.outsidein.common.schema.Source;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.stage.Stage;
import io.outsidein.common.stage.StageContext;
import io.outsidein.common.stage.StageResult;
import io.outsidein.common.tables.OpsTables;
import io.outsidein.common.tables.SilverTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stage: raw deliveries of a run's dates to silver, source by source ({@link SourceIngest}), with
 * quarantine, and the event dates each silver table received for the stages after it. A source that delivered
 * nothing is said so in the run log and costs no Delta work.
 */
public final class IngestJob implements Stage<IngestSettings> {
  public static final String NAME = "ingest";
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Raw to silver: validate, type, pseudonymise, quarantine and deduplicate the deliveries of the dates.";
  }

  @Override
  public List<TableDefinition> reads(CatalogSettings catalog) {
    return List.of();
  }

  @Override
  public List<TableDefinition> writes(CatalogSettings catalog) {
    List<TableDefinition> tables = new ArrayList<>(SilverTables.all(catalog));
    tables.add(OpsTables.quarantine(catalog));
    return List.copyOf(tables);
  }

  @Override
  public IngestSettings settings(ConfigReader outsidein) {
    return IngestSettings.read(outsidein.section("ingest"));
  }

  @Override
  public StageResult run(StageContext context, IngestSettings settings, ChangedDates changed) {
    TableDefinition quarantine = OpsTables.quarantine(context.settings().catalog());
    Redactor redactor = new Redactor();
    RawRecordSanitizer sanitizer = new RawRecordSanitizer(context.pseudonymizer(), redactor, identifiers(settings));
    RawFileLister lister = new RawFileLister(context.spark().sparkContext().hadoopConfiguration(),
        SparkSessionFactory.uri(context.settings().storage().raw()));
    if (!lister.rootExists()) {
      throw new ConfigurationException("The raw root " + lister.root() + " does not exist (outsidein.storage.raw): "
          + "set it to the folder or bucket path the deliveries land under");
    }
    List<RunLogEntry> entries = new ArrayList<>();
    ChangedDates written = ChangedDates.none();
    try (StagingArea staging = new StagingArea(context.spark(),
        SparkSessionFactory.uri(context.settings().storage().warehouse()), context.run().runId())) {
      SourceIngest ingest = new SourceIngest(context, settings, staging, quarantine, sanitizer, redactor,
          suppressionList(context));
      Map<Source, SourceIngest.Delivery> deliveries = new EnumMap<>(Source.class);
      for (Source source : Source.values()) {
        deliveries.put(source, ingest.delivery(lister, source));
      }
      if (deliveries.values().stream().allMatch(d -> d.files().isEmpty())) {
        LOG.warn("No source has a file under {} for {}..{}: nothing to ingest", lister.root(), context.run().from(),
            context.run().to());
      }
      List<Dataset<Row>> quarantined = new ArrayList<>();
      for (Source source : Source.values()) {
        SourceIngest.Delivery delivery = deliveries.get(source);
        if (delivery.files().isEmpty()) {
          entries.add(ingest.nothingDelivered(source, delivery));
          continue;
        }
        SourceIngest.Ingested ingested = ingest.ingest(source, delivery);
        entries.add(ingested.entry());
        ingested.quarantine().ifPresent(quarantined::add);
        written = written.plus(ChangedDates.of(SilverTables.of(context.settings().catalog(), source).name(),
            ingested.entry().eventDates()));
      }
      // Inside the staging area's life: the quarantine rows are read from what it staged.
      entries = withQuarantinedNew(context, quarantine, quarantined, entries);
    }
    // Retention applies whether or not anything arrived: a source that went quiet still ages out.
    purgeQuarantine(context, settings, quarantine);
    return new StageResult(entries, written);
  }

  /** The people forgotten ({@code ops.erased_subjects}); an empty list when nobody was. */
  private static SuppressionList suppressionList(StageContext context) {
    TableDefinition erased = OpsTables.erasedSubjects(context.settings().catalog());
    java.util.Set<String> hashes = new java.util.HashSet<>();
    if (context.spark().catalog().tableExists(erased.name().database(), erased.name().table())) {
      context.spark().table(erased.name().sql()).select("subject_hash").collectAsList()
          .forEach(r -> hashes.add(r.getString(0)));
    }
    return new SuppressionList(context.pseudonymizer(), hashes);
  }

  /**
   * Every source's quarantine rows in one insert-only MERGE (a Delta transaction per source cost more than the
   * rows), then the records each source added, read back by this run's id: the MERGE reports only a total.
   * A record quarantined before keeps the id of the run that first quarantined it.
   */
  private static List<RunLogEntry> withQuarantinedNew(StageContext context, TableDefinition quarantine,
      List<Dataset<Row>> rows, List<RunLogEntry> entries) {
    if (rows.isEmpty()) {
      return entries;
    }
    long inserted = context.tables().insertNew(quarantine.name(), rows.stream().reduce(Dataset::unionByName)
        .orElseThrow(), List.of("record_key"), "");
    Map<String, Long> added = new HashMap<>();
    if (inserted > 0) {
      context.spark().table(quarantine.name().sql()).where(col("run_id").equalTo(context.run().runId()))
          .groupBy("source").count().collectAsList().forEach(r -> added.put(r.getString(0), r.getLong(1)));
    }
    return entries.stream().map(e -> e.withQuarantinedNew(added.getOrDefault(e.source(), 0L))).toList();
  }

  /**
   * Every identifier column of every source, canonical and delivered names alike, for the quarantine sanitiser:
   * a malformed record may not even say which layout it follows.
   */
  private static Set<String> identifiers(IngestSettings settings) {
    Set<String> identifiers = new HashSet<>();
    for (Source source : Source.values()) {
      for (Field field : source.fields()) {
        if (field.treatment() == Field.Treatment.PSEUDONYMISE) {
          identifiers.add(field.name());
          settings.source(source).feeds().forEach(feed -> identifiers.add(feed.deliveredName(field.name())));
        }
      }
    }
    identifiers.addAll(Source.IDENTIFIER_PROPERTY_KEYS);
    return identifiers;
  }

  private static void purgeQuarantine(StageContext context, IngestSettings settings, TableDefinition quarantine) {
    Instant cutoff = context.run().startedAt().minus(Duration.ofDays(settings.quarantineRetentionDays()));
    // An ISO instant: java.sql.Timestamp#toString would print the JVM's local zone.
    long purged = context.tables().delete(quarantine.name(), "quarantined_at < TIMESTAMP'" + cutoff + "'");
    if (purged > 0) {
      LOG.info("Purged {} quarantine rows older than {} days", purged, settings.quarantineRetentionDays());
    }
  }
}
