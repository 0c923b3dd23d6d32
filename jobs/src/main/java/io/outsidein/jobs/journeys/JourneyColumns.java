package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.outsidein.common.tables.JourneyTables;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Shapes journey rows to the columns of gold.journeys. */
final class JourneyColumns {
  private JourneyColumns() {}

  /**
   * Every column of the journeys table in order, then {@code extra} as they are; the columns a kind does not
   * have are typed nulls.
   */
  static Dataset<Row> conform(Dataset<Row> kind, String... extra) {
    Set<String> present = Set.of(kind.columns());
    Stream<Column> columns = Arrays.stream(JourneyTables.JOURNEYS.fields())
        .map(f -> (present.contains(f.name()) ? col(f.name()) : lit(null)).cast(f.dataType()).as(f.name()));
    return kind.select(Stream.concat(columns, Arrays.stream(extra).map(e -> col(e))).toArray(Column[]::new));
  }
}
