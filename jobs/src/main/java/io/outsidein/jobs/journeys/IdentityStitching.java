package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

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
 * login later in the same session (browsing before logging in), else of the device's last login before it.
 * Events before a device's first login stay with the device alone. Each run becomes one interval
 * [valid_from, valid_to), so a device shared by two customers hands each only the events of their own turns,
 * never one customer's history to the other. A device seen with more customers than the configured maximum
 * (a kiosk) is not stitched at all.
 *
 * <p>Only a narrow projection of the device events is sorted here; the map is small (one row per device and
 * turn) and is broadcast to attribute the events, so the events themselves are not shuffled for it.
 */
final class IdentityStitching {
  static final String DEVICE = "anonymous_id";
  static final String CUSTOMER = "customer_id";
  static final String VALID_FROM = "valid_from";
  static final String VALID_TO = "valid_to";
  /** True when a login of the recomputed dates made the interval, so the dates it covers must be rebuilt. */
  static final String TOUCHED = "identity_touched";
  /** True on the one row of a device over the cardinality limit (customer null). */
  static final String UNSTITCHED = "unstitched";

  private final JourneySettings settings;

  IdentityStitching(JourneySettings settings) {
    this.settings = settings;
  }

  /** The devices over the cardinality limit, from the map (one column, anonymous_id). */
  static Dataset<Row> unstitchedDevices(Dataset<Row> map) {
    return map.where(col(UNSTITCHED)).select(DEVICE);
  }

  /**
   * The map: anonymous_id, customer_id, valid_from, valid_to (null: still valid), identity_touched, unstitched. A
   * device over the cardinality limit keeps one row with a null customer and {@code unstitched} true, so that
   * the run log counts it without a second pass over the device events.
   */
  Dataset<Row> map(Dataset<Row> events, List<LocalDate> changedDates) {
    WindowSpec timeline = Window.partitionBy(DEVICE).orderBy(col(Timeline.TIME), col(Timeline.EVENT_ID));
    WindowSpec upToHere = timeline.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec device = Window.partitionBy(DEVICE);
    // Whole-partition frames are computed once per partition; a frame from the current row to the end would be
    // recomputed for every row (quadratic on a busy device), so "the next login in my session" is taken as
    // "the first login of my session", which is the same for the rows before it, the only ones that use it.
    WindowSpec deviceSession = Window.partitionBy(col(DEVICE), col("_session"))
        .orderBy(col(Timeline.TIME), col(Timeline.EVENT_ID))
        .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Column identified = col(CUSTOMER).isNotNull();

    Dataset<Row> sessions = events.where(col(DEVICE).isNotNull())
        .select(col(DEVICE), col(Timeline.TIME), col(Timeline.EVENT_ID), col(CUSTOMER), col(Timeline.EVENT_DATE))
        .withColumn("_gap", Timeline.isNewSession(lag(col(Timeline.TIME), 1).over(timeline), col(Timeline.TIME),
            settings.inactivityGap()))
        .withColumn("_session", sum(when(col("_gap"), 1).otherwise(0)).over(upToHere))
        .withColumn("_customers", size(collect_set(CUSTOMER).over(device)));

    Column lastLogin = last(col(CUSTOMER), true).over(upToHere);
    Column lastLoginSession = last(when(identified, col("_session")), true).over(upToHere);
    Column sessionLogin = first(col(CUSTOMER), true).over(deviceSession);
    Column kiosk = col("_customers").gt(settings.maxCustomersPerDevice());
    Column attributed = when(kiosk, lit(null).cast("string"))
        .otherwise(coalesce(
            col(CUSTOMER),
            when(lastLoginSession.equalTo(col("_session")), lastLogin),
            sessionLogin,
            lastLogin));
    // An event's attribution changed in this run when the identified event it takes its customer from is of a
    // changed date (a login today, or one delivered late): the same precedence as above, on that flag.
    Column changed = identified.and(col(Timeline.EVENT_DATE).isin(changedDates.stream().map(java.sql.Date::valueOf)
        .toArray()));
    Column lastChanged = last(when(identified, col("_changed")), true).over(upToHere);
    Column sessionChanged = first(when(identified, col("_changed")), true).over(deviceSession);
    Column touched = when(kiosk, lit(false)).otherwise(coalesce(
        when(identified, col("_changed")),
        when(lastLoginSession.equalTo(col("_session")), lastChanged),
        when(sessionLogin.isNotNull(), sessionChanged),
        lastChanged,
        lit(false)));

    Dataset<Row> attributedEvents = sessions
        .withColumn("_changed", changed)
        .withColumn("_attributed", attributed)
        .withColumn("_touched", touched)
        .withColumn("_kiosk", kiosk);
    // A turn: consecutive events with the same customer and the same touched flag, so that a login today marks
    // only the events from its session on, not the customer's whole history on the device.
    Column same = col("_attributed").eqNullSafe(lag(col("_attributed"), 1).over(timeline))
        .and(col("_touched").eqNullSafe(lag(col("_touched"), 1).over(timeline)));
    Dataset<Row> runs = attributedEvents
        .withColumn("_turn", sum(when(not(same), 1).otherwise(0)).over(upToHere));
    return runs.groupBy(col(DEVICE), col("_turn"))
        .agg(first(col("_attributed")).as(CUSTOMER), min(Timeline.TIME).as(VALID_FROM),
            first(col("_touched")).as(TOUCHED), first(col("_kiosk")).as(UNSTITCHED))
        // Events before a device's first login stay unattributed: no interval.
        .where(col(CUSTOMER).isNotNull().or(col(UNSTITCHED)))
        .withColumn(VALID_TO, lead(col(VALID_FROM), 1).over(Window.partitionBy(DEVICE).orderBy(VALID_FROM)))
        .select(DEVICE, CUSTOMER, VALID_FROM, VALID_TO, TOUCHED, UNSTITCHED);
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
        col(VALID_FROM).as("_m_from"), col(VALID_TO).as("_m_to"), col(TOUCHED).as("_m_touched"));
    Column matches = col(DEVICE).equalTo(col("_m_device"))
        .and(col(Timeline.TIME).geq(col("_m_from")))
        .and(col("_m_to").isNull().or(col(Timeline.TIME).lt(col("_m_to"))));
    Dataset<Row> joined = events.join(broadcast(m), matches, "left");
    return joined
        .withColumn("device_id", col(DEVICE))
        .withColumn(CUSTOMER, coalesce(col(CUSTOMER), col("_m_customer")))
        .withColumn(TOUCHED, coalesce(col("_m_touched"), lit(false)))
        .drop("_m_device", "_m_customer", "_m_from", "_m_to", "_m_touched");
  }
}
