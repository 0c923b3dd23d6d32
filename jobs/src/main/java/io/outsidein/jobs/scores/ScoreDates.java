package io.outsidein.jobs.scores;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The score dates a run writes: its own dates, and every date up to its last whose windows hold a changed answer
 * date (a late answer of day c changes the 28-day windows of c .. c+27 and, as their previous window, those of
 * c+28 .. c+55). Never a date after the run's last: those are written when their night comes.
 */
final class ScoreDates {
  private ScoreDates() {}

  static List<LocalDate> of(LocalDate from, LocalDate to, Collection<LocalDate> changed) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    from.datesUntil(to.plusDays(1)).forEach(dates::add);
    for (LocalDate c : changed) {
      LocalDate last = c.plusDays(Scorecard.HISTORY_DAYS);
      for (LocalDate d = c; !d.isAfter(last) && !d.isAfter(to); d = d.plusDays(1)) {
        dates.add(d);
      }
    }
    return List.copyOf(dates);
  }
}
