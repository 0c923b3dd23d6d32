package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.io.DatePredicate;
import io.outsidein.common.io.StagingArea;
import io.outsidein.common.io.StateDates;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.io.TableReader;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.Source;
import io.outsidein.common.spark.ChangedKeys;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.stage.Stage;
import io.outsidein.common.stage.StageContext;
import io.outsidein.common.stage.StageResult;
import io.outsidein.common.tables.JourneyStateTables;
import io.outsidein.common.tables.JourneyTables;
import io.outsidein.common.tables.SilverTables;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journeys stage: silver to gold.journeys and gold.ownership for the dates a run changed. It reads the window
 * of history around them ({@link JourneyWindow}), builds the journeys ({@link JourneyBuilder}), and rewrites with
 * replaceWhere exactly the journey dates of its {@link RewritePlan}. The only class of the stage that knows
 * where data lives; it reads, calls the pure steps and writes.
 */
public final class JourneysJob implements Stage<JourneySettings> {
  public static final String NAME = "journeys";
  private static final Logger LOG = LoggerFactory.getLogger(JourneysJob.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Silver to gold.journeys (sessions, cases, orders) and gold.ownership, for the dates of the run and "
        + "every event date that ingest changed (late data).";
  }

  @Override
  public List<TableDefinition> reads(CatalogSettings catalog) {
    return SilverTables.of(catalog, Source.INTERACTIONS, Source.ORDER_LINES, Source.SURVEYS);
  }

  @Override
  public List<TableDefinition> writes(CatalogSettings catalog) {
    return List.of(JourneyTables.journeys(catalog), JourneyTables.ownership(catalog),
        JourneyStateTables.identityMarks(catalog), JourneyStateTables.journeyEvents(catalog),
        JourneyStateTables.dates(catalog));
  }

  @Override
  public JourneySettings settings(ConfigReader outsidein) {
    return JourneySettings.read(outsidein);
  }

