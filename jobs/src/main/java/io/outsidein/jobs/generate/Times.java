package io.outsidein.jobs.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The time formats of the raw layout, and the day arithmetic the simulation needs. */
final class Times {
  /** ISO-8601 with milliseconds and an offset: {@code Z} or {@code -05:00}. */
  static final DateTimeFormatter ISO_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);
  /** Zone-less local time, as order_lines delivers it (in {@link #ORDER_ZONE}). */
  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT);
  static final ZoneId ORDER_ZONE = ZoneId.of("America/New_York");

  private Times() {}

  static String iso(Instant instant) {
    return ISO_OFFSET.format(instant.atOffset(ZoneOffset.UTC));
  }

  static String iso(Instant instant, ZoneId zone) {
    return ISO_OFFSET.format(instant.atZone(zone));
  }

  static String orderTime(Instant instant) {
    return LOCAL.format(instant.atZone(ORDER_ZONE));
  }

  static LocalDate utcDate(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  /** The instant at {@code hours} (fractional) after local midnight of the day. */
  static Instant at(LocalDate day, ZoneId zone, double hours) {
    return day.atStartOfDay(zone).toInstant().plusMillis((long) (hours * 3_600_000));
  }

  static LocalDate localDate(Instant instant, ZoneId zone) {
    return LocalDate.ofInstant(instant, zone);
  }

  /** A zero-padded number, faster than String.format on the hot path. */
  static String pad(long value, int width) {
    String digits = Long.toString(value);
    if (digits.length() >= width) {
      return digits;
    }
    return "0".repeat(width - digits.length()) + digits;
  }
}
