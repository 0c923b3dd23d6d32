package io.outsidein.jobs.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableReader;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.Source;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.stage.Stage;
import io.outsidein.common.stage.StageContext;
import io.outsidein.common.stage.StageResult;
import io.outsidein.common.tables.CustomerTables;
import io.outsidein.common.tables.DashTables;
import io.outsidein.common.tables.InsightTables;
import io.outsidein.common.tables.JourneyTables;
import io.outsidein.common.tables.ScoreTables;
import io.outsidein.common.tables.SilverTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish stage, last of the night: the small {@code gold.dash_*} tables a dashboard or BI tool reads (one
 * partition per run date, replaced by a rerun), and the static dashboard written from them under the warehouse
 * ({@code <warehouse>/dashboard/index.html}, the chart library beside it, no network needed to open it).
 */
public final class PublishJob implements Stage<PublishSettings> {
  public static final String NAME = "publish";
  private static final Logger LOG = LoggerFactory.getLogger(PublishJob.class);
  /** Dash tables written at the same time. */
  private static final int WRITERS = 3;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Gold tables to the small gold.dash_* tables dashboards read (scorecard, ownership, customers, the "
        + "Pop-Tarts table, engagement, renewal, top insights) and the static dashboard under the warehouse.";
  }

  @Override
  public List<TableDefinition> reads(CatalogSettings catalog) {
    return List.of(ScoreTables.scorecard(catalog),
        JourneyTables.ownership(catalog), JourneyTables.journeys(catalog), CustomerTables.customerScores(catalog),
        InsightTables.contextLift(catalog), ScoreTables.unitEngagement(catalog),
        ScoreTables.unitEngagementLinks(catalog), ScoreTables.accountEngagement(catalog),
        ScoreTables.accountEngagementLinks(catalog), InsightTables.insights(catalog));
  }

  @Override
  public List<TableDefinition> writes(CatalogSettings catalog) {
    return DashTables.all(catalog);
  }

  @Override
  public PublishSettings settings(ConfigReader outsidein) {
    return PublishSettings.read(outsidein);
  }

  @Override
  public StageResult run(StageContext context, PublishSettings settings, ChangedDates changed) {
    Instant started = Instant.now();
    RunContext run = context.run();
    CatalogSettings catalog = context.settings().catalog();
    LocalDate last = run.to();
    SparkSession spark = context.spark();
    spark.sparkContext().setJobDescription(NAME + " " + last);
    TableReader reader = new TableReader(spark);
    DashRows dash = new DashRows(settings);

    Map<String, Dataset<Row>> rows = new LinkedHashMap<>();
    rows.put("dash_scorecard", dash.scorecard(reader.window(ScoreTables.scorecard(catalog),
        DashRows.windowStart(last, settings.trendDays()), last), last));
    rows.put("dash_ownership", dash.ownership(reader.window(JourneyTables.ownership(catalog),
        DashRows.windowStart(last, settings.windowDays()), last), last));
    rows.put("dash_transfers", dash.transfers(reader.window(JourneyTables.journeys(catalog),
        DashRows.windowStart(last, settings.windowDays()), last), last));
    Dataset<Row> scores = reader.all(CustomerTables.customerScores(catalog))
        .where(col("run_date").leq(lit(Date.valueOf(last))));
    rows.put("dash_customers", dash.customers(scores, topValueThreshold(scores, settings.topShare())));
    rows.put("dash_context_lift", dash.contextLift(latestRun(reader, InsightTables.contextLift(catalog), last)));
    rows.put("dash_engagement", dash.engagement(reader.window(ScoreTables.unitEngagement(catalog),
        DashRows.windowStart(last, settings.trendDays()).withDayOfMonth(1), last), last));
    rows.put("dash_links", DashRows.links(latestRun(reader, ScoreTables.unitEngagementLinks(catalog), last),
        latestRun(reader, ScoreTables.accountEngagementLinks(catalog), last)));
    rows.put("dash_renewal", dash.renewal(latestRun(reader, ScoreTables.accountEngagement(catalog), last)));
    Dataset<Row> insights = reader.all(InsightTables.insights(catalog));
    LocalDate insightsRun = latest(insights.where(col("last_seen").leq(lit(Date.valueOf(last)))), "last_seen")
        .orElse(last);
    rows.put("dash_insights", dash.insights(insights, insightsRun, last));
    rows.put("dash_freshness", freshness(spark, reader, catalog, last, started));

    String partition = "run_date = DATE'" + last + "'";
    DeltaTables tables = context.tables();
    List<RunLogEntry> entries = new ArrayList<>();
    ChangedDates written = ChangedDates.none();
    Map<String, List<Row>> published = new LinkedHashMap<>();
    // Ten small tables, each a few fixed-cost Spark jobs and a Delta commit: written a few at a time (the rows are
    // small; what costs is planning and committing, which overlap), and the rows collected once, before the write,
    // for the page.
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      Map<TableDefinition, Future<List<Row>>> writes = new LinkedHashMap<>();
      for (TableDefinition table : DashTables.all(catalog)) {
        Dataset<Row> conformed = DeltaTables.conform(rows.get(table.name().table()), table.schema(), "run_date",
            last);
        writes.put(table, pool.submit(() -> {
          List<Row> collected = conformed.collectAsList();
          tables.replace(table.name(), spark.createDataFrame(collected, table.schema()), partition);
          return collected;
        }));
      }
      for (Map.Entry<TableDefinition, Future<List<Row>>> write : writes.entrySet()) {
        TableDefinition table = write.getKey();
        List<Row> collected = write.getValue().get();
        published.put(table.name().table(), collected);
        written = written.plus(ChangedDates.of(table.name(), List.of(last)));
        entries.add(RunLogEntry.builder(run, NAME, table.name().toString(), started).rows(collected.size(),
            collected.size(), 0, 0).eventDates(List.of(last)).message(String.format(Locale.ROOT, "%,d rows for %s",
            collected.size(), last)).build());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while writing the dash tables", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (settings.dashboard()) {
      String folder = SparkSessionFactory.uri(context.settings().storage().warehouse()).replaceAll("/+$", "")
          + "/dashboard";
      String page = new DashboardPage(last, published).html();
      new DashboardWriter(spark.sparkContext().hadoopConfiguration()).write(folder, page);
      LOG.info("Publish: dashboard of {} written to {}/index.html", last, folder);
      entries.add(RunLogEntry.builder(run, NAME, folder + "/index.html", started).rows(1, 1, 0, 0)
          .eventDates(List.of(last)).message("the dashboard of " + last + " with " + published.values().stream()
              .mapToInt(List::size).sum() + " rows of " + published.size() + " dash tables").build());
    }
    return new StageResult(entries, written);
  }

