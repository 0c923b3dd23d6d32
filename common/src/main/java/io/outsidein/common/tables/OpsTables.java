package io.outsidein.common.tables;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The operational tables: {@code ops.run_log} and {@code ops.quarantine}, with their documented columns. */
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

  private static StructField column(String name, DataType type, String comment) {
    return TableDefinition.column(name, type, comment);
  }
}
