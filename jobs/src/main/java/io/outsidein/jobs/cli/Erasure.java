package io.outsidein.jobs.cli;

import static org.apache.spark.sql.functions.col;

import io.outsidein.common.config.IngestSettings;
import io.outsidein.common.config.SourceSettings;
import io.outsidein.common.io.RawFile;
import io.outsidein.common.io.RawFileLister;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.privacy.ErasurePredicates;
import io.outsidein.common.privacy.Pseudonymizer;
import io.outsidein.common.privacy.SuppressionList;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.schema.Source;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.stage.ConfiguredStage;
import io.outsidein.common.tables.OpsTables;
import io.outsidein.common.tables.SilverTables;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * One erasure request: the people named by raw customer id are deleted from every table of the warehouse, kept
 * out of later deliveries, and their deleted rows made unreadable in older table versions. In order:
 *
 * <ol>
 *   <li>their identifiers' pseudonyms: the customer id's, and the e-mail address's and phone number's the
 *       customer master holds for them;
 *   <li>every table but those the recomputation rewrites: rows that mention a pseudonym deleted, references to
 *       them (who referred a customer) cleared; the event dates their silver rows held noted;
 *   <li>the journeys, scores and dashboard aggregates recomputed for those dates, as a night would after a
 *       late delivery: sessions of a shared device are stitched again without them, and small cells of the
 *       aggregates no longer count them;
 *   <li>every table once more (what the recomputation did not rewrite, e.g. an old case);
 *   <li>their hashes in the suppression list, the touched tables vacuumed, one row in the erasure log.
 * </ol>
 */
final class Erasure {
  /**
   * Purpose label of the erasure log's derived key: its hashes match neither a pseudonym nor the suppression
   * list's ({@link SuppressionList#PURPOSE}).
   */
  static final String ERASURE_LOG = "erasure-log";
  /** The stages that recompute what an erasure changed: the ones that aggregate people into cells. */
  private static final Set<String> RECOMPUTED = Set.of("journeys", "scores", "publish");

  private final Environment environment;
  private final StageRunner runner;
  private final PrintStream out;

  Erasure(Environment environment, StageRunner runner, PrintStream out) {
    this.environment = environment;
    this.runner = runner;
    this.out = out;
  }

  /** What the request removed, for the command's report and its test. */
  record Outcome(String requestId, Map<TableName, Long> rowsRemoved, List<TableName> vacuumed,
      List<String> rawFilesToReview, List<LocalDate> recomputedDates) {}

