package io.outsidein.jobs.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.io.FileRejection;
import io.outsidein.common.io.RawRecords;
import io.outsidein.common.privacy.RawRecordSanitizer;
import io.outsidein.common.quality.RecordValidator;
import io.outsidein.common.schema.ReasonCodes;
import io.outsidein.common.schema.Source;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * Turns rejected records and unreadable files into rows of {@code ops.quarantine}: the raw text sanitised
 * (identifiers pseudonymised, free text redacted), the reason, and a record key that is the same on every
 * run, so that the insert-only MERGE into quarantine makes a rerun add nothing twice.
 */
final class QuarantineRecords {
  private final RawRecordSanitizer sanitizer;
  private final StructType schema;

  QuarantineRecords(RawRecordSanitizer sanitizer, StructType schema) {
    this.sanitizer = sanitizer;
    this.schema = schema;
  }

  Dataset<Row> fromRecords(Source source, Dataset<Row> rejected, String runId, Timestamp quarantinedAt) {
    Column raw = col(RawRecords.RAW);
    // A forgotten person's record keeps nothing of its text but the reason: no identifier, no free text.
    Column sanitized = when(col(RecordValidator.REASON).equalTo(ReasonCodes.ERASED_SUBJECT),
        lit(ReasonCodes.ERASED_SUBJECT))
        .when(col(RawRecords.FORMAT).equalTo("csv"), sanitizer.csvUdf().apply(raw, col(RawRecords.HEADER)))
        .otherwise(sanitizer.jsonUdf().apply(raw));
    // Identical records in one file are distinct records: number them so that each keeps its own key.
    Column occurrence = row_number().over(Window.partitionBy(col(RawRecords.FILE), raw).orderBy(raw));
    return rows(rejected.withColumn("_occurrence", occurrence), source, sanitized, col(RecordValidator.REASON),
        sha2(concat_ws("\n", col(RawRecords.FILE), raw, col("_occurrence").cast("string")), 256), runId,
        quarantinedAt);
  }

  /** Quarantine rows of records: where each came from, its text, its reason and its stable key. */
  private static Dataset<Row> rows(Dataset<Row> records, Source source, Column raw, Column reason, Column recordKey,
      String runId, Timestamp quarantinedAt) {
    return records.select(
        lit(runId).as("run_id"),
        col(RawRecords.DELIVERY_DATE).as("run_date"),
        lit(source.id()).as("source"),
        col(RawRecords.FILE).as("file"),
        raw.as("raw"),
        reason.as("reason"),
        recordKey.as("record_key"),
        lit(quarantinedAt).as("quarantined_at"));
  }

  /**
   * Valid records that another record's key holds: their text is the record as silver would hold it (JSON of
   * the canonical fields, identifiers already pseudonymised and free text redacted), so it is not sanitised again.
   */
  Dataset<Row> fromConflicts(Source source, Dataset<Row> conflicts, List<String> silverColumns, String runId,
      Timestamp quarantinedAt) {
    Column record = to_json(struct(silverColumns.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new)));
    // Keyed by place, not text: one place in one file holds one record.
    Column recordKey = sha2(concat_ws("\n", col(RawRecords.FILE), col(RawRecords.POSITION).cast("string"),
        lit(ReasonCodes.CONFLICTING_KEY)), 256);
    return rows(conflicts, source, record, lit(ReasonCodes.CONFLICTING_KEY), recordKey, runId, quarantinedAt);
  }

  Dataset<Row> fromFiles(SparkSession spark, Source source, List<FileRejection> files, String runId,
      Timestamp quarantinedAt) {
    List<Row> rows = files.stream()
        .map(f -> RowFactory.create(runId, Date.valueOf(f.file().deliveryDate()), source.id(), f.file().path(),
            sanitizer.sanitizeJson(f.raw()), f.reason(), null, quarantinedAt))
        .collect(Collectors.toList());
    return spark.createDataFrame(rows, schema)
        .withColumn("record_key", sha2(concat_ws("\n", col("file"), col("reason")), 256))
        .withColumn("raw", coalesce(col("raw"), lit("")));
  }
}
