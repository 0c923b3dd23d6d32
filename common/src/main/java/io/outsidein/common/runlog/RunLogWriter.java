package io.outsidein.common.runlog;

import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.io.TableDefinition;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Appends run-log entries to {@code ops.run_log}. */
public final class RunLogWriter {
  private final SparkSession spark;
  private final DeltaTables tables;
  private final TableDefinition definition;

  public RunLogWriter(SparkSession spark, DeltaTables tables, TableDefinition definition) {
    this.spark = spark;
    this.tables = tables;
    this.definition = definition;
    tables.ensure(definition);
  }

  public void write(List<RunLogEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<Row> rows = entries.stream().map(RunLogWriter::toRow).collect(Collectors.toList());
    tables.append(definition.name(), spark.createDataFrame(rows, definition.schema()));
  }

  private static Row toRow(RunLogEntry e) {
    return RowFactory.create(
        e.runId(), e.stage(), Date.valueOf(e.runDate()), Date.valueOf(e.runFrom()), e.source(),
        e.rowsRead(), e.rowsWritten(), e.rowsQuarantined(), e.rowsDuplicate(),
        e.eventDates().stream().map(Date::valueOf).collect(Collectors.toList()).toArray(new Date[0]),
        e.filesRead(), e.filesQuarantined(),
        Timestamp.from(e.startedAt()), Timestamp.from(e.endedAt()), e.status().code(), e.message(),
        e.rowsQuarantinedNew());
  }
}