  @Override
  public StageResult run(StageContext context, JourneySettings settings, ChangedDates changed) {
    Instant started = Instant.now();
    RunContext run = context.run();
    CatalogSettings catalog = context.settings().catalog();
    TableDefinition journeysTable = JourneyTables.journeys(catalog);
    TableDefinition ownershipTable = JourneyTables.ownership(catalog);
    TreeSet<LocalDate> dates = new TreeSet<>(changed.in(reads(catalog)));
    run.from().datesUntil(run.to().plusDays(1)).forEach(dates::add);
    JourneyWindow window = JourneyWindow.of(dates, settings);
    context.spark().sparkContext().setJobDescription(NAME + " " + window.firstChanged() + ".." + window.lastChanged());
    TableReader reader = new TableReader(context.spark());
    List<TableDefinition> silver = reads(catalog);
    Dataset<Row> orderLines = reader.window(silver.get(1), window.start(), window.end());
    Dataset<Row> surveys = reader.window(silver.get(2), window.start(), window.end());
    LocalDate lastEventDate = lastEventDate(reader.all(silver.get(0)), run);
    Instant asOf = lastEventDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    JourneyBuilder builder = new JourneyBuilder(settings);
    JourneyState state = new JourneyState(settings);
    try (StagingArea staging = new StagingArea(context.spark(),
        SparkSessionFactory.uri(context.settings().storage().warehouse()), run.runId() + "-" + NAME)) {
      long t0 = System.nanoTime();
      List<LocalDate> stateDates = updateState(context, state, reader.all(silver.get(0)), window, lastEventDate);
      long tState = System.nanoTime();
      // The map is read twice (the dates it re-attributes, then the broadcast): staged once.
      Dataset<Row> map = staging.stage("identity-map", state.identityMap(
          reader.window(JourneyStateTables.identityMarks(catalog), window.start(), window.end()), window.changed()));
      List<LocalDate> reattributed = JourneyBuilder.touchedDates(map, window.end()).collectAsList().stream()
          .map(r -> r.getDate(0).toLocalDate()).toList();
      List<LocalDate> sessionDates = builder.sessionDates(window.changed(), reattributed);
      // Every event of the dates whose sessions are rebuilt, from silver; of the other dates of the window only
      // those of cases and orders, from the state: what the builder would keep of the whole window.
      Dataset<Row> interactions = reader.all(silver.get(0)).where(Timeline.onDates(sessionDates)
              .and(col(Source.EVENT_DATE).between(java.sql.Date.valueOf(window.start()),
                  java.sql.Date.valueOf(window.end()))))
          .unionByName(reader.window(JourneyStateTables.journeyEvents(catalog), window.start(), window.end())
              .where(not(Timeline.onDates(sessionDates))));
      long t1 = System.nanoTime();
      // The one pass over the events; staged, because the dates to rewrite and the survey joins read it again.
      Dataset<Row> built = staging.stage("journeys-built",
          builder.journeys(interactions, map, orderLines, window.changed(), sessionDates, asOf));
      long t2 = System.nanoTime();
      Dataset<Row> gold = reader.all(journeysTable);
      RewritePlan first = plan(window, built, StoredJourneys.datesToRecheck(gold, built, window));
      // Answers attach again over the rebuilt journeys and the stored ones around the changes; where an answer
      // moved, that journey's date is rewritten too.
      SurveyScope scope = SurveyScope.of(first.changeDates(), settings.surveyAttachWindow());
      Dataset<Row> rebuilt = built.where(col("kind").equalTo("session")
              .and(col("journey_date").isin(dates(first.sessionDates())))
              .or(col("kind").notEqual("session").and(col("journey_date").geq(java.sql.Date.valueOf(window.firstCaseDate())))))
          .drop(JourneyBuilder.touchedColumn());
      Dataset<Row> stored = gold.where(col("kind").equalTo("session")
          .and(col("journey_date").isin(dates(scope.coveredDates())))
          .and(not(col("journey_date").isin(dates(first.sessionDates())))));
      Dataset<Row> storedAnswers = gold.where(col("journey_date").geq(java.sql.Date.valueOf(window.firstCaseDate())))
          .select("journey_id", "survey_response_id", "survey_type", "survey_score", "survey_attach_rule");
      Dataset<Row> attached = staging.stage("journeys-attached", new SurveyReattachment(settings)
          .attach(rebuilt, stored, namedBeyondHorizon(gold, surveys, window), storedAnswers, surveys, scope));
      List<Row> moved = attached.where(col(SurveyReattachment.CHANGED))
          .selectExpr("kind = 'session' AS session", "journey_date").distinct().collectAsList();
      RewritePlan rebuiltPlan = first.plus(datesOf(moved, true), datesOf(moved, false));
      // Only the dates whose rows differ from gold's are written and handed on: an open case that did not age
      // into abandoned, or a session beside a late event that the event did not join, leaves its date as it was,
      // so that scores and the stages after them follow what changed, not what was looked at.
      List<Row> differing = ChangedKeys.of(attached.where(rebuiltPlan.predicate()),
              gold.where(rebuiltPlan.predicate()), col("kind").equalTo("session").as("session"), col("journey_date"))
          .collectAsList();
      RewritePlan plan = rebuiltPlan.narrowedTo(datesOf(differing, true), datesOf(differing, false));
      // Staged already: the rows to write are a filter of it, cheap to read again.
      Dataset<Row> journeys = attached.where(plan.predicate()).drop(SurveyReattachment.CHANGED);
      long t3 = System.nanoTime();
      Ownership owners = new Ownership(settings);
      long ownershipWritten = 0;
      if (!plan.allDates().isEmpty()) {
        context.tables().replace(journeysTable.name(), journeys, plan.predicate());
      }
      long t4 = System.nanoTime();
      if (!plan.otherDates().isEmpty()) {
        ownershipWritten = context.tables().replace(ownershipTable.name(), owners.build(journeys),
            plan.ownershipPredicate());
      }
      context.tables().ensureView(new TableName(catalog.goldDatabase(), "transfer_outcomes"),
          "Per number of transfers of a case (3 = three or more): NPS answers, detractor and promoter shares with "
              + "Wilson intervals, all dates", owners.transferOutcomesQuery(journeysTable.name().sql()));
      long t5 = System.nanoTime();

      long events = interactions.count();
      Row kinds = journeys.selectExpr("count(1)", "count_if(kind = 'session')", "count_if(kind = 'case')",
          "count_if(kind = 'order')", "count_if(survey_response_id IS NOT NULL)").first();
      Row identity = map.selectExpr("count(1)", "count(DISTINCT CASE WHEN " + JourneyBuilder.unstitchedColumn()
          + " THEN anonymous_id END)").first();
      long ownershipRows = context.tables().count(ownershipTable.name());
      List<LocalDate> all = plan.allDates();
      String message = String.format(Locale.ROOT, "%d sessions, %d cases, %d orders over %d dates (%s); "
              + "%d answers attached; %d devices not stitched (over max-customers-per-device); identity map of "
              + "%d intervals; %d of %d rebuilt dates unchanged, not rewritten",
          kinds.getLong(1), kinds.getLong(2), kinds.getLong(3), all.size(),
          all.isEmpty() ? "none changed" : all.get(0) + ".." + all.get(all.size() - 1), kinds.getLong(4),
          identity.getLong(1), identity.getLong(0), rebuiltPlan.allDates().size() - all.size(),
          rebuiltPlan.allDates().size());
      LOG.info("Journeys: {}", message);
      LOG.info("Journeys steps: state of {} dates {} ms; identity map {} ms; journeys {} ms; surveys {} ms; "
          + "write journeys {} ms; ownership {} ms; counts {} ms", stateDates.size(), ms(t0, tState),
          ms(tState, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, t5), ms(t5, System.nanoTime()));
      List<RunLogEntry> entries = List.of(
          RunLogEntry.builder(run, NAME, journeysTable.name().toString(), started)
              .rows(events, kinds.getLong(0), 0, 0).eventDates(all).message(message).build(),
          RunLogEntry.builder(run, NAME, ownershipTable.name().toString(), started)
              .rows(kinds.getLong(2), ownershipWritten, 0, 0).eventDates(plan.otherDates())
              .message("table holds " + ownershipRows + " rows").build());
      return new StageResult(entries, ChangedDates.of(journeysTable.name(), all)
          .plus(ChangedDates.of(ownershipTable.name(), plan.otherDates())));
    }
  }

