package io.outsidein.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import io.outsidein.common.io.RawRecords;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Keeps one record per natural key within a delivery batch: the first delivered (earliest dt folder, then file,
 * then a hash of the raw text as a deterministic tie-break). Ordering by delivery first makes a backfill over a
 * range keep the same record as running the days one by one, where the first delivery wins the insert-only
 * MERGE. The raw text itself is dropped before the shuffle: it is the widest column and only quarantine needs it.
 */
final class Deduplication {
  private Deduplication() {}

  private static final String TIE = "_tie";

  /** Adds the tie-break (a hash of the raw text) while the raw text is still there. */
  static Dataset<Row> withTieBreak(Dataset<Row> records) {
    return records.withColumn(TIE, xxhash64(col(RawRecords.RAW)));
  }

  /** Needs {@link #withTieBreak} applied earlier. */
  static Dataset<Row> firstPerKey(Dataset<Row> records, List<String> key, List<String> keep) {
    Column[] partition = key.stream().map(k -> col(k)).toArray(Column[]::new);
    Column[] kept = keep.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new);
    return records
        .select(concat(kept, col(RawRecords.DELIVERY_DATE), col(RawRecords.FILE), col(TIE)))
        .withColumn("_rank", row_number().over(Window.partitionBy(partition)
            .orderBy(col(RawRecords.DELIVERY_DATE), col(RawRecords.FILE), col(TIE))))
        .where(col("_rank").equalTo(1))
        .select(kept);
  }

  private static Column[] concat(Column[] columns, Column... more) {
    Column[] all = java.util.Arrays.copyOf(columns, columns.length + more.length);
    System.arraycopy(more, 0, all, columns.length, more.length);
    return all;
  }
}
