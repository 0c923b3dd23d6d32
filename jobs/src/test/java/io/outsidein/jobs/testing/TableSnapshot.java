package io.outsidein.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.ComparableColumns;
import io.outsidein.common.testing.TestSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every row of a table at one moment, kept as a Parquet copy, to compare with the table later (or with another
 * table) row for row.
 */
public final class TableSnapshot {
  private final String table;
  private final Dataset<Row> rows;

  private TableSnapshot(String table, Dataset<Row> rows) {
    this.table = table;
    this.rows = rows;
  }

  public static TableSnapshot of(String table) {
    String copy = TestSpark.newFolder("snapshot").resolve("rows").toString();
    Dataset<Row> current = TestSpark.session().table(table);
    current.write().parquet(copy);
    return new TableSnapshot(table, TestSpark.session().read().schema(current.schema()).parquet(copy));
  }

  /** The table holds exactly the rows it held, no more and no fewer. */
  public void assertUnchanged() {
    assertSameRows(table, TestSpark.session().table(table), rows);
  }

  /** {@code actual} holds exactly {@code expected}, in any order; on a difference, says which rows differ. */
  public static void assertSameRows(String what, Dataset<Row> actual, Dataset<Row> expected) {
    Dataset<Row> wanted = comparable(expected);
    actual = comparable(actual);
    List<Row> missing = wanted.exceptAll(actual).limit(5).collectAsList();
    List<Row> extra = actual.exceptAll(wanted).limit(5).collectAsList();
    assertThat(missing).as(what + ": rows that are gone (first 5); rows that appeared: " + extra).isEmpty();
    assertThat(extra).as(what + ": rows that appeared (first 5)").isEmpty();
  }

  /** Set operations cannot compare maps: a map column becomes the JSON of its sorted entries. */
  static Dataset<Row> comparable(Dataset<Row> rows) {
    Column[] columns = Arrays.stream(rows.schema().fields())
        .map(f -> ComparableColumns.of(f).as(f.name()))
        .toArray(Column[]::new);
    return rows.select(columns);
  }
}
