package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.spark.NewColumns;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The identity map: which customer a device (anonymous_id) belongs to, from when to when. A device's
 * timeline is cut into runs of one attributed customer: an event carrying both ids attributes itself; an
 * anonymous event takes the customer of the last login earlier in its own device session, else of the first
 * login later in the same session (browsing before logging in), else of the device's last login before it if
 * that login lies at most the identity horizon before the session began. Events with no such login stay with
 * the device alone. Each run becomes one interval, from its first event to the next run's first in the time
 * line's order (time, then event id), so a device shared by two customers hands each only the events of their
 * own turns, never one customer's history to the other.
 *
 * <p>A device is shared (a kiosk, a family tablet) from a login at which more customers than the configured
 * maximum have logged in on it within the identity horizon before that login: the events that would take their
 * customer from such a login stay with the device. Both rules look back a fixed horizon from the event, never
 * further and never forward, so that a journey's owner is a function of the data near it, the same whichever
 * run (a backfill, a night, a rerun) computes it.
 *
 * <p>Only a narrow projection of the device events is sorted here; the map is small (one row per device and
 * turn) and is broadcast to attribute the events, so the events themselves are not shuffled for it.
 */
final class IdentityStitching {
  static final String DEVICE = "anonymous_id";
  static final String CUSTOMER = "customer_id";
  static final String VALID_FROM = "valid_from";
  static final String VALID_TO = "valid_to";
  /** The event ids at the bounds: events at the same instant are ordered by id, so an interval starts at one. */
  static final String FROM_EVENT = "valid_from_event_id";
  static final String TO_EVENT = "valid_to_event_id";
  /** True when a login of the recomputed dates made the interval, so the dates it covers must be rebuilt. */
  static final String TOUCHED = "identity_touched";
  /** True on the turns of a device taken from a login over the cardinality limit (customer null). */
  static final String UNSTITCHED = "unstitched";
  /** The marks' column: true when the event starts a device session (the inactivity gap before it). */
  static final String SESSION_START = "session_start";

  private final JourneySettings settings;

  IdentityStitching(JourneySettings settings) {
    this.settings = settings;
  }

  /** The devices over the cardinality limit at some login, from the map (one column, anonymous_id). */
  static Dataset<Row> unstitchedDevices(Dataset<Row> map) {
    return map.where(col(UNSTITCHED)).select(DEVICE).distinct();
  }

  /**
   * The map: anonymous_id, customer_id, valid_from, valid_to (null: still valid), the event ids at both bounds,
   * identity_touched, unstitched. An interval runs from its first event to the next interval's first, in the
   * time line's order (time, then event id). The turns taken from a login over the cardinality limit keep their
   * rows with a null customer and {@code unstitched} true, so that the run log counts those devices without a
   * second pass over the device events.
   *
   * <p>The device events are sorted once to split them into device sessions; then only the marks are kept
   * (session starts and identified events). An event's attribution can change only at a mark: between two
   * marks it is that of the earlier one. So every later step runs on the marks: one more sort of the marks by
   * time alone gives each login the customers of the horizon before it (a range frame needs a single order key),
   * and the intervals are the marks where the attribution or its touched flag changes.
   */
  Dataset<Row> map(Dataset<Row> events, List<LocalDate> changedDates) {
    return mapOfMarks(marks(events), changedDates);
  }

  /**
   * The marks of the device events: the session starts and the identified events, in the columns of the
   * identity-marks state table (anonymous_id, event_time, event_id, customer_id, event_date, session_start).
   * The only step that sorts every device event; a night keeps the marks of past dates as state and sorts
   * only its own dates' events here. A mark of date d depends on the events of d and of the inactivity gap
   * before it ({@link #marksContextDays}), nothing older: the first event of a device in what it is given
   * starts a session, which is right when nothing precedes it within the gap.
   */
  Dataset<Row> marks(Dataset<Row> events) {
    WindowSpec timeline = Window.partitionBy(DEVICE).orderBy(col(Timeline.TIME), col(Timeline.EVENT_ID));
    return events.where(col(DEVICE).isNotNull())
        .select(col(DEVICE), col(Timeline.TIME), col(Timeline.EVENT_ID), col(CUSTOMER), col(Timeline.EVENT_DATE))
        .withColumn(SESSION_START, Timeline.isNewSession(lag(col(Timeline.TIME), 1).over(timeline),
            col(Timeline.TIME), settings.inactivityGap()))
        .where(col(SESSION_START).or(col(CUSTOMER).isNotNull()));
  }

