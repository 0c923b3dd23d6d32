package io.outsidein.jobs.cli;

import static org.apache.spark.sql.functions.col;

import io.outsidein.common.config.IngestSettings;
import io.outsidein.common.io.RawFileLister;
import io.outsidein.common.io.StagingArea;
import io.outsidein.common.io.StateDates;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.privacy.ErasurePredicates;
import io.outsidein.common.privacy.Pseudonymizer;
import io.outsidein.common.privacy.SuppressionList;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunStatus;
import io.outsidein.common.schema.Source;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.stage.ConfiguredStage;
import io.outsidein.common.tables.CustomerStateTables;
import io.outsidein.common.tables.JourneyStateTables;
import io.outsidein.common.tables.OpsTables;
import io.outsidein.common.tables.SilverTables;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
 *       them (who referred a customer) cleared; the event dates their silver rows held noted, and dropped from
 *       the stages' per-date state (the next run computes those dates again from what silver still holds);
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
  /** The session's view of the subjects' pseudonyms while an erasure runs. */
  private static final String SUBJECTS = "outsidein_erasure_subjects";
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
    // Joined against, never spliced into a statement (Delta keeps a statement's text in the table's history).
    Dataset<Row> subjects = new ErasurePredicates(identifiers).subjects(spark).cache();
    subjects.createOrReplaceTempView(SUBJECTS);
    SubjectRows rows = new SubjectRows(spark, SUBJECTS);
    try {
      // Listed first: a failure after this point leaves them kept out of later deliveries, and a rerun finds
      // the e-mail and phone pseudonyms again because the customer master is erased last.
      suppress(customers, requestId);
      Map<TableName, TableDefinition> tables = erasureOrder(environment.allTables());
      tables.values().forEach(environment.tables()::ensure);
      Set<TableName> rewritten = new LinkedHashSet<>();
      recomputingStages().forEach(s -> s.stage().writes(environment.settings().catalog())
          .forEach(t -> rewritten.add(t.name())));

      Map<TableName, Long> removed = new LinkedHashMap<>();
      ChangedDates changed = ChangedDates.none();
      for (TableDefinition table : tables.values()) {
        if (rewritten.contains(table.name())) {
          // Rewritten by the recomputation below; what it will remove is counted now, for the report.
          removed.put(table.name(), recompute ? rows.count(table.name()) : 0L);
          continue;
        }
        List<LocalDate> dates = isSilver(table) ? rows.eventDates(table) : List.of();
        if (!dates.isEmpty()) {
          changed = changed.plus(ChangedDates.of(table.name(), dates));
        }
        removed.put(table.name(), rows.erase(table.name()));
      }
      List<LocalDate> dates = changed.in(tables.values());
      // A state counts someone else's event that named them (a referral of them) until its date is computed
      // again: the dates are no longer held, whether or not the recomputation below runs the stage.
      for (TableDefinition held : List.of(JourneyStateTables.dates(environment.settings().catalog()),
          CustomerStateTables.dates(environment.settings().catalog()))) {
        new StateDates(spark, environment.tables(), held).drop(dates);
      }
      boolean recomputed = recompute && !dates.isEmpty();
      if (recomputed) {
        recompute(run, changed, dates);
      }
      // The tables the recomputation rewrites, for what it did not rewrite (e.g. an old case beyond its horizon);
      // their rows were counted above when it ran. The other tables were erased already and nothing wrote them.
      for (TableName table : rewritten) {
        long left = rows.erase(table);
        if (!recompute) {
          removed.put(table, left);
        }
      }
      // The tables rows were deleted from, and those the recomputation rewrote: their older versions hold them.
      List<TableName> vacuumed = removed.entrySet().stream()
          .filter(e -> e.getValue() > 0 || (recomputed && rewritten.contains(e.getKey())))
          .map(Map.Entry::getKey).filter(t -> spark.catalog().tableExists(t.database(), t.table())).toList();
      vacuum(spark, vacuumed, vacuumRetention);
      deleteStaging();
      List<String> review = new RawDeliverySearch(spark,
          new RawFileLister(spark.sparkContext().hadoopConfiguration(),
              SparkSessionFactory.uri(environment.settings().storage().raw())),
          (IngestSettings) environment.stage("ingest").settings()).filesNaming(rawIds);
      log(requestId, customers, removed, vacuumed, vacuumRetention, review);
      return new Outcome(requestId, removed, vacuumed, review, dates);
    } finally {
      spark.catalog().dropTempView(SUBJECTS);
      subjects.unpersist();
    }
  }

  private List<ConfiguredStage<?>> recomputingStages() {
    return environment.stages().stream().filter(s -> RECOMPUTED.contains(s.name())).toList();
  }

  /**
   * Journeys, scores and the dashboard recomputed for the event dates the people had rows on, as a night of the
   * latest published date would after a late delivery of those dates: the dashboard stays on its date.
   */
  private void recompute(RunContext run, ChangedDates changed, List<LocalDate> dates) {
    LocalDate published = latestPublished().orElse(dates.get(dates.size() - 1));
    out.println("forget   recomputing journeys, scores and dashboards for " + dates.size() + " event dates "
        + dates.get(0) + ".." + dates.get(dates.size() - 1) + " (dashboards of " + published + ")");
    runner.recompute(recomputingStages(), new RunContext(run.runId(), published, published, run.startedAt()),
        changed);
  }

  /** The latest date a publish succeeded for: the date the dashboards show. */
  private Optional<LocalDate> latestPublished() {
    TableName runLog = OpsTables.runLog(environment.settings().catalog()).name();
    if (!environment.spark().catalog().tableExists(runLog.database(), runLog.table())) {
      return Optional.empty();
    }
    Row latest = environment.spark().table(runLog.sql())
        .where(col("stage").equalTo("publish").and(col("status").equalTo(RunStatus.SUCCEEDED.code())))
        .agg(functions.max("run_date")).first();
    return latest.isNullAt(0) ? Optional.empty() : Optional.of(latest.getDate(0).toLocalDate());
  }

  private boolean isSilver(TableDefinition table) {
    return table.name().database().equals(environment.settings().catalog().silverDatabase());
  }

  /** The customer master last: its e-mail and phone pseudonyms are how a rerun finds them elsewhere. */
  private Map<TableName, TableDefinition> erasureOrder(Map<TableName, TableDefinition> tables) {
    TableName master = SilverTables.of(environment.settings().catalog(), Source.CUSTOMERS).name();
    Map<TableName, TableDefinition> ordered = new LinkedHashMap<>(tables);
    TableDefinition last = ordered.remove(master);
    if (last != null) {
      ordered.put(master, last);
    }
    return ordered;
  }

  /** The people's hashes on the suppression list. */
  private void suppress(Set<String> customers, String requestId) {
    Timestamp now = Timestamp.from(Instant.now());
    SuppressionList suppression = new SuppressionList(environment.pseudonymizer(), Set.of());
    TableDefinition erased = OpsTables.erasedSubjects(environment.settings().catalog());
    environment.tables().ensure(erased);
    environment.tables().insertNew(erased.name(), environment.spark().createDataFrame(customers.stream()
        .map(p -> RowFactory.create(suppression.hashOf(p), requestId, now)).toList(), erased.schema()),
        List.of("subject_hash"), "");
  }

  /** The request's row in the erasure log: hashes under the log's own derived key, no identifier. */
  private void log(String requestId, Set<String> customers, Map<TableName, Long> removed, List<TableName> vacuumed,
      Duration retention, List<String> review) {
    Pseudonymizer log = environment.pseudonymizer().forPurpose(ERASURE_LOG);
    TableDefinition erasureLog = OpsTables.erasureLog(environment.settings().catalog());
    Map<String, Long> perTable = new LinkedHashMap<>();
    removed.forEach((t, n) -> perTable.put(t.toString(), n));
    Row entry = RowFactory.create(requestId, Timestamp.from(Instant.now()), customers.size(),
        customers.stream().map(log::pseudonymise).toList(), perTable,
        vacuumed.stream().map(TableName::toString).toList(), retention.toHours(), review);
    environment.tables().append(erasureLog.name(),
        environment.spark().createDataFrame(List.of(entry), erasureLog.schema()));
  }

  /**
   * The staging folders a killed run left behind (<warehouse>/_staging): they hold rejected records' raw
   * text. No run is live while the erasure holds the lock over every date.
   */
  private void deleteStaging() {
    Path staging = new Path(StagingArea.folder(SparkSessionFactory.uri(environment.settings().storage().warehouse())));
    try {
      FileSystem fs = staging.getFileSystem(environment.spark().sparkContext().hadoopConfiguration());
      if (fs.exists(staging)) {
        fs.delete(staging, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the staging folder " + staging + ": " + e.getMessage(), e);
    }
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

  /** The request's outcome in one line. */
  static String describe(Outcome outcome) {
    long rows = outcome.rowsRemoved().values().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, "request %s: %,d rows removed from %d tables, %d tables vacuumed, %d raw "
            + "files to review", outcome.requestId(), rows,
        outcome.rowsRemoved().values().stream().filter(n -> n > 0).count(), outcome.vacuumed().size(),
        outcome.rawFilesToReview().size());
  }
}
