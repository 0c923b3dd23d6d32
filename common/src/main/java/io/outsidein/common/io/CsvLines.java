package io.outsidein.common.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The one CSV splitter of the code base: a line into its fields on commas outside double quotes (RFC 4180,
 * a quote inside a quoted field doubled). {@link #rawFields} keeps each field as written, quotes included, so
 * that a quarantined line can be sanitised and joined back as it was; {@link #split} gives the values. Lenient
 * on purpose: an unclosed quote runs to the end of the line. A record is one line here; records whose quoted
 * fields span lines are the real-deliveries issue's, which replaces this with a well-kept parser.
 */
public final class CsvLines {
  private static final char SEPARATOR = ',';
  private static final char QUOTE = '"';

  private CsvLines() {}

  /** The values of {@code line}: fields unquoted, {@code ""} decoded. */
  public static List<String> split(String line) {
    return rawFields(line).stream().map(CsvLines::unquote).toList();
  }

  /** The fields of {@code line} as written, quotes included; an empty line is one empty field. */
  public static List<String> rawFields(String line) {
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
  public static String unquote(String field) {
    if (field.length() >= 2 && field.charAt(0) == QUOTE && field.charAt(field.length() - 1) == QUOTE) {
      return field.substring(1, field.length() - 1).replace("\"\"", "\"");
    }
    return field;
  }
}
