package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stage's state as pure functions of silver, per event date (the tables of {@code JourneyStateTables}): the
 * identity marks of the device events, and the events cases and orders are built from. A night recomputes the
 * state of the dates its input changed, the dates whose marks those can change (the inactivity gap after them),
 * and any date of its window not computed yet; it then reads the state for the window and silver only for the
 * dates whose sessions it rebuilds.
 */
final class JourneyState {
  private final IdentityStitching stitching;

  JourneyState(JourneySettings settings) {
    this.stitching = new IdentityStitching(settings);
  }

  /**
   * The dates whose state a run computes: each changed date and the days after it within the inactivity gap
   * (their first session start may have moved), and each date of [{@code from}, {@code to}] not in
   * {@code computed}; only dates up to {@code to}, the last date silver holds events of.
   */
  List<LocalDate> datesToCompute(Collection<LocalDate> changed, LocalDate from, LocalDate to,
      Collection<LocalDate> computed) {
    TreeSet<LocalDate> dates = withinGap(changed, 1);
    from.datesUntil(to.plusDays(1)).filter(d -> !computed.contains(d)).forEach(dates::add);
    return List.copyOf(dates.headSet(to, true));
  }

  /** The dates of silver a computation of {@code dates} reads: each and the inactivity gap's days before it. */
  List<LocalDate> datesToRead(Collection<LocalDate> dates) {
    return List.copyOf(withinGap(dates, -1));
  }

  /** Each date and the days the inactivity gap reaches from it, after it (direction 1) or before it (-1). */
  private TreeSet<LocalDate> withinGap(Collection<LocalDate> dates, int direction) {
    TreeSet<LocalDate> reached = new TreeSet<>();
    for (LocalDate d : dates) {
      for (long k = 0; k <= stitching.marksContextDays(); k++) {
        reached.add(d.plusDays(direction * k));
      }
    }
    return reached;
  }

  /** The identity marks of {@code dates}, from silver's events of {@link #datesToRead}. */
  Dataset<Row> identityMarks(Dataset<Row> events, Collection<LocalDate> dates) {
    return stitching.marks(events).where(Timeline.onDates(dates));
  }

  /** The events of {@code dates} that cases and orders are built from, in silver's columns. */
  static Dataset<Row> journeyEvents(Dataset<Row> events, Collection<LocalDate> dates) {
    return events.where(Timeline.onDates(dates).and(caseOrOrderEvent()));
  }

  /** An event a case or an order is built from: it names one, or it is a contact (attached to a case later). */
  static Column caseOrOrderEvent() {
    return col("case_id").isNotNull().or(col("order_id").isNotNull())
        .or(expr("event_type IN " + Timeline.CONTACT_TYPES));
  }

  /** The identity map of the window from its marks. */
  Dataset<Row> identityMap(Dataset<Row> marks, List<LocalDate> changedDates) {
    return stitching.mapOfMarks(marks, changedDates);
  }
}