  /** Net value at the top share of buyers: who is "most valuable". Zero when nobody bought. */
  private static double topValueThreshold(Dataset<Row> scores, double topShare) {
    Row row = scores.where(col("orders").gt(0)).selectExpr("percentile(net_value, " + (1 - topShare) + ")").first();
    return row.isNullAt(0) ? 0.0 : row.getDouble(0);
  }

  /** The rows of the latest run_date up to {@code last} of a table partitioned by run_date (none: empty). */
  private static Dataset<Row> latestRun(TableReader reader, TableDefinition table, LocalDate last) {
    Dataset<Row> upTo = reader.all(table).where(col("run_date").leq(lit(Date.valueOf(last))));
    Optional<LocalDate> latest = latest(upTo, "run_date");
    return upTo.where(col("run_date").equalTo(lit(Date.valueOf(latest.orElse(last)))));
  }

  private static Optional<LocalDate> latest(Dataset<Row> rows, String dateColumn) {
    Row row = rows.agg(max(col(dateColumn))).first();
    return row.isNullAt(0) ? Optional.empty() : Optional.of(row.getDate(0).toLocalDate());
  }

  /** The latest date with data of every table the dashboard stands on, silver included: its freshness. */
  private Dataset<Row> freshness(SparkSession spark, TableReader reader, CatalogSettings catalog, LocalDate last,
      Instant started) {
    List<TableDefinition> sources = new ArrayList<>(SilverTables.of(catalog, Source.INTERACTIONS,
        Source.ORDER_LINES, Source.SURVEYS, Source.ENGAGEMENT));
    sources.addAll(reads(catalog));
    List<Row> rows = new ArrayList<>();
    for (TableDefinition table : sources) {
      if (table.partitionColumns().isEmpty()) {
        continue;
      }
      String column = table.partitionColumns().get(0);
      Optional<LocalDate> latest = latest(reader.all(table).where(col(column).leq(lit(Date.valueOf(last)))), column);
      rows.add(RowFactory.create(Date.valueOf(last), table.name().toString(), latest.map(Date::valueOf).orElse(null),
          Timestamp.from(started)));
    }
    return spark.createDataFrame(rows, DashTables.FRESHNESS);
  }
}
