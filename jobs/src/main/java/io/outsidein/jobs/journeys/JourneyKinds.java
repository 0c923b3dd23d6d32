package io.outsidein.jobs.journeys;

import static io.outsidein.jobs.journeys.Timeline.ACTOR;
import static io.outsidein.jobs.journeys.Timeline.CASE;
import static io.outsidein.jobs.journeys.Timeline.PIECE;
import static io.outsidein.jobs.journeys.Timeline.SESSION;
import static io.outsidein.jobs.journeys.Timeline.TIME;
import static io.outsidein.jobs.journeys.Timeline.micros;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.spark.NewColumns;
import io.outsidein.common.tables.JourneyTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The three kinds of journey from the {@link Timeline} in one aggregation: every event is listed under each
 * journey it belongs to (its session; its case; its order), and one group-by on (actor, kind, key) builds
 * them all. Keys start with the actor, so the aggregation reuses the time line's partitioning, and since the
 * three kinds are one branch of one plan the events are shuffled exactly once (three separate aggregations
 * would each prune the time line differently and each shuffle it). The pieces of a case or an order that
 * several actors hold are then merged into one row per journey ({@link #oneRowPerJourney}), on the journeys
 * rather than the events. Kind-specific columns are computed under
 * {@code when(kind = ...)}, so a session never pays for case arithmetic. Each row carries {@link #TOUCHED}:
 * whether it holds an event of a recomputed date (or one re-attributed by a login of those dates).
 */
final class JourneyKinds {
  static final String TOUCHED = "_touched";
  static final String SESSION_KIND = "session";
  static final String CASE_KIND = "case";
  static final String ORDER_KIND = "order";
  private static final String JOURNEY_KEY = "_journey_key";

  private final JourneySettings settings;
  private final Column changedDate;

  JourneyKinds(JourneySettings settings, List<LocalDate> changedDates) {
    this.settings = settings;
    this.changedDate = Timeline.onDates(changedDates);
  }

  private static Column step() {
    return struct(col(TIME).as("at"), col("event_id"), col("channel"), col("event_type"), col("department"),
        col("agent_id"), col("case_id"), col("order_id"), col("sku"), col("amount"));
  }

  private static Column seconds(Column from, Column to) {
    return micros(to).minus(micros(from)).divide(1_000_000).cast("long");
  }

  private static Column isType(String type) {
    return col("event_type").equalTo(type);
  }

  private static Column ofKind(String kind) {
    return col("kind").equalTo(kind);
  }

  /**
   * Sessions, cases and orders with the columns of gold.journeys they have (survey columns not yet), plus
   * {@link #TOUCHED}. {@code orderLines}: silver order lines of the window; {@code asOf}: the end of the run's
   * last date, to which the age of open cases is measured; {@code sessionDates}: the dates whose events form
   * sessions (cases and orders take their events from the whole window).
   */
  Dataset<Row> journeys(Dataset<Row> timeline, Dataset<Row> orderLines, Instant asOf,
      List<LocalDate> sessionDates) {
    Column inSessionDates = Timeline.onDates(sessionDates);
    Column keys = array(
        when(inSessionDates,
            struct(lit(SESSION_KIND).as("kind"), concat_ws(":", col(SESSION), col(PIECE)).as("key"))),
        when(col(CASE).isNotNull(), struct(lit(CASE_KIND).as("kind"), col(CASE).as("key"))),
        when(col("order_id").isNotNull(), struct(lit(ORDER_KIND).as("kind"), col("order_id").as("key"))));
    Dataset<Row> listed = NewColumns.of("kind", col("_journey.kind")).and("_key", col("_journey.key"))
        .on(timeline.withColumn("_journey", explode(keys)).where(col("_journey").isNotNull()));
    Dataset<Row> grouped = listed.groupBy(col(ACTOR), col("kind"), col("_key")).agg(
        sort_array(collect_list(step())).as("steps"),
        max(col("customer_id")).as("_event_customer"),
        // The first event's device; at the same instant, the lowest event id's (not the lowest pseudonym).
        expr("min_by(device_id, CASE WHEN device_id IS NOT NULL THEN struct(event_time, event_id) END)").as("_device"),
        min(TIME).as("_first_event"),
        max(TIME).as("_last_event"),
        count(lit(1)).cast("int").as("event_count"),
        max(isType("purchase")).as("has_purchase"),
        max(expr("event_type IN ('contact', 'transfer', 'complaint')")).as("has_contact"),
        max(isType("complaint")).as("has_complaint"),
        max(changedDate.or(col(IdentityStitching.TOUCHED))).as(TOUCHED),
        max(col(PIECE).gt(0).or(col(Timeline.CUT_AFTER))).as("_cut"),
        sum(when(isType("contact"), 1).otherwise(0)).as("_contacts"),
        sum(when(col(Timeline.CASE_ATTACHED), 1).otherwise(0)).cast("int").as("_attached"),
        max(when(isType("resolve"), col(TIME))).as("_resolved_at"),
        max(when(expr("event_type IN " + Timeline.CONTACT_TYPES), col(TIME))).as("_last_contact"),
        min(when(col("agent_id").isNotNull(), col(TIME))).as("_first_agent"),
        max(col("order_id")).as("_about_order"),
        collect_set(col("agent_id")).as("_agents"),
        max(when(isType("purchase"), col("properties").getItem("promised_date"))).as("_promised"),
        min(when(isType("shipped"), col(TIME))).as("_shipped"),
        min(when(isType("delivered"), col(TIME))).as("_delivered"),
        max(isType("returned")).as("_returned"),
        max(isType("refund")).as("_refunded"),
        sum(when(expr("event_type IN " + Timeline.CONTACT_TYPES), 1).otherwise(0)).cast("int").as("_order_contacts"));

    Dataset<Row> journeys = oneRowPerJourney(grouped);

    Dataset<Row> lines = orderLines.groupBy(col("order_id").as("_l_order")).agg(
        min(col("order_time")).as("_order_time"),
        max(col("customer_id")).as("_line_customer"),
        max(col("store_id")).as("_store"),
        count(lit(1)).cast("int").as("_lines"),
        // Net of returns: a return line has a negative quantity.
        sum(col("quantity").multiply(col("unit_price"))).as("_value"),
        max(col("quantity").lt(0)).as("_return_line"),
        max(changedDate).as("_lines_touched"));
    // Lines find their order's events; an order with lines but no events is still a journey.
    Dataset<Row> all = NewColumns
        .of("kind", coalesce(col("kind"), lit(ORDER_KIND)))
        .and("_key", coalesce(col("_key"), col("_l_order")))
        .and("steps", coalesce(col("steps"), expr("array()").cast(DataTypes.createArrayType(JourneyTables.STEP))))
        .and("event_count", coalesce(col("event_count"), lit(0)))
        .and(TOUCHED, coalesce(col(TOUCHED), lit(false)).or(coalesce(col("_lines_touched"), lit(false))))
        .on(journeys.join(lines, ofKind(ORDER_KIND).and(col(JOURNEY_KEY).equalTo(col("_l_order"))), "full_outer"))
        .drop(JOURNEY_KEY);
    return withCaseColumns(withOrderColumns(withCommonColumns(all)), asOf);
  }

  /**
   * One row per journey. A case or an order is one journey whatever actors hold its events: a shared device's
   * anonymous events stitched to one customer, the contacts to another, are pieces of one case (grouped per
   * actor, they were two rows with one journey_id). A session is one actor's by construction. The pieces of a
   * journey are merged here, after the aggregation per actor that reuses the time line's partitioning: the
   * events are still shuffled once, and this shuffle moves journeys, not events.
   *
   * <p>The journey key is also what orders join their lines on, and the rows are partitioned by it once for
   * both the merge and that join. A session's key holds its actor: keyed by its sequence number alone
   * (1:0, 2:0, ...), every actor's first session would land in one partition of the join.
   */
  private static Dataset<Row> oneRowPerJourney(Dataset<Row> grouped) {
    Column journeyKey = when(ofKind(SESSION_KIND), concat_ws("|", col("kind"), col(ACTOR), col("_key")))
        .when(ofKind(CASE_KIND), concat_ws("|", col("kind"), col("_key")))
        .otherwise(col("_key"));
    // Which piece speaks for the journey where pieces disagree: the one whose events started first; at the same
    // instant, the one whose first event has the lowest id (never the lowest actor: a pseudonym).
    Column firstPiece = struct(col("_first_event"), col("steps").getItem(0).getField("event_id"));
    return grouped.withColumn(JOURNEY_KEY, journeyKey).repartition(col(JOURNEY_KEY))
        .groupBy(col(JOURNEY_KEY), col("kind")).agg(
            min(col(ACTOR)).as(ACTOR),
            min(col("_key")).as("_key"),
            sort_array(flatten(collect_list(col("steps")))).as("steps"),
            min_by(col("_event_customer"), when(col("_event_customer").isNotNull(), firstPiece))
                .as("_event_customer"),
            min_by(col("_device"), when(col("_device").isNotNull(), firstPiece)).as("_device"),
            min(col("_first_event")).as("_first_event"),
            max(col("_last_event")).as("_last_event"),
            sum(col("event_count")).cast("int").as("event_count"),
            max(col("has_purchase")).as("has_purchase"),
            max(col("has_contact")).as("has_contact"),
            max(col("has_complaint")).as("has_complaint"),
            max(col(TOUCHED)).as(TOUCHED),
            max(col("_cut")).as("_cut"),
            sum(col("_contacts")).as("_contacts"),
            sum(col("_attached")).cast("int").as("_attached"),
            max(col("_resolved_at")).as("_resolved_at"),
            max(col("_last_contact")).as("_last_contact"),
            min(col("_first_agent")).as("_first_agent"),
            max(col("_about_order")).as("_about_order"),
            array_distinct(flatten(collect_list(col("_agents")))).as("_agents"),
            max(col("_promised")).as("_promised"),
            min(col("_shipped")).as("_shipped"),
            min(col("_delivered")).as("_delivered"),
            max(col("_returned")).as("_returned"),
            max(col("_refunded")).as("_refunded"),
            sum(col("_order_contacts")).cast("int").as("_order_contacts"));
  }

  private static Dataset<Row> withCommonColumns(Dataset<Row> all) {
    Dataset<Row> timed = NewColumns
        .of("customer_id", coalesce(col("_line_customer"), col("_event_customer")))
        .and("device_id", when(ofKind(SESSION_KIND), col("_device")))
        .and("started_at", coalesce(col("_order_time"), col("_first_event")))
        .and("ended_at", greatest(col("_order_time"), col("_last_event")))
        .and("journey_id", sha2(when(ofKind(SESSION_KIND),
                concat_ws("|", col("kind"), col(ACTOR), expr("steps[0].event_id")))
            .otherwise(concat_ws("|", col("kind"), col("_key"))), 256))
        .and("channels", expr("array_distinct(transform(steps, s -> s.channel))"))
        .and("cut_at_max_length", when(ofKind(SESSION_KIND), col("_cut")))
        .and("has_purchase", when(ofKind(ORDER_KIND), lit(true)).otherwise(col("has_purchase")))
        .on(all);
    return NewColumns
        .of("journey_date", to_date(col("started_at")))
        .and("duration_s", seconds(col("started_at"), col("ended_at")))
        .on(timed);
  }

  private Dataset<Row> withOrderColumns(Dataset<Row> all) {
    Column order = ofKind(ORDER_KIND);
    Column promised = expr("try_cast(_promised AS DATE)");
    // The promised day ends at midnight where the shop is, not in UTC.
    Column promisedEnd = to_utc_timestamp(date_add(promised, 1).cast("timestamp"), settings.promisedDateZone().getId());
    return NewColumns
        .of("order_id", when(order, col("_key")).when(ofKind(CASE_KIND), col("_about_order")))
        .and("order_value", when(order, col("_value")))
        .and("order_lines", when(order, col("_lines")))
        .and("store_id", when(order, col("_store")))
        .and("promised_date", when(order, promised))
        .and("shipped_at", when(order, col("_shipped")))
        .and("delivered_at", when(order, col("_delivered")))
        .and("delivery_delay_s", when(order, seconds(promisedEnd, col("_delivered"))))
        .and("returned", when(order, coalesce(col("_returned"), lit(false))
            .or(coalesce(col("_return_line"), lit(false)))))
        .and("refunded", when(order, coalesce(col("_refunded"), lit(false))))
        .and("order_contacts", when(order, coalesce(col("_order_contacts"), lit(0))))
        .and("has_contact", when(order, coalesce(col("_order_contacts"), lit(0)).gt(0))
            .otherwise(col("has_contact")))
        .on(all);
  }

  private Dataset<Row> withCaseColumns(Dataset<Row> all, Instant asOf) {
    Column isCase = ofKind(CASE_KIND);
    long repeatMicros = settings.repeatContactWindow().toNanos() / 1000;
    String lastResolveBefore = "array_max(transform(filter(slice(steps, 1, i), p -> p.event_type = 'resolve'), "
        + "p -> p.at))";
    Column repeats = expr("size(filter(steps, (s, i) -> s.event_type = 'contact'"
        + " AND exists(slice(steps, 1, i), p -> p.event_type = 'contact')"
        + " AND (" + lastResolveBefore + " IS NULL"
        + " OR unix_micros(s.at) - unix_micros(" + lastResolveBefore + ") <= " + repeatMicros + ")))");
    Column resolved = col("_resolved_at").isNotNull()
        .and(col("_last_contact").isNull().or(col("_resolved_at").geq(col("_last_contact"))));
    long abandonMicros = settings.abandonAfter().toNanos() / 1000;
    Column age = micros(lit(Timestamp.from(asOf))).minus(micros(col("started_at")));
    // Three projections: the departments list is made, then its consecutive repeats are dropped, then read.
    Dataset<Row> listed = NewColumns
        .of("case_id", when(isCase, col("_key")))
        .and("departments", when(isCase, expr("filter(transform(steps, s -> s.department), d -> d IS NOT NULL)")))
        .and("channel_switches", when(isCase, expr(
            "size(filter(steps, (s, i) -> i > 0 AND s.channel != steps[i - 1].channel))")))
        .and("distinct_agents", when(isCase, size(col("_agents"))))
        .and("repeat_contacts", when(isCase, repeats))
        .and("contacts_attached", when(isCase, col("_attached")))
        .and("resolved", when(isCase, resolved))
        .and("case_status", when(isCase, when(resolved, lit("resolved"))
            .when(age.gt(abandonMicros), lit("abandoned")).otherwise(lit("open"))))
        .and("time_to_resolve_s", when(isCase.and(resolved), seconds(col("started_at"), col("_resolved_at"))))
        .and("time_to_first_response_s", when(isCase, seconds(col("started_at"), col("_first_agent"))))
        .on(all);
    Dataset<Row> departments = NewColumns
        .of("departments", expr("filter(departments, (d, i) -> i = 0 OR d != departments[i - 1])"))
        .on(listed);
    // No transfer: at most one department.
    return NewColumns
        .of("transfers", when(isCase, greatest(size(col("departments")).minus(1), lit(0))))
        .and("ping_pongs", when(isCase, expr(
            "size(filter(departments, (d, i) -> i > 0 AND array_contains(slice(departments, 1, i), d)))")))
        .and("first_contact_resolution", when(isCase, resolved.and(size(col("departments")).leq(1))
            .and(col("_contacts").equalTo(1))))
        .on(departments);
  }
}
