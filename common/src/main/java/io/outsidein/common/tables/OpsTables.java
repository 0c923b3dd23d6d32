package io.outsidein.common.tables;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The operational tables: {@code ops.run_log}, {@code ops.quarantine} and the erasure tables
 * ({@code ops.erased_subjects}, {@code ops.erasure_log}), with their documented columns.
 */
public final class OpsTables {
  private OpsTables() {}

  public static TableDefinition runLog(CatalogSettings catalog) {
    StructType schema = new StructType(new StructField[] {
        column("run_id", DataTypes.StringType, "Id of the run: start time and a random suffix"),
        column("stage", DataTypes.StringType, "Stage: ingest, nightly, ..."),
        column("run_date", DataTypes.DateType, "Delivery date the run processed (the last one of a range)"),
        column("run_from", DataTypes.DateType, "First delivery date of the run; equals run_date for one day"),
        column("source", DataTypes.StringType, "Raw source, empty for a stage-level row"),
        column("rows_read", DataTypes.LongType, "Raw records read; an unreadable file counts as one"),
        column("rows_written", DataTypes.LongType, "Rows newly written to the target table"),
        column("rows_quarantined", DataTypes.LongType, "Records this run judged faulty (kept in ops.quarantine)"),
        column("rows_duplicate", DataTypes.LongType, "Records whose natural key was already delivered"),
        column("event_dates", DataTypes.createArrayType(DataTypes.DateType),
            "Event dates that received rows; later stages recompute exactly these"),
        column("files_read", DataTypes.LongType, "Files read"),
        column("files_quarantined", DataTypes.LongType, "Files that could not be read at all"),
        column("started_at", DataTypes.TimestampType, "Start, UTC"),
        column("ended_at", DataTypes.TimestampType, "End, UTC"),
        column("status", DataTypes.StringType, "succeeded, gate_breached or failed"),
        column("message", DataTypes.StringType, "Why, in one sentence, when not plainly succeeded"),
        // Last: a column added after the first release goes at the end, where ALTER TABLE puts it.
        column("rows_quarantined_new", DataTypes.LongType, "Of rows_quarantined, the records this run added to "
            + "ops.quarantine; the rest were there from an earlier run of the same delivery (a rerun)")});
    return new TableDefinition(new TableName(catalog.opsDatabase(), "run_log"), schema, List.of(),
        "One row per run, stage and source: counts that reconcile, timings, status");
  }

  public static TableDefinition quarantine(CatalogSettings catalog) {
    StructType schema = new StructType(new StructField[] {
        column("run_id", DataTypes.StringType, "Run that first quarantined the record"),
        column("run_date", DataTypes.DateType, "Delivery date of the record"),
        column("source", DataTypes.StringType, "Raw source"),
        column("file", DataTypes.StringType, "File the record came from"),
        column("raw", DataTypes.StringType, "The record as delivered, identifiers pseudonymised and free text redacted"),
        column("reason", DataTypes.StringType, "Stable reason code, e.g. missing_required:customer_id"),
        column("record_key", DataTypes.StringType, "Hash of file and record: a rerun adds nothing twice"),
        column("quarantined_at", DataTypes.TimestampType, "When it was first quarantined, UTC")});
    return new TableDefinition(new TableName(catalog.opsDatabase(), "quarantine"), schema, List.of(),
        "Every raw record that did not reach silver, with the rule it failed");
  }

  /**
   * The people forgotten, so that they stay forgotten: ingest quarantines any later record of theirs as
   * {@code erased_subject}. It holds no pseudonym: a hash of it under a key derived for "suppression", which
   * ingest computes for each record's pseudonym and nothing else can join to.
   */
  public static TableDefinition erasedSubjects(CatalogSettings catalog) {
    StructType schema = new StructType(new StructField[] {
        column("subject_hash", DataTypes.StringType, "HMAC of the pseudonym under the key derived for suppression"),
        column("request_id", DataTypes.StringType, "Erasure request that forgot the person"),
        column("erased_at", DataTypes.TimestampType, "When, UTC")});
    return new TableDefinition(new TableName(catalog.opsDatabase(), "erased_subjects"), schema, List.of(),
        "Suppression list of forgotten people: ingest quarantines their later records as erased_subject");
  }

  /**
   * One row per erasure request: what it removed where, as proof that it did. No identifier, not even the
   * pseudonym: a hash under a key derived for "erasure-log", which matches neither the data nor the
   * suppression list; whoever holds the key and the raw id can still show that a given person was erased.
   */
  public static TableDefinition erasureLog(CatalogSettings catalog) {
    StructType schema = new StructType(new StructField[] {
        column("request_id", DataTypes.StringType, "Id of the request, given or generated"),
        column("erased_at", DataTypes.TimestampType, "When the erasure ended, UTC"),
        column("subjects", DataTypes.IntegerType, "People named by the request"),
        column("subject_hashes", DataTypes.createArrayType(DataTypes.StringType),
            "HMAC of each pseudonym under the key derived for the erasure log"),
        column("rows_removed", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType),
            "Rows deleted (or references cleared) per table"),
        column("tables_vacuumed", DataTypes.createArrayType(DataTypes.StringType),
            "Tables vacuumed afterwards, so that older versions no longer hold the rows"),
        column("vacuum_retention_hours", DataTypes.LongType, "The VACUUM retention used"),
        column("raw_files_to_review", DataTypes.createArrayType(DataTypes.StringType),
            "Raw deliveries still kept that name one of the people: for manual review or early deletion")});
    return new TableDefinition(new TableName(catalog.opsDatabase(), "erasure_log"), schema, List.of(),
        "One row per erasure request (outsidein forget): rows removed per table, no identifier");
  }

  private static StructField column(String name, DataType type, String comment) {
    return TableDefinition.column(name, type, comment);
  }
}