  /** Days before a date whose events decide which of the date's events start a session: the inactivity gap's. */
  long marksContextDays() {
    return JourneyWindow.days(settings.inactivityGap());
  }

  /**
   * The map from the marks ({@link #marks}) of the window. An event's attribution can change only at a mark:
   * between two marks it is that of the earlier one. Marks before the first session start of a device in the
   * window belong to a session that began before it: they count as one session.
   */
  Dataset<Row> mapOfMarks(Dataset<Row> deviceMarks, List<LocalDate> changedDates) {
    WindowSpec timeline = Window.partitionBy(DEVICE).orderBy(col(Timeline.TIME), col(Timeline.EVENT_ID));
    WindowSpec upToHere = timeline.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    long horizon = settings.identityHorizon().toNanos() / 1000;
    WindowSpec horizonBefore = Window.partitionBy(DEVICE).orderBy(Timeline.micros(col(Timeline.TIME)))
        .rangeBetween(-horizon, 0);
    Column identified = col(CUSTOMER).isNotNull();

    Dataset<Row> marks = deviceMarks
        .withColumn("_session", sum(when(col(SESSION_START), 1).otherwise(0)).over(upToHere))
        // A login of a changed date (today's, or one delivered late) changes the attribution it gives.
        .withColumn("_changed", identified.and(Timeline.onDates(changedDates)))
        // Per login: is the device shared (more customers within the horizon before it than allowed), and could
        // a changed login within that horizon have changed that answer or the login's own?
        .select(col("*"),
            size(collect_set(col(CUSTOMER)).over(horizonBefore)).gt(settings.maxCustomersPerDevice()).as("_over"),
            coalesce(max(when(identified, col("_changed"))).over(horizonBefore), lit(false)).as("_near_changed"));
    marks = NewColumns.of("_shared", when(identified, col("_over")))
        .and("_login_touched", when(identified, col("_changed").or(col("_near_changed"))))
        .on(marks);

    Column lastLogin = last(col(CUSTOMER), true).over(upToHere);
    Column lastLoginTime = last(when(identified, col(Timeline.TIME)), true).over(upToHere);
    Column lastShared = last(col("_shared"), true).over(upToHere);
    Column lastTouched = last(col("_login_touched"), true).over(upToHere);
    // The device's last login counts for a session that began at most the horizon after it.
    Column recent = Timeline.micros(col(Timeline.TIME)).minus(Timeline.micros(lastLoginTime)).leq(horizon);
    Column loggedInThisSession = last(when(identified, col("_session")), true).over(upToHere)
        .equalTo(col("_session"));
    // The session's first login, for the marks before it: after a session start only identified events are
    // marks, so it is the next mark when that one is still in the same session.
    Column nextInSession = lead(col("_session"), 1).over(timeline).equalTo(col("_session"));
    Column sessionLogin = when(nextInSession, lead(col(CUSTOMER), 1).over(timeline));
    // One precedence for the customer, whether its login is shared, and whether a changed login touched it.
    Column source = coalesce(col(CUSTOMER), when(loggedInThisSession, lastLogin), sessionLogin,
        when(recent, lastLogin));
    Column shared = coalesce(col("_shared"), when(loggedInThisSession, lastShared),
        when(sessionLogin.isNotNull(), lead(col("_shared"), 1).over(timeline)), when(recent, lastShared), lit(false));
    Column touched = coalesce(col("_login_touched"), when(loggedInThisSession, lastTouched),
        when(sessionLogin.isNotNull(), lead(col("_login_touched"), 1).over(timeline)), when(recent, lastTouched),
        lit(false));

    // A turn: consecutive marks with the same customer, shared flag and touched flag, so that a login today
    // marks only the events from its session on, not the customer's whole history on the device.
    Dataset<Row> attributedMarks = marks.select(col(DEVICE), col(Timeline.TIME), col(Timeline.EVENT_ID),
        when(shared, lit(null).cast("string")).otherwise(source).as("_attributed"), touched.as("_touched"),
        shared.as("_unstitched"));
    Column same = col("_attributed").eqNullSafe(lag(col("_attributed"), 1).over(timeline))
        .and(col("_touched").eqNullSafe(lag(col("_touched"), 1).over(timeline)))
        .and(col("_unstitched").eqNullSafe(lag(col("_unstitched"), 1).over(timeline)));
    return attributedMarks
        .withColumn("_same", same)
        .where(not(col("_same")))
        .select(col(DEVICE), col("_attributed").as(CUSTOMER), col(Timeline.TIME).as(VALID_FROM),
            col(Timeline.EVENT_ID).as(FROM_EVENT), lead(col(Timeline.TIME), 1).over(timeline).as(VALID_TO),
            lead(col(Timeline.EVENT_ID), 1).over(timeline).as(TO_EVENT), col("_touched").as(TOUCHED),
            col("_unstitched").as(UNSTITCHED))
        // Turns with no login to take a customer from (before the first, or past the horizon) stay unattributed:
        // no interval. Dropped only now, so that the turn before one ends where it begins.
        .where(col(CUSTOMER).isNotNull().or(col(UNSTITCHED)));
  }