  /**
   * The plan of what to rewrite, from the built journeys that hold a changed event, the open cases, and the
   * dates of stored cases and orders to look at again ({@link StoredJourneys}).
   */
  private static RewritePlan plan(JourneyWindow window, Dataset<Row> built, List<LocalDate> storedToRecheck) {
    List<Row> touched = built.where(col(JourneyBuilder.touchedColumn())
            .or(col("kind").equalTo("case").and(col("resolved").equalTo(false))))
        .selectExpr("kind = 'session' AS session", "journey_date", JourneyBuilder.touchedColumn()).distinct()
        .collectAsList();
    List<Row> changes = touched.stream().filter(r -> r.getBoolean(2)).toList();
    List<LocalDate> recheck = new ArrayList<>(storedToRecheck);
    touched.stream().filter(r -> !r.getBoolean(0) && !r.getBoolean(2)).map(r -> r.getDate(1).toLocalDate())
        .forEach(recheck::add);
    return RewritePlan.of(window, datesOf(changes, true), datesOf(changes, false), recheck);
  }

  /** The cases and orders of gold older than the run rebuilds that an answer of the window names. */
  private static Dataset<Row> namedBeyondHorizon(Dataset<Row> gold, Dataset<Row> surveys, JourneyWindow window) {
    Dataset<Row> old = gold.where(col("journey_date").lt(java.sql.Date.valueOf(window.firstCaseDate())));
    Dataset<Row> cases = old.where(col("kind").equalTo("case")).join(surveys.select(col("case_id").as("_named"))
        .where(col("_named").isNotNull()), col("case_id").equalTo(col("_named")), "left_semi");
    Dataset<Row> orders = old.where(col("kind").equalTo("order")).join(surveys.where(col("case_id").isNull())
        .select(col("order_id").as("_named")).where(col("_named").isNotNull()), col("order_id").equalTo(col("_named")),
        "left_semi");
    return cases.unionByName(orders);
  }

  /** The dates of rows (session flag, date) of sessions, or of the other kinds. */
  private static List<LocalDate> datesOf(List<Row> rows, boolean sessions) {
    return rows.stream().filter(r -> r.getBoolean(0) == sessions).map(r -> r.getDate(1).toLocalDate()).toList();
  }

  private static Object[] dates(List<LocalDate> dates) {
    return dates.stream().map(java.sql.Date::valueOf).toArray();
  }

  /**
   * The latest date silver holds events of: open cases are aged to its end, so that the same data gives the
   * same case status whichever run (a backfill, a rerun of an old date) computes it.
   */
  private static LocalDate lastEventDate(Dataset<Row> interactions, RunContext run) {
    Row latest = interactions.agg(org.apache.spark.sql.functions.max(col(Source.EVENT_DATE))).first();
    return latest.isNullAt(0) ? run.to() : latest.getDate(0).toLocalDate();
  }

  /**
   * Brings the state tables up to date for the window: recomputes, from silver, the dates the run changed (and
   * those their marks reach) and any date of the window the state does not hold yet. Returns those dates.
   */
  private static List<LocalDate> updateState(StageContext context, JourneyState state, Dataset<Row> interactions,
      JourneyWindow window, LocalDate lastEventDate) {
    CatalogSettings catalog = context.settings().catalog();
    StateDates held = new StateDates(context.spark(), context.tables(), JourneyStateTables.dates(catalog));
    List<LocalDate> dates = state.datesToCompute(window.changed(), window.start(),
        lastEventDate.isBefore(window.end()) ? lastEventDate : window.end(), held.held(window.start(), window.end()));
    if (dates.isEmpty()) {
      return dates;
    }
    // A partition filter: Delta reads only these dates.
    Dataset<Row> events = interactions.where(Timeline.onDates(state.datesToRead(dates)));
    String predicate = DatePredicate.in(Source.EVENT_DATE, dates);
    context.tables().replace(JourneyStateTables.identityMarks(catalog).name(),
        state.identityMarks(events, dates), predicate);
    context.tables().replace(JourneyStateTables.journeyEvents(catalog).name(),
        JourneyState.journeyEvents(events, dates), predicate);
    held.record(dates, context.run().runId());
    return dates;
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }
}
