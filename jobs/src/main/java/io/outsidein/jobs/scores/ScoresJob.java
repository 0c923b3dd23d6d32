package io.outsidein.jobs.scores;

import static org.apache.spark.sql.functions.col;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.config.CxAreas;
import io.outsidein.common.io.DatePredicate;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.io.TableReader;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.Source;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.stage.Stage;
import io.outsidein.common.stage.StageContext;
import io.outsidein.common.stage.StageResult;
import io.outsidein.common.tables.JourneyTables;
import io.outsidein.common.tables.ScoreTables;
import io.outsidein.common.tables.SilverTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scores stage: silver answers and customers, and the cases and orders of gold.journeys, to
 * gold.cx_scorecard_daily for the score dates of the run ({@link ScoreDates}). The only class of the stage that
 * knows where data lives; it reads, calls the pure steps and writes.
 */
public final class ScoresJob implements Stage<ScoreSettings> {
  public static final String NAME = "scores";
  private static final Logger LOG = LoggerFactory.getLogger(ScoresJob.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Silver answers and gold.journeys to gold.cx_scorecard_daily (NPS, CSAT, CES by date, window and "
        + "dimension, with intervals and tested changes), for the dates of the run and those late answers changed; "
        + "staff engagement beside customer NPS (gold.unit_engagement and its links) and B2B account breadth "
        + "against renewal (gold.account_engagement and its links).";
  }

  @Override
  public List<TableDefinition> reads(CatalogSettings catalog) {
    return List.of(SilverTables.of(catalog, Source.SURVEYS), SilverTables.of(catalog, Source.CUSTOMERS),
        JourneyTables.journeys(catalog), SilverTables.of(catalog, Source.ENGAGEMENT),
        SilverTables.of(catalog, Source.INTERACTIONS));
  }

  @Override
  public List<TableDefinition> writes(CatalogSettings catalog) {
    return List.of(ScoreTables.scorecard(catalog), ScoreTables.unitEngagement(catalog),
        ScoreTables.unitEngagementLinks(catalog), ScoreTables.accountEngagement(catalog),
        ScoreTables.accountEngagementLinks(catalog));
  }

  @Override
  public ScoreSettings settings(ConfigReader outsidein) {
    return ScoreSettings.read(outsidein);
  }

  @Override
  public StageResult run(StageContext context, ScoreSettings settings, ChangedDates changed) {
    Instant started = Instant.now();
    RunContext run = context.run();
    CatalogSettings catalog = context.settings().catalog();
    TableDefinition surveysTable = SilverTables.of(catalog, Source.SURVEYS);
    TableDefinition journeysTable = JourneyTables.journeys(catalog);
    TableDefinition scorecardTable = ScoreTables.scorecard(catalog);
    // Customers change segments, not answer dates: a changed customer re-scores from the next run it is in.
    List<LocalDate> scoreDates = ScoreDates.of(run.from(), run.to(),
        changed.in(List.of(surveysTable, journeysTable)));
    LocalDate last = scoreDates.get(scoreDates.size() - 1);
    LocalDate firstMonth = UnitEngagement.firstMonth(scoreDates.get(0));
    LocalDate lastMonth = last.withDayOfMonth(1);
    LocalDate firstAnswer = Collections.min(List.of(Scorecard.firstAnswerDate(scoreDates.get(0)), firstMonth));
    context.spark().sparkContext().setJobDescription(NAME + " " + scoreDates.get(0) + ".." + last);

    TableReader reader = new TableReader(context.spark());
    Dataset<Row> surveys = reader.window(surveysTable, firstAnswer, last);
    Dataset<Row> journeys = reader.window(journeysTable,
        firstAnswer.minusDays(settings.touchpointLookback().toDays()), last)
        .where(col("kind").isin("case", "order"));
    Dataset<Row> customers = reader.all(SilverTables.of(catalog, Source.CUSTOMERS));

    // Read by the scorecard, the units and the counts below: cached for the run, a few columns per answer.
    Dataset<Row> rated = new RatedAnswers(settings).rate(surveys, journeys, customers).cache();
    try {
      Scorecard scorecard = new Scorecard(settings);
      // Five metrics read the window sums: cached for the write, small (cells, not answers).
      Dataset<Row> windows = scorecard.windows(rated, scoreDates).cache();
      long written;
      try {
        written = context.tables().replace(scorecardTable.name(), scorecard.cells(windows),
            DatePredicate.in("score_date", scoreDates));
      } finally {
        windows.unpersist();
      }
      Row counts = rated.where(col(RatedAnswers.ANSWER_DATE).geq(java.sql.Date.valueOf(
              Scorecard.firstAnswerDate(scoreDates.get(0)))))
          .selectExpr("count(1)", "count_if(cx_area = '" + CxAreas.UNMAPPED + "')", "count_if(touchpoint IS NULL)")
          .first();
      String message = String.format(Locale.ROOT, "%d cells over %d score dates (%s..%s) from %d answers of "
              + "%s..%s; %d answers in the CX area %s (no rule of scores.cx-areas matched); %d rate no case or order",
          written, scoreDates.size(), scoreDates.get(0), last, counts.getLong(0),
          Scorecard.firstAnswerDate(scoreDates.get(0)), last, counts.getLong(1), CxAreas.UNMAPPED, counts.getLong(2));
      LOG.info("Scores: {}", message);
      List<RunLogEntry> entries = new ArrayList<>();
      entries.add(RunLogEntry.builder(run, NAME, scorecardTable.name().toString(), started)
          .rows(counts.getLong(0), written, 0, 0).eventDates(scoreDates).message(message).build());
      entries.addAll(units(context, settings, rated, firstMonth, lastMonth, last, started));
      entries.addAll(accounts(context, settings, customers, last, started));
      ChangedDates result = ChangedDates.of(scorecardTable.name(), scoreDates);
      for (TableDefinition table : writes(catalog).subList(1, writes(catalog).size())) {
        result = result.plus(ChangedDates.of(table.name(), List.of(last)));
      }
      return new StageResult(entries, result);
    } finally {
      rated.unpersist();
    }
  }

  /** gold.unit_engagement for the months of the run (and the one before, for the lag), then the links over all. */
  private List<RunLogEntry> units(StageContext context, ScoreSettings settings, Dataset<Row> rated,
      LocalDate firstMonth, LocalDate lastMonth, LocalDate last, Instant started) {
    CatalogSettings catalog = context.settings().catalog();
    TableReader reader = new TableReader(context.spark());
    TableDefinition unitsTable = ScoreTables.unitEngagement(catalog);
    TableDefinition linksTable = ScoreTables.unitEngagementLinks(catalog);
    UnitEngagement engagement = new UnitEngagement(settings);
    Dataset<Row> pulses = reader.all(SilverTables.of(catalog, Source.ENGAGEMENT));
    long units = context.tables().replace(unitsTable.name(),
        engagement.units(pulses, rated, firstMonth, lastMonth),
        "month BETWEEN DATE'" + firstMonth + "' AND DATE'" + lastMonth + "'");
    List<Row> links = engagement.links(reader.all(unitsTable), last);
    long linkRows = context.tables().replace(linksTable.name(),
        Links.of(context.spark(), links, ScoreTables.UNIT_ENGAGEMENT_LINKS, settings.falseDiscoveryRate()),
        DatePredicate.in("run_date", List.of(last)));
    String message = String.format(Locale.ROOT, "%d unit-months of %s..%s; %s", units, firstMonth, lastMonth,
        links.stream().map(Links::describe).collect(Collectors.joining("; ")));
    LOG.info("Unit engagement: {}", message);
    return List.of(
        RunLogEntry.builder(context.run(), NAME, unitsTable.name().toString(), started).rows(0, units, 0, 0)
            .eventDates(List.of(firstMonth, lastMonth)).message(message).build(),
        RunLogEntry.builder(context.run(), NAME, linksTable.name().toString(), started).rows(0, linkRows, 0, 0)
            .eventDates(List.of(last)).message(message).build());
  }

  /** gold.account_engagement over the window ending at the run's last date, and its links. */
  private List<RunLogEntry> accounts(StageContext context, ScoreSettings settings, Dataset<Row> customers,
      LocalDate last, Instant started) {
    CatalogSettings catalog = context.settings().catalog();
    TableReader reader = new TableReader(context.spark());
    TableDefinition accountsTable = ScoreTables.accountEngagement(catalog);
    TableDefinition linksTable = ScoreTables.accountEngagementLinks(catalog);
    AccountEngagement accounts = new AccountEngagement(settings);
    Dataset<Row> interactions = reader.window(SilverTables.of(catalog, Source.INTERACTIONS),
        accounts.windowStart(last), last);
    long written = context.tables().replace(accountsTable.name(), accounts.accounts(customers, interactions, last),
        DatePredicate.in("run_date", List.of(last)));
    List<Row> links = accounts.links(reader.all(accountsTable).where(col("run_date").equalTo(
        java.sql.Date.valueOf(last))), last);
    long linkRows = context.tables().replace(linksTable.name(),
        Links.of(context.spark(), links, ScoreTables.ACCOUNT_ENGAGEMENT_LINKS, settings.falseDiscoveryRate()),
        DatePredicate.in("run_date", List.of(last)));
    context.tables().ensureView(new TableName(catalog.goldDatabase(), "renewal_by_breadth"),
        "Per number of active contacts of a B2B account (6 = six or more) on each run date: accounts, renewed, "
            + "renewal rate with its Wilson interval", accounts.renewalByBreadthQuery(accountsTable.name().sql()));
    String message = String.format(Locale.ROOT, "%d accounts over %s..%s; %s", written, accounts.windowStart(last),
        last, links.stream().map(Links::describe).collect(Collectors.joining("; ")));
    LOG.info("Account engagement: {}", message);
    return List.of(
        RunLogEntry.builder(context.run(), NAME, accountsTable.name().toString(), started).rows(0, written, 0, 0)
            .eventDates(List.of(last)).message(message).build(),
        RunLogEntry.builder(context.run(), NAME, linksTable.name().toString(), started).rows(0, linkRows, 0, 0)
            .eventDates(List.of(last)).message(message).build());
  }
}
