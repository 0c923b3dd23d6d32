package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The journeys stage as a pure function of silver frames: identity map, one time line per actor, the three
 * kinds of journey and the survey answers attached. It never knows where the frames come from or go to.
 */
public final class JourneyBuilder {
  private final JourneySettings settings;

  public JourneyBuilder(JourneySettings settings) {
    this.settings = settings;
  }

  /**
   * Everything in one call, for small inputs and tests: the identity map, the dates it re-attributes, and the
   * journeys. The job runs the same steps one by one, staging the map in between.
   *
   * @param interactions silver interactions of the history window
   * @param orderLines silver order lines of the window
   * @param changedDates the event dates whose journeys are recomputed
   * @param asOf the end of the run's last date: the age of open cases is measured to it
   */
  public Result build(Dataset<Row> interactions, Dataset<Row> orderLines, List<LocalDate> changedDates,
      Instant asOf) {
    Dataset<Row> map = identityMap(interactions, changedDates);
    List<LocalDate> touched = touchedDates(map, JourneyWindow.of(changedDates, settings).end()).collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate()).toList();
    return new Result(journeys(interactions, map, orderLines, changedDates, sessionDates(changedDates, touched), asOf),
        map, unstitchedDevices(map));
  }

  /** The identity map of the window's device events, each interval flagged when this run changed it. */
  public Dataset<Row> identityMap(Dataset<Row> interactions, List<LocalDate> changedDates) {
    return new IdentityStitching(settings).map(interactions, changedDates);
  }

  /** Devices over the cardinality limit (not stitched), read from the identity map. */
  public static Dataset<Row> unstitchedDevices(Dataset<Row> identityMap) {
    return IdentityStitching.unstitchedDevices(identityMap);
  }

  /** One column {@code d}: the dates of events whose attribution this run changed. */
  public static Dataset<Row> touchedDates(Dataset<Row> identityMap, LocalDate windowEnd) {
    return IdentityStitching.touchedDates(identityMap, windowEnd);
  }

  /**
   * The dates whose events must form sessions: around every changed or re-attributed date d, d-2..d+1. A
   * session rewritten on d-1 (it crossed midnight into d) is then complete, since no session outlasts
   * max-session-length (at most days, checked), and no older session is rewritten.
   */
  public List<LocalDate> sessionDates(Collection<LocalDate> changedDates, Collection<LocalDate> reattributedDates) {
    long reach = 1 + settings.maxSessionLength().toDays();
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (LocalDate d : concat(changedDates, reattributedDates)) {
      for (long k = -1 - reach; k <= reach; k++) {
        dates.add(d.plusDays(k));
      }
    }
    return List.copyOf(dates);
  }

  private static List<LocalDate> concat(Collection<LocalDate> a, Collection<LocalDate> b) {
    List<LocalDate> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * The journeys of the history window, in the columns of gold.journeys (survey columns still null) plus
   * {@link JourneyKinds#TOUCHED}. Only the events that can matter are sorted: those of the session dates and
   * every case, order and contact event of the window. The events are shuffled once.
   */
  public Dataset<Row> journeys(Dataset<Row> interactions, Dataset<Row> identityMap, Dataset<Row> orderLines,
      List<LocalDate> changedDates, List<LocalDate> sessionDates, Instant asOf) {
    Column needed = Timeline.onDates(sessionDates).or(JourneyState.caseOrOrderEvent());
    Dataset<Row> timeline = new Timeline(settings)
        .build(IdentityStitching.attribute(interactions.where(needed), identityMap));
    Dataset<Row> journeys = new JourneyKinds(settings, changedDates).journeys(timeline, orderLines, asOf, sessionDates);
    return JourneyColumns.conform(journeys, JourneyKinds.TOUCHED);
  }

  /**
   * The journeys with the survey answer that rates each (survey columns filled) and the links themselves. Run
   * it on staged journeys: it joins them three times, which on the unstaged plan would rebuild them each time.
   */
  public Rated attachSurveys(Dataset<Row> journeys, Dataset<Row> surveys) {
    SurveyAttachment attachment = new SurveyAttachment(settings);
    Dataset<Row> links = attachment.links(journeys, surveys);
    Dataset<Row> rated = JourneyColumns.conform(attachment.attach(
        journeys.drop("survey_response_id", "survey_type", "survey_score", "survey_attach_rule"), links),
        JourneyKinds.TOUCHED);
    return new Rated(rated, links);
  }

  /** Journeys with their survey columns, and one row per attached answer. */
  public record Rated(Dataset<Row> journeys, Dataset<Row> surveyLinks) {}

  /**
   * @param journeys gold.journeys columns (survey columns null) plus {@link JourneyKinds#TOUCHED}
   * @param identityMap anonymous_id, customer_id, valid_from, valid_to, their event ids, identity_touched
   * @param unstitchedDevices devices over the cardinality limit
   */
  public record Result(Dataset<Row> journeys, Dataset<Row> identityMap, Dataset<Row> unstitchedDevices) {}

  /** The identity map's column that is true on the one row of a device over the cardinality limit. */
  public static String unstitchedColumn() {
    return IdentityStitching.UNSTITCHED;
  }

  /** The name of the column that says a journey holds an event of a recomputed date. */
  public static String touchedColumn() {
    return JourneyKinds.TOUCHED;
  }
}
