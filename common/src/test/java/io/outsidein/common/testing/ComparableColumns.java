package io.outsidein.common.testing;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.to_json;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * A column as set operations and hash expressions can take it: neither takes maps, so a map becomes the JSON of its
 * entries, sorted by key. Every other column stays as it is.
 */
public final class ComparableColumns {
  private ComparableColumns() {}

  public static Column of(StructField field) {
    Column column = col("`" + field.name() + "`");
    return field.dataType() instanceof MapType ? to_json(array_sort(map_entries(column))) : column;
  }
}