  /**
   * The dates whose events a touched interval of the map covers (up to {@code windowEnd} for an open one):
   * their sessions may now belong to someone else, so they are rebuilt.
   */
  static Dataset<Row> touchedDates(Dataset<Row> map, LocalDate windowEnd) {
    return map.where(col(TOUCHED))
        .selectExpr("explode(sequence(to_date(" + VALID_FROM + "), to_date(coalesce(" + VALID_TO
            + ", TIMESTAMP'" + windowEnd + " 00:00:00')))) AS d")
        .distinct();
  }

  /**
   * The events with {@code customer_id} filled from the map where the event itself carries none, the device in
   * {@code device_id} and {@link #TOUCHED}. The map is broadcast: the events are not shuffled here.
   */
  static Dataset<Row> attribute(Dataset<Row> events, Dataset<Row> map) {
    Dataset<Row> m = map.select(col(DEVICE).as("_m_device"), col(CUSTOMER).as("_m_customer"),
        col(VALID_FROM).as("_m_from"), col(FROM_EVENT).as("_m_from_event"), col(VALID_TO).as("_m_to"),
        col(TO_EVENT).as("_m_to_event"), col(TOUCHED).as("_m_touched"));
    Column time = col(Timeline.TIME);
    Column id = col(Timeline.EVENT_ID);
    Column matches = col(DEVICE).equalTo(col("_m_device"))
        .and(time.gt(col("_m_from")).or(time.equalTo(col("_m_from")).and(id.geq(col("_m_from_event")))))
        .and(col("_m_to").isNull().or(time.lt(col("_m_to")))
            .or(time.equalTo(col("_m_to")).and(id.lt(col("_m_to_event")))));
    return NewColumns
        .of("device_id", col(DEVICE))
        .and(CUSTOMER, coalesce(col(CUSTOMER), col("_m_customer")))
        .and(TOUCHED, coalesce(col("_m_touched"), lit(false)))
        .on(events.join(broadcast(m), matches, "left"))
        .drop("_m_device", "_m_customer", "_m_from", "_m_from_event", "_m_to", "_m_to_event", "_m_touched");
  }
}
