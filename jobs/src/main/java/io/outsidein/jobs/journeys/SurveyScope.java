package io.outsidein.jobs.journeys;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Where a run must look again at which answer rates which journey. An answer attached by recency takes the
 * customer's latest journey of the attach window before it, so a change on date d can move answers submitted
 * from d to d + a (a: the window in whole days, plus one for the day's edge), whose candidate journeys start
 * from d - a. The run therefore reads the journeys of d - 2a .. d + 2a (the covered dates), and trusts what it
 * computes for a journey only where every answer and every rival journey that could matter lies inside them
 * (the decidable dates, d - a .. d + a): elsewhere nothing that matters changed, and the stored answer stands.
 */
record SurveyScope(NavigableSet<LocalDate> covered, NavigableSet<LocalDate> decidable) {
  SurveyScope {
    covered = java.util.Collections.unmodifiableNavigableSet(new TreeSet<>(covered));
    decidable = java.util.Collections.unmodifiableNavigableSet(new TreeSet<>(decidable));
  }

  static SurveyScope of(Collection<LocalDate> changeDates, Duration attachWindow) {
    long reach = JourneyWindow.days(attachWindow) + 1;
    TreeSet<LocalDate> covered = new TreeSet<>();
    TreeSet<LocalDate> decidable = new TreeSet<>();
    for (LocalDate d : changeDates) {
      d.minusDays(2 * reach).datesUntil(d.plusDays(2 * reach + 1)).forEach(covered::add);
      d.minusDays(reach).datesUntil(d.plusDays(reach + 1)).forEach(decidable::add);
    }
    return new SurveyScope(covered, decidable);
  }

  List<LocalDate> coveredDates() {
    return List.copyOf(covered);
  }

  List<LocalDate> decidableDates() {
    return List.copyOf(decidable);
  }
}
