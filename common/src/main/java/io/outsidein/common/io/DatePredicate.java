package io.outsidein.common.io;

import java.time.LocalDate;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * SQL predicates over a date column, for Delta's {@code replaceWhere} and DELETE: dates are not personal data,
 * so they are written as literals (the statement's text stays in the table's history).
 */
public final class DatePredicate {
  private DatePredicate() {}

  /** The rows whose {@code column} is one of {@code dates}, sorted; {@code false} for none. */
  public static String in(String column, Collection<LocalDate> dates) {
    if (dates.isEmpty()) {
      return "false";
    }
    return column + " IN (" + dates.stream().sorted().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "))
        + ")";
  }
}
