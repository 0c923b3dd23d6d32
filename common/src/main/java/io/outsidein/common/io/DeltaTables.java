package io.outsidein.common.io;

import io.outsidein.common.config.ConfigurationException;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.NoSuchDatabaseException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Writes Delta tables registered in the catalog: creates them with column comments, inserts only the rows whose
 * key is new (an insert-only MERGE, so a rerun or a re-delivery adds nothing twice), replaces date partitions,
 * appends, deletes, and creates views. The only place that issues DDL and DML: stages hand it frames.
 */
public final class DeltaTables {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaTables.class);

  private final SparkSession spark;
  private final String warehouseUri;

  public DeltaTables(SparkSession spark, String warehouseUri) {
    this.spark = spark;
    this.warehouseUri = warehouseUri.endsWith("/") ? warehouseUri.substring(0, warehouseUri.length() - 1) : warehouseUri;
  }

  /**
   * Creates the database (under the warehouse) and the table when they do not exist yet; a table written by an
   * earlier version gets the columns the definition added since (at the end, with their comments), so that a
   * warehouse carries over from one version to the next.
   */
  public void ensure(TableDefinition definition) {
    TableName name = definition.name();
    // One catalog look-up when the table is there already (every run but the first): no DDL to parse.
    if (spark.catalog().tableExists(name.database(), name.table())) {
      requireUnderWarehouse(name);
      addMissingColumns(definition);
      return;
    }
    spark.sql("CREATE DATABASE IF NOT EXISTS `" + name.database() + "` LOCATION '"
        + warehouseUri + "/" + name.database() + ".db'");
    String columns = java.util.Arrays.stream(definition.schema().fields())
        .map(DeltaTables::columnDdl)
        .collect(Collectors.joining(", "));
    String partitioned = definition.partitionColumns().isEmpty()
        ? ""
        : " PARTITIONED BY (" + definition.partitionColumns().stream().map(c -> "`" + c + "`")
            .collect(Collectors.joining(", ")) + ")";
    spark.sql("CREATE TABLE IF NOT EXISTS " + name.sql() + " (" + columns + ") USING delta" + partitioned
        + " COMMENT '" + escape(definition.comment()) + "'");
  }

  /**
   * A catalog shared by two warehouses (a local run and an S3 run with one embedded metastore) would read and
   * write the other warehouse's tables while saying it writes this one: a table must live under the warehouse.
   */
  private void requireUnderWarehouse(TableName name) {
    String location;
    try {
      location = spark.sessionState().catalog()
          .getTableMetadata(new TableIdentifier(name.table(), Option.apply(name.database()))).location().toString();
    } catch (NoSuchTableException | NoSuchDatabaseException e) {
      return; // dropped meanwhile: it will be created under the warehouse
    }
    if (!normalised(location).startsWith(normalised(warehouseUri) + "/")) {
      throw new ConfigurationException("The catalog's table " + name + " lives at " + location + ", not under the "
          + "configured warehouse " + warehouseUri + " (outsidein.storage.warehouse): this catalog belongs to another "
          + "warehouse. Give this profile its own catalog (outsidein.storage.metastore) or point it at that warehouse");
    }
  }

  /** file:///a, file:/a and /a are one place to Hadoop; s3a:// stays as it is. */
  private static String normalised(String location) {
    String withoutSlash = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    if (withoutSlash.startsWith("file:")) {
      return "file:" + withoutSlash.substring("file:".length()).replaceFirst("^/+", "/");
    }
    return withoutSlash.startsWith("/") ? "file:" + withoutSlash : withoutSlash;
  }

  private void addMissingColumns(TableDefinition definition) {
    java.util.Set<String> present = java.util.Set.of(spark.table(definition.name().sql()).schema().fieldNames());
    String missing = java.util.Arrays.stream(definition.schema().fields())
        .filter(f -> !present.contains(f.name()))
        .map(DeltaTables::columnDdl)
        .collect(Collectors.joining(", "));
    if (!missing.isEmpty()) {
      LOG.info("Adding columns to {}: {}", definition.name(), missing);
      spark.sql("ALTER TABLE " + definition.name().sql() + " ADD COLUMNS (" + missing + ")");
    }
  }

  private static String columnDdl(StructField field) {
    String comment = field.getComment().isDefined() ? " COMMENT '" + escape(field.getComment().get()) + "'" : "";
    return "`" + field.name() + "` " + field.dataType().sql() + comment;
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("'", "\\'");
  }

  /**
   * Creates a view over catalog tables, with its comment, or replaces it when its query differs: a view
   * unchanged since the last run costs one catalog look-up, not a metastore write.
   */
  public void ensureView(TableName view, String comment, String query) {
    if (query.equals(viewText(view))) {
      return;
    }
    spark.sql("CREATE OR REPLACE VIEW " + view.sql() + " COMMENT '" + escape(comment) + "' AS " + query);
  }

  /** The query of a view, or empty when there is no such view. */
  private String viewText(TableName view) {
    TableIdentifier id = new TableIdentifier(view.table(), Option.apply(view.database()));
    SessionCatalog catalog = spark.sessionState().catalog();
    try {
      return catalog.tableExists(id) ? catalog.getTableMetadata(id).viewText().getOrElse(() -> "") : "";
    } catch (NoSuchDatabaseException | NoSuchTableException e) {
      return "";
    }
  }

  /**
   * Inserts the rows of {@code rows} whose key is not in the table yet and returns how many were inserted.
   * {@code targetFilter}, when not empty, is a SQL predicate on the target (alias {@code t}) that bounds the
   * partitions the MERGE reads, e.g. {@code t.event_date >= DATE'2026-09-01'}.
   */
  public long insertNew(TableName table, Dataset<Row> rows, List<String> key, String targetFilter) {
    // Null-safe: a configured key may hold an optional field, and a null there must match a null.
    String on = key.stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`").collect(Collectors.joining(" AND "));
    if (!targetFilter.isBlank()) {
      on = on + " AND " + targetFilter;
    }
    long inserted = merge(table, rows, on, "WHEN NOT MATCHED THEN INSERT *").getAs("num_inserted_rows");
    LOG.debug("Inserted {} new rows into {}", inserted, table);
    return inserted;
  }

  /**
   * Merges {@code rows} into the table on {@code key}: a row whose key is there replaces it, a new key is
   * inserted, rows of the table with keys not in {@code rows} stay. Returns the rows updated and inserted.
   */
  public long upsert(TableName table, Dataset<Row> rows, List<String> key) {
    String on = key.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
    Row metrics = merge(table, rows, on, "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
    return metrics.<Long>getAs("num_updated_rows") + metrics.<Long>getAs("num_inserted_rows");
  }

  /**
   * Merges the findings of one run into a table of findings that are never deleted: a row whose key is there
   * updates every column but {@code keep} (e.g. when it was first seen), a new key is inserted, and a row of the
   * table that is not in {@code rows} but matches {@code retireWhere} (a SQL predicate on the target, alias t) gets
   * {@code retireSet} (e.g. {@code status = 'retired'}). Returns the rows updated, inserted and retired.
   */
  public long mergeFindings(TableName table, Dataset<Row> rows, String key, List<String> keep, String retireWhere,
      String retireSet) {
    String set = java.util.Arrays.stream(rows.columns()).filter(c -> !c.equals(key) && !keep.contains(c))
        .map(c -> "t.`" + c + "` = s.`" + c + "`").collect(Collectors.joining(", "));
    Row metrics = merge(table, rows, "t.`" + key + "` = s.`" + key + "`", "WHEN MATCHED THEN UPDATE SET " + set
        + " WHEN NOT MATCHED THEN INSERT * WHEN NOT MATCHED BY SOURCE AND " + retireWhere + " THEN UPDATE SET "
        + retireSet);
    return metrics.<Long>getAs("num_updated_rows") + metrics.<Long>getAs("num_inserted_rows");
  }

  /** One MERGE of {@code rows} (alias s) into the table (alias t); returns its metrics row. */
  private Row merge(TableName table, Dataset<Row> rows, String on, String clauses) {
    String view = "outsidein_merge_" + table.database() + "_" + table.table();
    rows.createOrReplaceTempView(view);
    try {
      return spark.sql("MERGE INTO " + table.sql() + " t USING " + view + " s ON " + on + " " + clauses).first();
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  /**
   * Replaces exactly the rows matching {@code predicate} (over partition columns: the dates a run recomputes)
   * by {@code rows}, in one Delta commit ({@code replaceWhere}); a row of {@code rows} outside the predicate
   * fails the write instead of landing silently. Rerunning with the same rows leaves the table as it was.
   * Returns the number of rows written.
   */
  public long replace(TableName table, Dataset<Row> rows, String predicate) {
    // From the catalog: DESCRIBE DETAIL would also size the table, three Spark jobs over its log for nothing.
    String location = location(table);
    rows.write().format("delta").mode("overwrite").option("replaceWhere", predicate).save(location);
    // The rows written, from the commit's own metrics rather than a second pass over the rows.
    Row last = spark.sql("DESCRIBE HISTORY " + table.sql() + " LIMIT 1").first();
    scala.collection.Map<String, String> metrics = last.getMap(last.fieldIndex("operationMetrics"));
    return Long.parseLong(metrics.get("numOutputRows").getOrElse(() -> "0"));
  }

  /**
   * The rows in the columns and types of {@code schema}, in its order, with {@code dateColumn} set to {@code date}:
   * what a stage hands {@link #replace} for one run date's partition.
   */
  public static Dataset<Row> conform(Dataset<Row> rows, StructType schema, String dateColumn, LocalDate date) {
    Column[] columns = java.util.Arrays.stream(schema.fields())
        .map(f -> f.name().equals(dateColumn) ? functions.lit(java.sql.Date.valueOf(date)).as(f.name())
            : functions.col(f.name()).cast(f.dataType()).as(f.name()))
        .toArray(Column[]::new);
    return rows.select(columns);
  }

  private String location(TableName table) {
    try {
      return spark.sessionState().catalog()
          .getTableMetadata(new TableIdentifier(table.table(), Option.apply(table.database()))).location().toString();
    } catch (NoSuchTableException | NoSuchDatabaseException e) {
      throw new IllegalStateException("Table " + table + " is not in the catalog; ensure() creates it first", e);
    }
  }

  /**
   * Appends rows as they are (every row new by construction), matched to the table's columns by name: a table
   * written by an earlier version has the columns added since at its end, not where the definition lists them.
   */
  public void append(TableName table, Dataset<Row> rows) {
    Column[] columns = java.util.Arrays.stream(spark.table(table.sql()).columns())
        .map(c -> rows.col("`" + c + "`")).toArray(Column[]::new);
    rows.select(columns).write().mode("append").insertInto(table.sql());
  }

  /** Deletes the rows matching a SQL predicate and returns how many went. */
  public long delete(TableName table, String predicate) {
    Dataset<Row> metrics = spark.sql("DELETE FROM " + table.sql() + " WHERE " + predicate);
    Row first = metrics.first();
    return first.isNullAt(0) ? 0L : first.getLong(0);
  }

  /** The number of rows of a table (Delta answers it from its log statistics where it can). */
  public long count(TableName table) {
    return spark.table(table.sql()).count();
  }
}
