package io.outsidein.jobs.scores;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.outsidein.common.stats.FalseDiscovery;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** The estimated links of one run as a table's rows: their q-values over the run's links, and significance. */
final class Links {
  private Links() {}

  /** One link for the run log: "engagement_to_nps 18.30 [2.10, 34.50] p 0.0310 over 36", or "not estimable". */
  static String describe(Row row) {
    if (row.isNullAt(2)) {
      return row.getString(1) + " not estimable (too few units or accounts, or no variation)";
    }
    // Column 8 is what the estimate stands on: units, or accounts.
    return String.format(Locale.ROOT, "%s %.2f [%.2f, %.2f] p %s over %d", row.getString(1), row.getDouble(2),
        row.getDouble(3), row.getDouble(4), row.isNullAt(5) ? "-" : String.format(Locale.ROOT, "%.3g",
            row.getDouble(5)), row.getLong(8));
  }

  /** {@code rows} in the columns of {@code table}, q_value and significant still unset. */
  static Dataset<Row> of(SparkSession spark, List<Row> rows, StructType table, double falseDiscoveryRate) {
    Dataset<Row> frame = spark.createDataFrame(rows, table).drop("q_value", "significant");
    return FalseDiscovery.qValues(frame, "p_value", "q_value")
        .withColumn("significant", coalesce(col("q_value").leq(falseDiscoveryRate), lit(false)))
        .selectExpr(table.fieldNames());
  }
}
