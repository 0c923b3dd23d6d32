package io.outsidein.jobs.publish;

import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * A column of a dash table as the page shows it: its header, the column (and an interval's upper end) it shows,
 * whether it is a rate (hidden in a suppressed row), and its text from a row; a null or not-a-number value
 * shows as nothing.
 */
record DashCell(String header, String column, String high, boolean rate, Function<Row, String> text) {

  static DashCell text(String column, String header) {
    return new DashCell(header, column, null, false, r -> {
      Object value = r.get(r.fieldIndex(column));
      return value == null ? "" : String.valueOf(value);
    });
  }

  static DashCell number(String column, String header, int decimals) {
    return new DashCell(header, column, null, decimals > 0, r -> format(r.get(r.fieldIndex(column)), decimals, 1));
  }

  static DashCell percent(String column, String header) {
    return new DashCell(header, column, null, true, r -> {
      String shown = format(r.get(r.fieldIndex(column)), 1, 100);
      return shown.isEmpty() ? "" : shown + " %";
    });
  }

  static DashCell interval(String low, String high, String header, int decimals) {
    return new DashCell(header, low, high, true, r -> bounds(r, low, high, decimals, 1, ""));
  }

  static DashCell percentInterval(String low, String high, String header) {
    return new DashCell(header, low, high, true, r -> bounds(r, low, high, 1, 100, " %"));
  }

  private static String bounds(Row r, String low, String high, int decimals, double scale, String unit) {
    String from = format(r.get(r.fieldIndex(low)), decimals, scale);
    String to = format(r.get(r.fieldIndex(high)), decimals, scale);
    return from.isEmpty() || to.isEmpty() ? "" : "[" + from + ", " + to + "]" + unit;
  }

  private static String format(Object value, int decimals, double scale) {
    if (!(value instanceof Number number)) {
      return "";
    }
    double v = number.doubleValue() * scale;
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "";
    }
    return decimals == 0 ? String.format(Locale.ROOT, "%,d", Math.round(v))
        : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }
}
