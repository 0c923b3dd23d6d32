package io.outsidein.common.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CSV line into its raw fields, quotes kept, so that a sanitised line can be joined back as it was
 * written. Lenient on purpose: the lines it sees were quarantined, and an unclosed quote simply runs to the
 * end of the line.
 */
final class CsvFields {
  private static final char SEPARATOR = ',';
  private static final char QUOTE = '"';

  private CsvFields() {}

  /** The fields of {@code line} as written, quotes included; an empty line is one empty field. */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == QUOTE) {
        // An escaped quote ("") toggles twice and so leaves the state as it was.
        quoted = !quoted;
      } else if (c == SEPARATOR && !quoted) {
        fields.add(line.substring(start, i));
        start = i + 1;
      }
    }
    fields.add(line.substring(start));
    return fields;
  }

  /** The value of a raw field: surrounding quotes removed and {@code ""} decoded. */
  static String unquote(String field) {
    if (field.length() >= 2 && field.charAt(0) == QUOTE && field.charAt(field.length() - 1) == QUOTE) {
      return field.substring(1, field.length() - 1).replace("\"\"", "\"");
    }
    return field;
  }
}
