package io.outsidein.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.outsidein.common.io.RawRecords;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Keeps one record per natural key within a delivery batch: the first delivered (earliest dt folder, then file,
 * then text). Ordering by delivery first makes a backfill over a range keep the same record as running the
 * days one by one, where the first delivery wins the insert-only MERGE.
 */
final class Deduplication {
  private Deduplication() {}

  static Dataset<Row> firstPerKey(Dataset<Row> records, List<String> key) {
    Column[] partition = key.stream().map(k -> col(k)).toArray(Column[]::new);
    return records
        .withColumn("_rank", row_number().over(Window.partitionBy(partition)
            .orderBy(col(RawRecords.DELIVERY_DATE), col(RawRecords.FILE), col(RawRecords.RAW))))
        .where(col("_rank").equalTo(1))
        .drop("_rank");
  }
}
