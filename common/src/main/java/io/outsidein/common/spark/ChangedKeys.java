package io.outsidein.common.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which partitions of a table a recomputation really changed: the keys (a partition's columns) under which the
 * recomputed rows and the stored rows differ as multisets. A stage that rebuilds more than can change (an open
 * case only to see whether it aged, the sessions around a late event) then rewrites, and hands downstream, only
 * what differs, so a night's cost follows what it changed rather than what it looked at.
 *
 * <p>Rows are compared by a 96-bit fingerprint (xxHash64 and Murmur3 of every column), not whole: the recomputed
 * rows hold arrays of steps, and shuffling two fingerprints instead of them is what keeps the check cheap. A
 * false "same" needs two different rows of one partition to collide in both hashes (about 2^-96 per pair); a
 * false "differs" (a double summed in another order) only rewrites a partition that did not need it.
 */
public final class ChangedKeys {
  private static final String XX = "_fingerprint_xx";
  private static final String MURMUR = "_fingerprint_murmur";

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
    Dataset<Row> fresh = fingerprint(recomputed, columns, keys);
    Dataset<Row> old = fingerprint(stored, columns, keys);
    // The keys are the first columns of both sides, in their order.
    Column[] names = Arrays.stream(fresh.columns()).limit(keys.length).map(c -> col("`" + c + "`"))
        .toArray(Column[]::new);
    return fresh.exceptAll(old).unionAll(old.exceptAll(fresh)).select(names).distinct();
  }

  private static Dataset<Row> fingerprint(Dataset<Row> rows, Column[] columns, Column[] keys) {
    Column[] selected = new Column[keys.length + 2];
    System.arraycopy(keys, 0, selected, 0, keys.length);
    selected[keys.length] = xxhash64(columns).as(XX);
    selected[keys.length + 1] = hash(columns).as(MURMUR);
    return rows.select(selected);
  }
}
