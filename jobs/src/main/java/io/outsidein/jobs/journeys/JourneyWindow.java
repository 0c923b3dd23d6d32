package io.outsidein.jobs.journeys;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Which history a run reads and which journeys it may rewrite, from the changed dates and the horizons alone,
 * so that every journey it writes is built whole and the same as any other run would build it.
 *
 * <ul>
 *   <li>Cases and orders last at most the journey horizon H, so those that touch a changed date started on or
 *       after {@code firstCaseDate} = first changed date - H; the run rewrites no case or order date earlier.
 *   <li>The window starts H before that again (plus the identity horizon's reach and a session's): a case that
 *       started before the window can only have events before {@code firstCaseDate}, so it never lands on a
 *       date the run rewrites, and every event of a rewritten journey has all the device history its owner
 *       depends on (the identity horizon) inside the window.
 *   <li>The window ends H after the last changed date (plus a session's reach), so that a rerun of an old date
 *       sees a case whole. A case that started later may run past the window's end: {@code lastCaseDate} = the
 *       window's end - H is the last date whose cases and orders the run holds whole, and so may rewrite.
 * </ul>
 */
record JourneyWindow(List<LocalDate> changed, LocalDate start, LocalDate end, LocalDate firstCaseDate,
    LocalDate lastCaseDate) {
  JourneyWindow {
    changed = List.copyOf(new TreeSet<>(changed));
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    requireNonNull(firstCaseDate, "firstCaseDate is null");
    requireNonNull(lastCaseDate, "lastCaseDate is null");
    if (changed.isEmpty()) {
      throw new IllegalArgumentException("A window needs at least one changed date");
    }
  }

  static JourneyWindow of(Collection<LocalDate> changedDates, JourneySettings settings) {
    List<LocalDate> changed = List.copyOf(new TreeSet<>(changedDates));
    if (changed.isEmpty()) {
      throw new IllegalArgumentException("A window needs at least one changed date");
    }
    long horizon = days(settings.journeyHorizon());
    long identity = days(settings.identityHorizon());
    long reach = 1 + settings.maxSessionLength().toDays();
    LocalDate first = changed.get(0);
    LocalDate last = changed.get(changed.size() - 1);
    return new JourneyWindow(changed, first.minusDays(horizon + Math.max(horizon, identity) + reach + 1),
        last.plusDays(horizon + reach), first.minusDays(horizon), last.plusDays(reach));
  }

  /** Whole days that cover a duration (a horizon of 36 hours reaches into a second day). */
  static long days(Duration duration) {
    long days = duration.toDays();
    return duration.equals(Duration.ofDays(days)) ? days : days + 1;
  }

  LocalDate firstChanged() {
    return changed.get(0);
  }

  LocalDate lastChanged() {
    return changed.get(changed.size() - 1);
  }
}
