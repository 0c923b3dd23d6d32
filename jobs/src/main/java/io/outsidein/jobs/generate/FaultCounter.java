package io.outsidein.jobs.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Counts, with one Spark aggregation, what each source's records must do in ingest: per source and expected
 * reason the records, and for the valid ones the distinct natural keys, whose difference is the duplicates
 * (so an accidental key collision is counted exactly like a planted one). Only the per-reason totals reach
 * the driver.
 */
final class FaultCounter {
  private FaultCounter() {}

  /** {@code records} has the columns source, natural_key and reason, one row per delivered record. */
  static Map<String, FaultCounts> count(Dataset<Row> records) {
    List<Row> groups = records
        .groupBy(col(RawRows.SOURCE), col(RawRows.REASON))
        .agg(functions.count(lit(1)).as("records"), countDistinct(col(RawRows.KEY)).as("keys"))
        .collectAsList();
    Map<String, Long> totals = new HashMap<>();
    Map<String, Long> duplicates = new HashMap<>();
    Map<String, Map<String, Long>> reasons = new HashMap<>();
    for (Row group : groups) {
      String source = group.getString(0);
      long rows = group.getLong(2);
      totals.merge(source, rows, Long::sum);
      if (group.isNullAt(1)) {
        duplicates.put(source, rows - group.getLong(3));
      } else {
        reasons.computeIfAbsent(source, s -> new TreeMap<>()).put(group.getString(1), rows);
      }
    }
    Map<String, FaultCounts> counts = new TreeMap<>();
    for (String source : totals.keySet()) {
      Map<String, Long> quarantined = new TreeMap<>();
      FaultInjector.reasons(SourceFormat.of(source)).forEach(r -> quarantined.put(r, 0L));
      quarantined.putAll(reasons.getOrDefault(source, Map.of()));
      counts.put(source, new FaultCounts(totals.get(source), quarantined, duplicates.getOrDefault(source, 0L)));
    }
    return counts;
  }
}
