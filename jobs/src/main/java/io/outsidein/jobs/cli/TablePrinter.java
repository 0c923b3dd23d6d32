package io.outsidein.jobs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints a small result as an aligned text table or as CSV with a header. */
final class TablePrinter {
  enum Format { TABLE, CSV }

  private final PrintStream out;
  private final PrintStream err;

  /** {@code err} hears that rows were left out when the output is CSV, so that the CSV itself stays clean. */
  TablePrinter(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Prints at most {@code limit} rows (0: all) and says when there were more. */
  void print(Dataset<Row> result, Format format, int limit) {
    String[] columns = result.columns();
    List<Row> rows = limit > 0 ? result.limit(limit + 1).collectAsList() : result.collectAsList();
    boolean more = limit > 0 && rows.size() > limit;
    List<String[]> cells = new ArrayList<>();
    for (Row row : more ? rows.subList(0, limit) : rows) {
      String[] values = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        values[i] = row.isNullAt(i) ? "" : render(row.get(i));
      }
      cells.add(values);
    }
    if (format == Format.CSV) {
      out.println(csvLine(columns));
      cells.forEach(values -> out.println(csvLine(values)));
      if (more) {
        err.println("Printed the first " + limit + " rows; there are more (--limit N prints N, --limit 0 all).");
      }
    } else {
      printTable(columns, cells);
      out.println("(" + cells.size() + (more ? "+ rows; showing the first " + limit : " rows") + ")");
    }
  }

  private static String render(Object value) {
    if (value instanceof scala.collection.Seq<?> seq) {
      return scala.collection.JavaConverters.seqAsJavaList(seq).toString();
    }
    if (value instanceof scala.collection.Map<?, ?> map) {
      return scala.collection.JavaConverters.mapAsJavaMap(map).toString();
    }
    return String.valueOf(value);
  }

  private void printTable(String[] columns, List<String[]> cells) {
    int[] widths = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      widths[i] = columns[i].length();
      for (String[] row : cells) {
        widths[i] = Math.min(60, Math.max(widths[i], row[i].length()));
      }
    }
    out.println(line(columns, widths));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.println(rule);
    cells.forEach(row -> out.println(line(row, widths)));
  }

  private static String line(String[] values, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      String value = values[i].length() > widths[i] ? values[i].substring(0, widths[i] - 1) + "~" : values[i];
      line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", value));
    }
    return line.toString().stripTrailing();
  }

  private static String csvLine(String[] values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      String value = values[i];
      boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n");
      line.append(i == 0 ? "" : ",").append(quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
    }
    return line.toString();
  }
}