  Outcome forget(String requestId, List<String> rawIds, RunContext run, Duration vacuumRetention, boolean recompute) {
    SparkSession spark = environment.spark();
    Pseudonymizer pseudonymizer = environment.pseudonymizer();
    Set<String> customers = new TreeSet<>();
    rawIds.forEach(id -> customers.add(pseudonymizer.pseudonymise(id)));
    Set<String> identifiers = new TreeSet<>(customers);
    identifiers.addAll(contactPseudonyms(customers));
    ErasurePredicates predicates = new ErasurePredicates(identifiers);

    Map<TableName, TableDefinition> tables = environment.allTables();
    tables.values().forEach(environment.tables()::ensure);
    Set<TableName> rewritten = new LinkedHashSet<>();
    environment.stages().stream().filter(s -> RECOMPUTED.contains(s.name()))
        .forEach(s -> s.stage().writes(environment.settings().catalog()).forEach(t -> rewritten.add(t.name())));

    Map<TableName, Long> removed = new LinkedHashMap<>();
    ChangedDates changed = ChangedDates.none();
    for (TableDefinition table : tables.values()) {
      if (rewritten.contains(table.name())) {
        // Rewritten by the recomputation below; what it will remove is counted now, for the report.
        removed.merge(table.name(), recompute ? count(table.name(), predicates) : 0L, Long::sum);
        continue;
      }
      List<LocalDate> dates = silverDates(table, predicates);
      if (!dates.isEmpty()) {
        changed = changed.plus(ChangedDates.of(table.name(), dates));
      }
      removed.merge(table.name(), erase(table.name(), predicates), Long::sum);
    }
    List<LocalDate> dates = changed.in(tables.values());
    if (recompute && !dates.isEmpty()) {
      LocalDate last = dates.get(dates.size() - 1);
      out.println("forget   recomputing journeys, scores and dashboards for " + dates.size() + " event dates "
          + dates.get(0) + ".." + last);
      List<ConfiguredStage<?>> stages = environment.stages().stream().filter(s -> RECOMPUTED.contains(s.name()))
          .toList();
      runner.recompute(stages, new RunContext(run.runId(), last, last, run.startedAt()), changed);
    }
    for (TableDefinition table : tables.values()) {
      removed.merge(table.name(), erase(table.name(), predicates), Long::sum);
    }

    Timestamp now = Timestamp.from(Instant.now());
    SuppressionList suppression = new SuppressionList(pseudonymizer, Set.of());
    TableDefinition erased = OpsTables.erasedSubjects(environment.settings().catalog());
    environment.tables().insertNew(erased.name(), spark.createDataFrame(customers.stream()
        .map(p -> RowFactory.create(suppression.hashOf(p), requestId, now)).toList(), erased.schema()),
        List.of("subject_hash"), "");

    // The tables rows were deleted from, and those the recomputation rewrote: their older versions hold them.
    Set<TableName> touched = new LinkedHashSet<>();
    removed.forEach((t, n) -> {
      if (n > 0 || (recompute && !dates.isEmpty() && rewritten.contains(t))) {
        touched.add(t);
      }
    });
    List<TableName> vacuumed = touched.stream()
        .filter(t -> spark.catalog().tableExists(t.database(), t.table())).toList();
    vacuum(spark, vacuumed, vacuumRetention);
    List<String> review = rawFilesNaming(rawIds);
    Pseudonymizer log = pseudonymizer.forPurpose(ERASURE_LOG);
    TableDefinition erasureLog = OpsTables.erasureLog(environment.settings().catalog());
    Map<String, Long> perTable = new LinkedHashMap<>();
    removed.forEach((t, n) -> perTable.put(t.toString(), n));
    Row entry = RowFactory.create(requestId, Timestamp.from(Instant.now()), customers.size(),
        customers.stream().map(log::pseudonymise).toList(), perTable,
        vacuumed.stream().map(TableName::toString).toList(), vacuumRetention.toHours(), review);
    environment.tables().append(erasureLog.name(), spark.createDataFrame(List.of(entry), erasureLog.schema()));
    return new Outcome(requestId, removed, vacuumed, review, dates);
  }

  /** The pseudonyms of the e-mail addresses and phone numbers the customer master holds for the customers. */
  private Set<String> contactPseudonyms(Set<String> customers) {
    TableDefinition master = SilverTables.of(environment.settings().catalog(), Source.CUSTOMERS);
    Set<String> contacts = new TreeSet<>();
    if (!environment.spark().catalog().tableExists(master.name().database(), master.name().table())) {
      return contacts;
    }
    for (Row row : environment.spark().table(master.name().sql())
        .where(col("customer_id").isin(customers.toArray())).select("email", "phone").collectAsList()) {
      for (int i = 0; i < 2; i++) {
        if (!row.isNullAt(i)) {
          contacts.add(row.getString(i));
        }
      }
    }
    return contacts;
  }

  /** The event dates of a silver table's rows that mention the people: the dates the night must recompute. */
  private List<LocalDate> silverDates(TableDefinition table, ErasurePredicates predicates) {
    if (!table.name().database().equals(environment.settings().catalog().silverDatabase())
        || !List.of(table.schema().fieldNames()).contains(Source.EVENT_DATE)) {
      return List.of();
    }
    return predicates.mentions(table.schema()).map(p -> environment.spark().table(table.name().sql())
            .where(functions.expr(p)).select(Source.EVENT_DATE).distinct().collectAsList().stream()
            .filter(r -> !r.isNullAt(0)).map(r -> r.getDate(0).toLocalDate()).sorted().toList())
        .orElse(List.of());
  }

