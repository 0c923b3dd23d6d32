package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.outsidein.common.stats.FalseDiscovery;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One Benjamini-Hochberg family over everything a run mined: each miner's p-values (basket rules, context lifts,
 * ...) are ranked together, so that mining more kinds of pattern costs each of them its share of the false
 * discovery rate instead of each kind spending the whole rate on its own. A pattern without a p-value (not
 * tested) takes no part and is never significant.
 */
final class RunFamily {
  private static final String ID = "_pattern_id";
  private static final String RUN_Q = "_run_q";

  private final double falseDiscoveryRate;

  RunFamily(double falseDiscoveryRate) {
    this.falseDiscoveryRate = falseDiscoveryRate;
  }

  /** {@code rows} (with a p_value) named by the columns that identify a pattern within them. */
  static Dataset<Row> named(Dataset<Row> rows, Column... key) {
    return rows.withColumn(ID, to_json(struct(key)));
  }

  /** The frames, in order, with q_value and significant over all of them together. */
  List<Dataset<Row>> qualify(List<Dataset<Row>> named) {
    Dataset<Row> all = null;
    List<Dataset<Row>> tagged = new ArrayList<>();
    for (int i = 0; i < named.size(); i++) {
      // The frame's number keeps two miners' ids apart.
      Dataset<Row> frame = named.get(i).withColumn(ID, concat(lit(i + ":"), col(ID)));
      tagged.add(frame);
      Dataset<Row> tests = frame.select(col(ID), col("p_value"));
      all = all == null ? tests : all.unionByName(tests);
    }
    Dataset<Row> q = FalseDiscovery.qValues(all, "p_value", RUN_Q).select(col(ID), col(RUN_Q)).localCheckpoint();
    List<Dataset<Row>> qualified = new ArrayList<>();
    for (Dataset<Row> frame : tagged) {
      qualified.add(frame.drop("q_value", "significant").join(q, new String[] {ID}, "left")
          .withColumn("q_value", col(RUN_Q))
          .withColumn("significant", coalesce(col(RUN_Q).leq(falseDiscoveryRate), lit(false)))
          .drop(ID, RUN_Q));
    }
    return qualified;
  }
}
