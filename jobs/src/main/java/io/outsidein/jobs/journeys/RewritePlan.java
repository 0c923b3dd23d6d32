package io.outsidein.jobs.journeys;

import io.outsidein.common.io.DatePredicate;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The journey dates a run rewrites, kind by kind: sessions on the changed dates and on the dates of sessions
 * that hold a changed or re-attributed event; cases and orders on the changed dates, on the dates of those that
 * hold a changed event, and on the dates of every open case (so that one ages into abandoned). Each kind rewrites
 * only its own dates: a case touched today rewrites its opening day's cases without deleting that day's sessions.
 * Dates outside what the window builds whole are never rewritten: no case or order date before its first case
 * date, nor after its last (a case that started there may run past the window's end). {@link #changeDates} are the dates where data
 * changed, around which survey answers may attach differently; an open case alone changes no answer. The job
 * rebuilds every date of the plan and then {@link #narrowedTo narrows} it to the dates whose rows differ from
 * the stored ones: an open case that did not age, the sessions beside a change that it did not alter.
 */
record RewritePlan(List<LocalDate> sessionDates, List<LocalDate> otherDates, List<LocalDate> changeDates) {
  RewritePlan {
    sessionDates = List.copyOf(new TreeSet<>(sessionDates));
    otherDates = List.copyOf(new TreeSet<>(otherDates));
    changeDates = List.copyOf(new TreeSet<>(changeDates));
  }

  /**
   * @param touchedSessionDates dates of sessions holding a changed or re-attributed event
   * @param touchedOtherDates dates of cases and orders holding a changed event
   * @param openCaseDates dates of cases not resolved, and of stored cases and orders to look at again
   *     ({@link StoredJourneys}): rebuilt and compared, but no change around which answers may move
   */
  static RewritePlan of(JourneyWindow window, Collection<LocalDate> touchedSessionDates,
      Collection<LocalDate> touchedOtherDates, Collection<LocalDate> openCaseDates) {
    TreeSet<LocalDate> sessions = new TreeSet<>(window.changed());
    sessions.addAll(touchedSessionDates);
    TreeSet<LocalDate> others = new TreeSet<>(window.changed());
    others.addAll(touchedOtherDates);
    TreeSet<LocalDate> changes = new TreeSet<>(sessions);
    changes.addAll(others);
    others.addAll(openCaseDates);
    // The window's first day is incomplete for sessions (one may have begun the day before).
    return new RewritePlan(List.copyOf(sessions.tailSet(window.start(), false)),
        List.copyOf(others.subSet(window.firstCaseDate(), true, window.lastCaseDate(), true)),
        List.copyOf(changes));
  }

  /** This plan and more dates of each kind (where an answer now attaches elsewhere). */
  RewritePlan plus(Collection<LocalDate> moreSessionDates, Collection<LocalDate> moreOtherDates) {
    TreeSet<LocalDate> sessions = new TreeSet<>(sessionDates);
    sessions.addAll(moreSessionDates);
    TreeSet<LocalDate> others = new TreeSet<>(otherDates);
    others.addAll(moreOtherDates);
    return new RewritePlan(List.copyOf(sessions), List.copyOf(others), changeDates);
  }

  /**
   * This plan narrowed to the dates of each kind where the rebuilt rows differ from the stored ones: the rest
   * would be rewritten as they are.
   */
  RewritePlan narrowedTo(Collection<LocalDate> differingSessionDates, Collection<LocalDate> differingOtherDates) {
    return new RewritePlan(sessionDates.stream().filter(differingSessionDates::contains).toList(),
        otherDates.stream().filter(differingOtherDates::contains).toList(), changeDates);
  }

  /** Every date the plan rewrites, of any kind. */
  List<LocalDate> allDates() {
    TreeSet<LocalDate> all = new TreeSet<>(sessionDates);
    all.addAll(otherDates);
    return List.copyOf(all);
  }

  /** The rows of gold.journeys the plan replaces, as a SQL predicate on {@code kind} and {@code journey_date}. */
  String predicate() {
    return "(kind = 'session' AND " + DatePredicate.in("journey_date", sessionDates) + ") OR (kind <> 'session' AND "
        + DatePredicate.in("journey_date", otherDates) + ")";
  }

  /** The rows of gold.ownership the plan replaces: ownership is dated by the day its cases opened. */
  String ownershipPredicate() {
    return DatePredicate.in("ownership_date", otherDates);
  }
}