  /** The rows of a table that mention a pseudonym. */
  private long count(TableName table, ErasurePredicates predicates) {
    SparkSession spark = environment.spark();
    if (!spark.catalog().tableExists(table.database(), table.table())) {
      return 0;
    }
    return predicates.mentions(spark.table(table.sql()).schema())
        .map(p -> spark.table(table.sql()).where(functions.expr(p)).count()).orElse(0L);
  }

  /** References cleared, then rows that mention a pseudonym deleted; the rows touched. */
  private long erase(TableName table, ErasurePredicates predicates) {
    SparkSession spark = environment.spark();
    if (!spark.catalog().tableExists(table.database(), table.table())) {
      return 0;
    }
    var schema = spark.table(table.sql()).schema();
    long touched = 0;
    for (ErasurePredicates.Reference reference : predicates.references(schema)) {
      Row updated = spark.sql("UPDATE " + table.sql() + " SET `" + reference.column() + "` = NULL WHERE "
          + reference.predicate()).first();
      touched += updated.isNullAt(0) ? 0 : updated.getLong(0);
    }
    var mentions = predicates.mentions(schema);
    if (mentions.isPresent()) {
      touched += environment.tables().delete(table, mentions.get());
    }
    return touched;
  }

  /**
   * VACUUM of the tables, so that their older versions no longer hold the deleted rows once the retention has
   * passed. Under Delta's 7 days the retention check is switched off for these statements only.
   */
  private void vacuum(SparkSession spark, Collection<TableName> tables, Duration retention) {
    try (VacuumConf conf = VacuumConf.of(spark, retention, 0, out)) {
      for (TableName table : tables) {
        // Deletion vectors keep deleted rows inside files the current version still reads: purged first.
        Row dv = spark.sql("SHOW TBLPROPERTIES " + table.sql() + " ('delta.enableDeletionVectors')").first();
        if ("true".equalsIgnoreCase(dv.getString(1))) {
          spark.sql("REORG TABLE " + table.sql() + " APPLY (PURGE)").collectAsList();
        }
        spark.sql("VACUUM " + table.sql() + " RETAIN " + retention.toHours() + " HOURS").collectAsList();
      }
    }
  }

  /**
   * The raw deliveries still kept that contain one of the raw ids as written: the raw zone is not rewritten
   * (a delivery is evidence of what was received), so these are listed for review or early deletion, and
   * age out with the raw retention of {@code outsidein maintain}.
   */
  private List<String> rawFilesNaming(List<String> rawIds) {
    IngestSettings ingest = (IngestSettings) environment.stage("ingest").settings();
    RawFileLister lister = new RawFileLister(environment.spark().sparkContext().hadoopConfiguration(),
        SparkSessionFactory.uri(environment.settings().storage().raw()));
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
    // Gzip is read as text too; a binary (Parquet) delivery is searched as its bytes' text, which finds ids
    // stored uncompressed as plain strings. A truncated file is searched as far as it goes.
    org.apache.spark.sql.Column named = functions.lit(false);
    for (String id : rawIds) {
      named = named.or(functions.instr(col("value"), id).gt(0));
    }
    return environment.spark().read().option("ignoreCorruptFiles", "true").text(files.toArray(new String[0])).where(named)
        .select(functions.input_file_name().as("file")).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList();
  }

  /** The request's outcome in one line. */
  static String describe(Outcome outcome) {
    long rows = outcome.rowsRemoved().values().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, "request %s: %,d rows removed from %d tables, %d tables vacuumed, %d raw "
            + "files to review", outcome.requestId(), rows,
        outcome.rowsRemoved().values().stream().filter(n -> n > 0).count(), outcome.vacuumed().size(),
        outcome.rawFilesToReview().size());
  }
}
