package io.outsidein.cluster;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import io.outsidein.common.testing.ComparableColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The silver and gold Delta tables of a warehouse folder, each as its row count and an order-free hash of its
 * rows: enough to say that two runs wrote the same tables without collecting them. Left out: the ops tables (run
 * ids and clock times by nature) and the columns that hold when a row was written. Doubles are rounded to 9
 * decimals first: two runs that add the same numbers in another order may differ in the last bits.
 */
final class TableDigest {
  /** When the row was written ({@code gold.customer_scores}, {@code gold.dash_freshness}): differs per run. */
  static final Set<String> WRITE_TIMES = Set.of("scored_at", "published_at");

  private TableDigest() {}

  record Digest(long rows, long hash) {
    @Override
    public String toString() {
      return rows + " rows #" + Long.toHexString(hash);
    }
  }

  static SparkSession session(Path scratch) {
    return SparkSession.builder().master("local[2]").appName("table-digest")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toUri().toString())
        .config("spark.local.dir", scratch.resolve("local").toString())
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        // Interpreted: compiling each small aggregate costs more than it saves (BENCHMARKS.md "Test suite").
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        .getOrCreate();
  }

  /** Every {@code <database>.db/<table>} of {@code warehouse} that is a Delta table, by that relative name. */
  static Map<String, Digest> of(SparkSession spark, Path warehouse) {
    Map<String, Digest> digests = new TreeMap<>();
    try (Stream<Path> logs = Files.walk(warehouse, 4)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().equals("_delta_log")).toList()) {
        String name = warehouse.relativize(log.getParent()).toString();
        if (name.startsWith("silver") || name.startsWith("gold")) {
          digests.put(name, digest(spark.read().format("delta").load(log.getParent().toString())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return digests;
  }

  private static Digest digest(Dataset<Row> rows) {
    Column[] columns = Arrays.stream(rows.schema().fields()).filter(f -> !WRITE_TIMES.contains(f.name()))
        .map(TableDigest::comparable).toArray(Column[]::new);
    Row row = rows.agg(count(lit(1)), coalesce(sum(xxhash64(columns)), lit(0L))).first();
    return new Digest(row.getLong(0), row.getLong(1));
  }

  /** The columns of {@code table} whose values differ between the two warehouses: what a failure names. */
  static List<String> columnsThatDiffer(SparkSession spark, Path one, Path other, String table) {
    Dataset<Row> a = spark.read().format("delta").load(one.resolve(table).toString());
    Dataset<Row> b = spark.read().format("delta").load(other.resolve(table).toString());
    List<String> differ = new ArrayList<>();
    for (StructField field : a.schema().fields()) {
      Column column = xxhash64(comparable(field));
      if (!WRITE_TIMES.contains(field.name()) && (!Arrays.asList(b.columns()).contains(field.name())
          || a.agg(coalesce(sum(column), lit(0L))).first().getLong(0)
              != b.agg(coalesce(sum(column), lit(0L))).first().getLong(0))) {
        differ.add(field.name());
      }
    }
    return differ;
  }

  private static Column comparable(StructField field) {
    DataType type = field.dataType();
    return type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)
        ? round(col("`" + field.name() + "`"), 9) : ComparableColumns.of(field);
  }
}
