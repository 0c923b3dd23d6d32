package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Every attributed event of the history window on one time line per actor (the customer, or the device of an
 * event nobody could be stitched to), with what the session and case journeys need computed by window
 * functions over one partitioning and one sort: the session it belongs to (split at the inactivity gap and
 * cut at the maximum length) and the case it belongs to (its own case_id, or the customer's open case within
 * the attach window for a contact that names none). Sessions, cases and orders then aggregate on keys that
 * start with the actor, so Spark reuses this partitioning: the events are shuffled once.
 */
final class Timeline {
  static final String TIME = "event_time";
  static final String EVENT_ID = "event_id";
  static final String EVENT_DATE = "event_date";
  static final String ACTOR = "actor";
  static final String SESSION = "session_seq";
  static final String PIECE = "session_piece";
  /** True on the last event of a piece that the maximum session length cut off from the next one. */
  static final String CUT_AFTER = "session_cut_after";
  static final String CASE = "case_key";
  static final String CASE_ATTACHED = "case_attached";

  /** Event types a customer starts: a contact about a case (complaints included). */
  static final String CONTACT_TYPES = "('contact', 'complaint')";

  private final JourneySettings settings;

  Timeline(JourneySettings settings) {
    this.settings = settings;
  }

  /** Microseconds since the epoch: exact arithmetic on timestamps. */
  static Column micros(Column timestamp) {
    return org.apache.spark.sql.functions.call_function("unix_micros", timestamp);
  }

  /** True for an event whose event_date is one of {@code dates}. */
  static Column onDates(Collection<LocalDate> dates) {
    return col(EVENT_DATE).isin(dates.stream().map(java.sql.Date::valueOf).toArray());
  }

  /** A gap as long as the limit or longer starts a new session (30 minutes of silence ends a session). */
  static Column isNewSession(Column previous, Column time, Duration gap) {
    return previous.isNull().or(micros(time).minus(micros(previous)).geq(gap.toNanos() / 1000));
  }

  Dataset<Row> build(Dataset<Row> attributedEvents) {
    Column actor = coalesce(col("customer_id"), concat(lit("device:"), col("device_id")));
    WindowSpec byActor = Window.partitionBy(ACTOR).orderBy(col(TIME), col(EVENT_ID));
    WindowSpec upToHere = byActor.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec before = byActor.rowsBetween(Window.unboundedPreceding(), -1);

    // Window columns that depend on each other are computed in three selects (three window operators over the
    // one sort); those of one select share an operator, so each operator passes over the events once.
    // 1. From the events alone: the gap to the previous event, and the customer's case before this event (its
    // id, when it was last active and whether that was a resolve).
    Column hasCase = col("case_id").isNotNull();
    Dataset<Row> first = attributedEvents
        .withColumn(ACTOR, actor)
        .select(col("*"),
            isNewSession(lag(col(TIME), 1).over(byActor), col(TIME), settings.inactivityGap()).as("_new"),
            last(col("case_id"), true).over(before).as("_last_case"),
            last(when(hasCase, col(TIME)), true).over(before).as("_last_case_time"),
            last(when(hasCase, col("event_type").equalTo("resolve")), true).over(before).as("_last_case_resolved"));
    // 2. The session and when it started; the piece follows from the start.
    long maxMicros = settings.maxSessionLength().toNanos() / 1000;
    Dataset<Row> second = first.select(col("*"),
            sum(when(col("_new"), 1L).otherwise(0L)).over(upToHere).as(SESSION),
            last(when(col("_new"), col(TIME)), true).over(upToHere).as("_session_start"))
        .withColumn(PIECE, floor(micros(col(TIME)).minus(micros(col("_session_start"))).divide(maxMicros)).cast("int"));
    // 3. Whether the next event is in the same session but another piece.
    Column nextSameSession = lead(col(SESSION), 1).over(byActor).equalTo(col(SESSION));
    Column nextPiece = lead(col(PIECE), 1).over(byActor);
    Column isContact = expr("event_type IN " + CONTACT_TYPES);
    Column attachable = col("case_id").isNull().and(isContact).and(col("customer_id").isNotNull())
        .and(col("_last_case_time").isNotNull())
        .and(micros(col(TIME)).minus(micros(col("_last_case_time")))
            .leq(settings.caseAttachWindow().toNanos() / 1000))
        .and(col("_last_case_resolved").equalTo(false));
    return second
        .select(col("*"), coalesce(nextSameSession.and(nextPiece.notEqual(col(PIECE))), lit(false)).as(CUT_AFTER))
        .withColumn(CASE_ATTACHED, attachable)
        .withColumn(CASE, when(col(CASE_ATTACHED), col("_last_case")).otherwise(col("case_id")))
        .drop("_new", "_session_start", "_last_case", "_last_case_time", "_last_case_resolved");
  }
}
