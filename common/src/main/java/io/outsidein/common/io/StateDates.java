package io.outsidein.common.io;

import static org.apache.spark.sql.functions.col;

import io.outsidein.common.schema.Source;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The bookkeeping of a stage's state kept per event date (a function of silver for each date): which dates it
 * holds, and which run computed each. A stage recomputes the dates its input changed and any date of its window
 * not held yet, so deleting the state is always safe; an erasure drops the dates whose silver rows it deleted, so
 * that the next run computes them again from what silver still holds.
 */
public final class StateDates {
  private final SparkSession spark;
  private final DeltaTables tables;
  private final TableDefinition table;

  public StateDates(SparkSession spark, DeltaTables tables, TableDefinition table) {
    this.spark = spark;
    this.tables = tables;
    this.table = table;
  }

  /**
   * The definition of a state's date table {@code name}: event_date, run_id, computed_at, unpartitioned.
   *
   * @param stage the stage whose state it lists, as its event_date column's comment names it
   */
  public static TableDefinition table(TableName name, String stage, String comment) {
    StructType schema = new StructType(new StructField[] {
        TableDefinition.column(Source.EVENT_DATE, DataTypes.DateType, "Event date whose " + stage
            + " state is computed"),
        TableDefinition.column("run_id", DataTypes.StringType, "Run that computed it last"),
        TableDefinition.column("computed_at", DataTypes.TimestampType, "When, UTC")});
    return new TableDefinition(name, schema, List.of(), comment);
  }

  /** The dates of [from, to] the state holds. */
  public List<LocalDate> held(LocalDate from, LocalDate to) {
    return spark.table(table.name().sql())
        .where(col(Source.EVENT_DATE).between(Date.valueOf(from), Date.valueOf(to)))
        .select(Source.EVENT_DATE).collectAsList().stream().map(r -> r.getDate(0).toLocalDate()).toList();
  }

  /** Records {@code dates} as computed by {@code runId} now (again, for a date computed before). */
  public void record(Collection<LocalDate> dates, String runId) {
    Timestamp now = Timestamp.from(Instant.now());
    Dataset<Row> rows = spark.createDataFrame(dates.stream()
        .map(d -> RowFactory.create(Date.valueOf(d), runId, now)).toList(), table.schema());
    tables.replace(table.name(), rows, DatePredicate.in(Source.EVENT_DATE, dates));
  }

  /** Forgets {@code dates}: the next run computes them again. Returns how many were held. */
  public long drop(Collection<LocalDate> dates) {
    return dates.isEmpty() ? 0L : tables.delete(table.name(), DatePredicate.in(Source.EVENT_DATE, dates));
  }
}
