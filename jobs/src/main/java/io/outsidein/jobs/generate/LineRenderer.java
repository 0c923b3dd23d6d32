package io.outsidein.jobs.generate;

import java.util.List;
import java.util.Map;

/**
 * Renders a record (canonical field -> value) as one JSON line or one CSV line. Values are Strings, numbers
 * or maps (JSON objects); absent and null values are left out of JSON and empty in CSV. Hand-written rather
 * than Jackson: it runs for every generated row.
 */
final class LineRenderer {
  private LineRenderer() {}

  static String json(SourceFormat format, Map<String, Object> fields) {
    StringBuilder line = new StringBuilder(256).append('{');
    boolean first = true;
    for (String name : format.canonicalFields()) {
      Object value = fields.get(name);
      if (value == null) {
        continue;
      }
      if (!first) {
        line.append(',');
      }
      first = false;
      string(line, format.column(name));
      line.append(':');
      value(line, value);
    }
    return line.append('}').toString();
  }

  /** A CSV line of the first {@code columns} canonical fields (fewer than all makes a malformed line). */
  static String csv(SourceFormat format, Map<String, Object> fields, int columns) {
    List<String> names = format.canonicalFields();
    StringBuilder line = new StringBuilder(160);
    for (int i = 0; i < columns; i++) {
      if (i > 0) {
        line.append(',');
      }
      Object value = fields.get(names.get(i));
      if (value == null) {
        continue;
      }
      String text = value instanceof Map<?, ?> map ? jsonObject(map) : value.toString();
      if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.startsWith(" ")) {
        line.append('"').append(text.replace("\"", "\"\"")).append('"');
      } else {
        line.append(text);
      }
    }
    return line.toString();
  }

  static String jsonObject(Map<?, ?> map) {
    StringBuilder text = new StringBuilder(64);
    object(text, map);
    return text.toString();
  }

  private static void value(StringBuilder line, Object value) {
    if (value instanceof Number) {
      line.append(value);
    } else if (value instanceof Map<?, ?> map) {
      object(line, map);
    } else {
      string(line, value.toString());
    }
  }

  private static void object(StringBuilder line, Map<?, ?> map) {
    line.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!first) {
        line.append(',');
      }
      first = false;
      string(line, entry.getKey().toString());
      line.append(':');
      value(line, entry.getValue());
    }
    line.append('}');
  }

  private static void string(StringBuilder line, String text) {
    line.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (c < 0x20) {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    line.append('"');
  }
}
