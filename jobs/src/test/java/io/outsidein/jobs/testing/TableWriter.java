package io.outsidein.jobs.testing;

import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.io.TableDefinition;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * Writes synthesised rows as a table of the contract, for benchmarks and tests that skip the generator and ingest.
 */
public final class TableWriter {
  private TableWriter() {}

  /** Drops and recreates {@code table}, then appends {@code rows}; columns they lack are null. */
  public static void replace(SparkSession spark, DeltaTables tables, TableDefinition table, Dataset<Row> rows) {
    spark.sql("DROP TABLE IF EXISTS " + table.name().sql());
    tables.ensure(table);
    append(tables, table, rows);
  }

  /** Appends {@code rows} to {@code table}, which exists; columns they lack are null. */
  public static void append(DeltaTables tables, TableDefinition table, Dataset<Row> rows) {
    // What ingest derives (feed, line kind) is not needed by the stages measured: left null here.
    Dataset<Row> complete = rows;
    List<String> present = Arrays.asList(rows.columns());
    for (StructField field : table.schema().fields()) {
      if (!present.contains(field.name())) {
        complete = complete.withColumn(field.name(), functions.lit(null).cast(field.dataType()));
      }
    }
    tables.append(table.name(), complete);
  }
}
