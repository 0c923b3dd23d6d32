package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.col;

import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.io.StagingArea;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunStatus;
import io.outsidein.common.schema.Source;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.jobs.ingest.IngestJob;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silver to gold.journeys and gold.ownership for the event dates a run changed: reads the history window
 * around them, builds the journeys ({@link JourneyBuilder}), and rewrites with replaceWhere exactly the
 * journey dates that hold a changed event (a late event can move a session that started the day before, a
 * login can re-attribute a device's browsing of earlier days). The only class of the stage that knows where
 * data lives.
 */
public final class JourneysJob {
  public static final String STAGE = "journeys";
  /** The silver sources whose changed event dates the stage recomputes. */
  public static final List<String> INPUTS = List.of(Source.INTERACTIONS.id(), Source.ORDER_LINES.id(),
      Source.SURVEYS.id());
  private static final Logger LOG = LoggerFactory.getLogger(JourneysJob.class);

  private final SparkSession spark;
  private final OutsideinSettings settings;
  private final JourneySettings journeySettings;
  private final DeltaTables tables;

  public JourneysJob(SparkSession spark, OutsideinSettings settings, DeltaTables tables) {
    this.spark = spark;
    this.settings = settings;
    this.journeySettings = JourneySettings.from(settings.config());
    this.tables = tables;
  }

  /** Recomputes the journeys of {@code changedDates}; returns the run-log rows (gold.journeys, gold.ownership). */
  public List<RunLogEntry> run(RunContext run, List<LocalDate> changedDates) {
    Instant started = Instant.now();
    TableDefinition journeysTable = JourneyTables.journeys(settings.catalog());
    TableDefinition ownershipTable = JourneyTables.ownership(settings.catalog());
    tables.ensure(journeysTable);
    tables.ensure(ownershipTable);
    List<LocalDate> changed = List.copyOf(new TreeSet<>(changedDates));
    if (changed.isEmpty()) {
      return List.of(entry(run, journeysTable.name(), 0, 0, List.of(), started, "no changed dates"),
          entry(run, ownershipTable.name(), 0, 0, List.of(), started, "no changed dates"));
    }
    spark.sparkContext().setJobDescription(STAGE + " " + changed.get(0) + ".." + changed.get(changed.size() - 1));
    LocalDate windowStart = changed.get(0).minusDays(journeySettings.lookbackDays());
    LocalDate windowEnd = changed.get(changed.size() - 1).plusDays(journeySettings.lookbackDays());
    Dataset<Row> interactions = silver(Source.INTERACTIONS, windowStart, windowEnd);
    Dataset<Row> orderLines = silver(Source.ORDER_LINES, windowStart, windowEnd);
    Dataset<Row> surveys = silver(Source.SURVEYS, windowStart, windowEnd);
    Instant asOf = run.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    JourneyBuilder builder = new JourneyBuilder(journeySettings);
    try (StagingArea staging = new StagingArea(spark, SparkSessionFactory.uri(settings.storage().warehouse()),
        run.runId() + "-" + STAGE)) {
      long t0 = System.nanoTime();
      // The map is read twice (the dates it re-attributes, then the broadcast): staged once.
      Dataset<Row> map = staging.stage("identity-map", builder.identityMap(interactions, changed));
      List<LocalDate> reattributed = JourneyBuilder.touchedDates(map, windowEnd).collectAsList().stream()
          .map(r -> r.getDate(0).toLocalDate()).toList();
      List<LocalDate> sessionDates = builder.sessionDates(changed, reattributed);
      long t1 = System.nanoTime();
      // The one pass over the events; staged, because the dates to rewrite and the survey joins read it again.
      Dataset<Row> built = staging.stage("journeys-built",
          builder.journeys(interactions, map, orderLines, changed, sessionDates, asOf));
      long t2 = System.nanoTime();
      // Sessions were built only around the changed dates, cases and orders over the whole window: each kind
      // rewrites its own dates, so a case touched today that opened ten days ago rewrites that day's cases
      // without deleting its sessions. The first day of the window is incomplete: never rewritten.
      List<Row> touched = built.where(col(JourneyBuilder.touchedColumn()))
          .selectExpr("kind = 'session' AS session", "journey_date").distinct().collectAsList();
      List<LocalDate> sessionDays = rewriteDates(touched, true, changed, windowStart);
      List<LocalDate> otherDays = rewriteDates(touched, false, changed, windowStart);
      String predicate = "(kind = 'session' AND " + inDates("journey_date", sessionDays) + ") OR (kind <> 'session' AND "
          + inDates("journey_date", otherDays) + ")";
      TreeSet<LocalDate> all = new TreeSet<>(sessionDays);
      all.addAll(otherDays);
      List<LocalDate> dates = List.copyOf(all);
      Dataset<Row> journeys = staging.stage("journeys", builder.attachSurveys(built, surveys).journeys()
          .where(predicate).drop(JourneyBuilder.touchedColumn()));
      long t3 = System.nanoTime();
      tables.replace(journeysTable.name(), journeys, predicate);
      long t4 = System.nanoTime();
      // Ownership is by the date cases opened: exactly the case dates rewritten.
      Ownership owners = new Ownership(journeySettings);
      Dataset<Row> ownership = owners.build(journeys);
      tables.replace(ownershipTable.name(), ownership, inDates("ownership_date", otherDays));
      TableName view = new TableName(settings.catalog().goldDatabase(), "transfer_outcomes");
      spark.sql("CREATE OR REPLACE VIEW " + view.sql() + " COMMENT 'Per number of transfers of a case (3 = three "
          + "or more): NPS answers, detractor and promoter shares with Wilson intervals, all dates' AS "
          + owners.transferOutcomesQuery(journeysTable.name().sql()));

      long t5 = System.nanoTime();
      long events = interactions.count();
      Row kinds = journeys.selectExpr("count(1)", "count_if(kind = 'session')", "count_if(kind = 'case')",
          "count_if(kind = 'order')", "count_if(survey_response_id IS NOT NULL)").first();
      Row identity = map.selectExpr("count(1)", "count_if(" + JourneyBuilder.unstitchedColumn() + ")").first();
      long unstitched = identity.getLong(1);
      long ownershipRows = tables.count(ownershipTable.name());
      String message = String.format(Locale.ROOT, "%d sessions, %d cases, %d orders over %d dates (%s..%s); "
              + "%d answers attached; %d devices not stitched (over max-customers-per-device); identity map of "
              + "%d intervals",
          kinds.getLong(1), kinds.getLong(2), kinds.getLong(3), dates.size(), dates.get(0),
          dates.get(dates.size() - 1), kinds.getLong(4), unstitched, identity.getLong(0));
      LOG.info("Journeys: {}", message);
      LOG.info("Journeys steps: identity map {} ms; journeys {} ms; surveys {} ms; write journeys {} ms; "
          + "ownership {} ms; counts {} ms", ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, t5),
          ms(t5, System.nanoTime()));
      return List.of(
          entry(run, journeysTable.name(), events, kinds.getLong(0), dates, started, message),
          entry(run, ownershipTable.name(), kinds.getLong(2), ownership.count(), dates, started,
              "table holds " + ownershipRows + " rows"));
    }
  }

  /** The changed dates and those of touched journeys of one side (sessions or not), after the window's first day. */
  private static List<LocalDate> rewriteDates(List<Row> touched, boolean sessions, List<LocalDate> changed,
      LocalDate windowStart) {
    TreeSet<LocalDate> dates = new TreeSet<>(changed);
    touched.stream().filter(r -> r.getBoolean(0) == sessions).forEach(r -> dates.add(r.getDate(1).toLocalDate()));
    return dates.stream().filter(d -> d.isAfter(windowStart)).collect(Collectors.toList());
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  private Dataset<Row> silver(Source source, LocalDate from, LocalDate to) {
    TableDefinition table = IngestJob.silverTable(settings, source);
    tables.ensure(table);
    return spark.table(table.name().sql())
        .where(col(Source.EVENT_DATE).between(java.sql.Date.valueOf(from), java.sql.Date.valueOf(to)));
  }

  private static String inDates(String column, List<LocalDate> dates) {
    return column + " IN (" + dates.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", ")) + ")";
  }

  private static RunLogEntry entry(RunContext run, TableName table, long read, long written, List<LocalDate> dates,
      Instant started, String message) {
    return new RunLogEntry(run.runId(), STAGE, run.to(), run.from(), table.toString(), read, written, 0, 0, dates,
        0, 0, started, Instant.now(), RunStatus.SUCCEEDED, message);
  }
}
