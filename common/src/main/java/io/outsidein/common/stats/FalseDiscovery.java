package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Benjamini-Hochberg control of the false discovery rate over a Dataset of p-values: the adjusted p-value (the
 * q-value, as R's {@code p.adjust(p, "BH")}) of the i-th smallest of m p-values is min over j >= i of
 * p(j) m / j, capped at 1. A null p-value (a suppressed group) takes no part and gets a null q-value.
 */
public final class FalseDiscovery {
  private FalseDiscovery() {}

  /**
   * Adds {@code qColumn} to {@code frame}, one family of tests per value of {@code family} (no columns: the whole
   * frame is one family, sorted on one partition: meant for tables of tests, not of events).
   */
  public static Dataset<Row> qValues(Dataset<Row> frame, String pColumn, String qColumn, Column... family) {
    Column p = col(pColumn);
    WindowSpec ascending = Window.partitionBy(family).orderBy(p.asc_nulls_last())
        .rangeBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec descending = Window.partitionBy(family).orderBy(p.desc_nulls_last())
        .rangeBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec all = Window.partitionBy(family);
    String rank = "_bh_rank";
    String raw = "_bh_raw";
    // Ties share the largest rank among them, so that their order in the frame cannot change their q-values.
    return frame
        .withColumn(rank, when(p.isNotNull(), count(p).over(ascending)))
        .withColumn(raw, p.multiply(count(p).over(all)).divide(col(rank)))
        .withColumn(qColumn, when(p.isNotNull(), least(lit(1.0), min(col(raw)).over(descending))))
        .drop(rank, raw);
  }
}
