package io.outsidein.common.io;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads catalog tables by their definition. A window of dates is read through the table's date partition, so
 * that only the partitions of the window are listed and scanned.
 */
public final class TableReader {
  private final SparkSession spark;

  public TableReader(SparkSession spark) {
    this.spark = spark;
  }

  /** The rows of {@code table} whose date partition lies in [from, to]. */
  public Dataset<Row> window(TableDefinition table, LocalDate from, LocalDate to) {
    if (table.partitionColumns().size() != 1) {
      throw new IllegalArgumentException("Cannot read a date window of " + table.name()
          + ": it is not partitioned by one date column but by " + table.partitionColumns());
    }
    return all(table).where(col(table.partitionColumns().get(0)).between(Date.valueOf(from), Date.valueOf(to)));
  }

  /** Every row of {@code table}. */
  public Dataset<Row> all(TableDefinition table) {
    return spark.table(table.name().sql());
  }
}
