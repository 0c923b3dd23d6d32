package io.outsidein.common.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DecimalType;

/**
 * Which partitions of a table a recomputation really changed: the keys (a partition's columns) under which the
 * recomputed rows and the stored rows differ as multisets. A stage that rebuilds more than can change (an open
 * case only to see whether it aged, the sessions around a late event) then rewrites, and hands downstream, only
 * what differs, so a night's cost follows what it changed rather than what it looked at.
 *
 * <p>Each side is reduced to one fingerprint per key: the row count and the sums of two hashes of every row
 * (xxHash64 and Murmur3 over every column, summed exactly as decimals). Only those few rows per key are
 * compared, so neither side's rows (with their arrays of steps) are shuffled. Different multisets of rows give
 * the same fingerprint only if both hash sums collide (about 2^-96 for differing rows); a false "differs" (a
 * double summed in another order) only rewrites a partition that did not need it.
 */
public final class ChangedKeys {
  /** Exact sums: a long would overflow, a double would round. */
  private static final DecimalType EXACT = new DecimalType(38, 0);

  private ChangedKeys() {}

  /**
   * The distinct values of {@code keys} under which {@code recomputed} and {@code stored} differ.
   *
   * @param recomputed the new rows of the partitions considered, with at least the columns of {@code stored}
   * @param stored what the table holds in the same partitions
   * @param keys columns (or expressions, named) that name a partition, evaluated on both sides
   */
  public static Dataset<Row> of(Dataset<Row> recomputed, Dataset<Row> stored, Column... keys) {
    Column[] columns = Arrays.stream(stored.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Dataset<Row> fresh = fingerprint(recomputed, columns, keys, "_new");
    Dataset<Row> old = fingerprint(stored, columns, keys, "_old");
    // The keys are the first columns of both sides, in their order.
    String[] names = Arrays.stream(fresh.columns()).limit(keys.length).toArray(String[]::new);
    Column same = col("_new_rows").eqNullSafe(col("_old_rows")).and(col("_new_xx").eqNullSafe(col("_old_xx")))
        .and(col("_new_murmur").eqNullSafe(col("_old_murmur")));
    return fresh.join(old, scala.collection.JavaConverters.asScalaBuffer(Arrays.asList(names)).toSeq(), "full_outer")
        .where(not(same)).select(Arrays.stream(names).map(n -> col("`" + n + "`")).toArray(Column[]::new));
  }

  private static Dataset<Row> fingerprint(Dataset<Row> rows, Column[] columns, Column[] keys, String prefix) {
    Column[] selected = Arrays.copyOf(keys, keys.length + 2);
    selected[keys.length] = xxhash64(columns).cast(EXACT).as("_xx");
    selected[keys.length + 1] = hash(columns).cast(EXACT).as("_murmur");
    Dataset<Row> hashed = rows.select(selected);
    Column[] names = Arrays.stream(hashed.columns()).limit(keys.length).map(c -> col("`" + c + "`"))
        .toArray(Column[]::new);
    return hashed.groupBy(names).agg(count(lit(1)).as(prefix + "_rows"), sum(col("_xx")).as(prefix + "_xx"),
        sum(col("_murmur")).as(prefix + "_murmur"));
  }
}
