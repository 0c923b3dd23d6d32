package io.outsidein.common.spark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Columns added to (or replacing columns of) a frame in one projection. Each {@code withColumn} is a projection
 * of its own that Spark analyses with the whole plan beneath it (Spark's own documentation warns against calling
 * it in a chain); measured on the journeys' small-frame tests, building the plans spent more CPU than running
 * them. A set of columns that do not read one another goes through one {@code withColumns} instead; a column
 * that reads another of the same set belongs to the next set. Kept in the order given.
 */
public final class NewColumns {
  private final Map<String, Column> columns;

  private NewColumns(Map<String, Column> columns) {
    this.columns = columns;
  }

  public static NewColumns of(String name, Column value) {
    return none().and(name, value);
  }

  /** No columns yet: for sets built in a loop. */
  public static NewColumns none() {
    return new NewColumns(Map.of());
  }

  /** These columns and {@code name}; a name given twice is a mistake (the first would be lost silently). */
  public NewColumns and(String name, Column value) {
    if (columns.containsKey(name)) {
      throw new IllegalArgumentException("Column " + name + " is given twice in one projection");
    }
    Map<String, Column> more = new LinkedHashMap<>(columns);
    more.put(name, value);
    return new NewColumns(Collections.unmodifiableMap(more));
  }

  /** {@code rows} with these columns, in one projection. */
  public Dataset<Row> on(Dataset<Row> rows) {
    return rows.withColumns(columns);
  }
}
