package io.outsidein.jobs.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/** The dash tables' rows as the JSON the page's charts draw from, written by hand: a few hundred rows, no mapper. */
final class RowsJson {
  private RowsJson() {}

  /** Every table's rows: {@code {"dash_x": [{"column": value, ...}, ...], ...}}, safe inside a script element. */
  static String of(Map<String, List<Row>> tables) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, List<Row>> table : tables.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      String rows = table.getValue().stream().map(RowsJson::json).collect(Collectors.joining(",\n"));
      parts.add(quote(table.getKey()) + ": [" + rows + "]");
    }
    // "</" inside a script element would end it.
    return ("{" + String.join(",\n", parts) + "}").replace("</", "<\\/");
  }

  private static String json(Row row) {
    List<String> fields = new ArrayList<>();
    StructField[] schema = row.schema().fields();
    for (int i = 0; i < schema.length; i++) {
      Object value = row.get(i);
      String shown;
      if (value == null) {
        shown = "null";
      } else if (value instanceof Boolean) {
        shown = value.toString();
      } else if (value instanceof Number number) {
        double v = number.doubleValue();
        shown = Double.isNaN(v) || Double.isInfinite(v) ? "null" : value.toString();
      } else {
        shown = quote(value.toString());
      }
      fields.add(quote(schema[i].name()) + ": " + shown);
    }
    return "{" + String.join(", ", fields) + "}";
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
