package io.outsidein.jobs.journeys;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
   * The journeys of the history window, in the columns of gold.journeys (survey columns still null) plus
   * {@link JourneyKinds#TOUCHED}, and what the run log reports. The events are shuffled once.
   *
   * @param interactions silver interactions of the history window
   * @param orderLines silver order lines of the window
   * @param changedDates the event dates whose journeys are recomputed
   * @param asOf the end of the run's last date: the age of open cases is measured to it
   */
  public Result build(Dataset<Row> interactions, Dataset<Row> orderLines, List<LocalDate> changedDates,
      Instant asOf) {
    IdentityStitching stitching = new IdentityStitching(settings);
    Dataset<Row> map = stitching.map(interactions, changedDates);
    Dataset<Row> timeline = new Timeline(settings).build(IdentityStitching.attribute(interactions, map));
    Dataset<Row> journeys = new JourneyKinds(settings, changedDates).journeys(timeline, orderLines, asOf);
    return new Result(JourneyTables.conform(journeys, JourneyKinds.TOUCHED), map,
        stitching.unstitchedDevices(interactions));
  }

  /**
   * The journeys with the survey answer that rates each (survey columns filled) and the links themselves. Run
   * it on staged journeys: it joins them three times, which on the unstaged plan would rebuild them each time.
   */
  public Rated attachSurveys(Dataset<Row> journeys, Dataset<Row> surveys) {
    SurveyAttachment attachment = new SurveyAttachment(settings);
    Dataset<Row> links = attachment.links(journeys, surveys);
    Dataset<Row> rated = JourneyTables.conform(attachment.attach(
        journeys.drop("survey_response_id", "survey_type", "survey_score", "survey_attach_rule"), links),
        JourneyKinds.TOUCHED);
    return new Rated(rated, links);
  }

  /** Journeys with their survey columns, and one row per attached answer. */
  public record Rated(Dataset<Row> journeys, Dataset<Row> surveyLinks) {}

  /**
   * @param journeys gold.journeys columns (survey columns null) plus {@link JourneyKinds#TOUCHED}
   * @param identityMap anonymous_id, customer_id, valid_from, valid_to, identity_touched
   * @param unstitchedDevices devices over the cardinality limit
   */
  public record Result(Dataset<Row> journeys, Dataset<Row> identityMap, Dataset<Row> unstitchedDevices) {}

  /** The name of the column that says a journey holds an event of a recomputed date. */
  public static String touchedColumn() {
    return JourneyKinds.TOUCHED;
  }
}
