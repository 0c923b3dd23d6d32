package io.outsidein.jobs.scores;

import static org.apache.spark.sql.functions.col;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.io.TableDefinition;
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
        + "dimension, with intervals and tested changes), for the dates of the run and those late answers changed.";
  }

  @Override
  public List<TableDefinition> reads(CatalogSettings catalog) {
    return List.of(SilverTables.of(catalog, Source.SURVEYS), SilverTables.of(catalog, Source.CUSTOMERS),
        JourneyTables.journeys(catalog));
  }

  @Override
  public List<TableDefinition> writes(CatalogSettings catalog) {
    return List.of(ScoreTables.scorecard(catalog));
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
    LocalDate firstAnswer = Scorecard.firstAnswerDate(scoreDates.get(0));
    LocalDate last = scoreDates.get(scoreDates.size() - 1);
    context.spark().sparkContext().setJobDescription(NAME + " " + scoreDates.get(0) + ".." + last);

    TableReader reader = new TableReader(context.spark());
    Dataset<Row> surveys = reader.window(surveysTable, firstAnswer, last);
    Dataset<Row> journeys = reader.window(journeysTable,
        firstAnswer.minusDays(settings.touchpointLookback().toDays()), last)
        .where(col("kind").isin("case", "order"));
    Dataset<Row> customers = reader.all(SilverTables.of(catalog, Source.CUSTOMERS));

    // Read by the scorecard and by the counts below: cached for the run, a few columns per answer.
    Dataset<Row> rated = new RatedAnswers(settings).rate(surveys, journeys, customers).cache();
    try {
      Dataset<Row> cells = new Scorecard(settings).cells(rated, scoreDates);
      String predicate = "score_date IN (" + scoreDates.stream().map(d -> "DATE'" + d + "'")
          .collect(Collectors.joining(", ")) + ")";
      long written = context.tables().replace(scorecardTable.name(), cells, predicate);
      Row counts = rated.selectExpr("count(1)", "count_if(cx_area = '" + CxAreas.UNMAPPED + "')",
          "count_if(touchpoint IS NULL)").first();
      String message = String.format(Locale.ROOT, "%d cells over %d score dates (%s..%s) from %d answers of "
              + "%s..%s; %d answers in the CX area %s (no rule of scores.cx-areas matched); %d rate no case or order",
          written, scoreDates.size(), scoreDates.get(0), last, counts.getLong(0), firstAnswer, last,
          counts.getLong(1), CxAreas.UNMAPPED, counts.getLong(2));
      LOG.info("Scores: {}", message);
      RunLogEntry entry = RunLogEntry.builder(run, NAME, scorecardTable.name().toString(), started)
          .rows(counts.getLong(0), written, 0, 0).eventDates(scoreDates).message(message).build();
      return new StageResult(List.of(entry), ChangedDates.of(scorecardTable.name(), scoreDates));
    } finally {
      rated.unpersist();
    }
  }
}
