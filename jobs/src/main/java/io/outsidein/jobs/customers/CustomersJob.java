package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.io.DatePredicate;
import io.outsidein.common.io.StateDates;
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
import io.outsidein.common.tables.CustomerStateTables;
import io.outsidein.common.tables.CustomerTables;
import io.outsidein.common.tables.SilverTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customers stage: silver customers, order lines, interactions and answers of the window ending at the run's
 * last date to gold.customer_scores, merged on customer_id. Interactions are read through the stage's state,
 * ops.customer_activity (counts per customer, day and channel), which a run brings up to date only for the dates
 * its input changed and those it does not hold yet. Every run rescores every customer (recency, the forecast's
 * days seen and the window move with the date even when nothing new arrived); a customer no longer in any input
 * keeps the row of the last run that saw them, with its run_date.
 */
public final class CustomersJob implements Stage<CustomerSettings> {
  public static final String NAME = "customers";
  private static final Logger LOG = LoggerFactory.getLogger(CustomersJob.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Silver customers, orders, interactions and answers to gold.customer_scores: per customer the value "
        + "net of cost to serve, costly customers, RFM, effort, advocates, lookalike prospects, conversion propensity "
        + "and churn risk, each with its why.";
  }

  @Override
  public List<TableDefinition> reads(CatalogSettings catalog) {
    return SilverTables.of(catalog, Source.CUSTOMERS, Source.ORDER_LINES, Source.INTERACTIONS, Source.SURVEYS);
  }

  @Override
  public List<TableDefinition> writes(CatalogSettings catalog) {
    return List.of(CustomerTables.customerScores(catalog), CustomerStateTables.activity(catalog),
        CustomerStateTables.dates(catalog));
  }

  @Override
  public CustomerSettings settings(ConfigReader outsidein) {
    return CustomerSettings.read(outsidein);
  }

  @Override
  public StageResult run(StageContext context, CustomerSettings settings, ChangedDates changed) {
    Instant started = Instant.now();
    RunContext run = context.run();
    CatalogSettings catalog = context.settings().catalog();
    LocalDate last = run.to();
    CustomerScores scores = new CustomerScores(settings);
    LocalDate first = scores.windowStart(last);
    context.spark().sparkContext().setJobDescription(NAME + " " + first + ".." + last);
    TableReader reader = new TableReader(context.spark());
    // The models look back from a day a horizon before the last: their window of history starts earlier.
    long horizon = Math.max(settings.models().conversionHorizon().toDays(), settings.models().churnHorizon().toDays());
    LocalDate history = first.minusDays(horizon);
    List<LocalDate> stateDates = updateState(context, reader,
        changed.in(SilverTables.of(catalog, Source.INTERACTIONS).name()), history, last);
    Dataset<Row> historyLines = reader.window(SilverTables.of(catalog, Source.ORDER_LINES), history, last);
    Dataset<Row> historyActivity = reader.window(CustomerStateTables.activity(catalog), history, last);
    Dataset<Row> historySurveys = reader.window(SilverTables.of(catalog, Source.SURVEYS), history, last);
    Dataset<Row> orderLines = inWindow(historyLines, first);
    Dataset<Row> activity = inWindow(historyActivity, first);
    Dataset<Row> master = reader.all(SilverTables.of(catalog, Source.CUSTOMERS));
    // Everyone with an order line up to the last day (any window), with the day of their first.
    Dataset<Row> firstOrders = reader.window(SilverTables.of(catalog, Source.ORDER_LINES), LocalDate.EPOCH, last)
        .where(col("customer_id").isNotNull()).groupBy(col("customer_id"))
        .agg(min(to_date(col("order_time"))).as("first_order_date"));
    // A young warehouse holds less than the window: days are counted from its first day with interactions.
    Row earliest = activity.agg(min("event_date")).first();
    LocalDate start = earliest.isNullAt(0) || earliest.getDate(0).toLocalDate().isBefore(first) ? first
        : earliest.getDate(0).toLocalDate();
    // The models score every buyer, also one missing from the master (its segment and channel unknown).
    Dataset<Row> people = CustomerScores.people(master);
    people = people.unionByName(firstOrders.select("customer_id").join(people, "customer_id", "left_anti"), true);
    List<CustomerModels.Outcome> outcomes = models(context, settings, people, historyLines,
        historyActivity, historySurveys, firstOrders, last);
    Dataset<Row> rows = scores.build(master, orderLines, activity, inWindow(historySurveys, first),
        firstOrders.select("customer_id"), CustomerModels.scores(context.spark(), outcomes), start, last,
        run.startedAt())
        // Computed once, here: the MERGE, the counts and the hold-out then read the rows without planning and
        // running the stage's long plan again (each did, at about the same cost, when the rows were only cached).
        .localCheckpoint();
    try {
      TableDefinition table = CustomerTables.customerScores(catalog);
      long written = context.tables().upsert(table.name(), rows, List.of("customer_id"));
      Row counts = rows.selectExpr("count(1)", "count_if(costly)", "count_if(promoter)", "count_if(advocate)",
          "count_if(orders > 0)", "count_if(prospect)", "count(conversion_propensity)", "count(churn_risk)").first();
      ValueForecast.Holdout holdout = new ValueForecast(settings).holdout(
          rows.select("customer_id", "segment", "signup_date"), orderLines, activity, start, last);
      StringBuilder models = new StringBuilder();
      for (CustomerModels.Outcome outcome : outcomes) {
        models.append("; ").append(outcome.describe());
      }
      String message = String.format(Locale.ROOT, "%d customers over %s..%s: %d with an order, %d costly "
              + "(cost to serve over %.2f x margin), %d promoters, %d advocates, %d prospects; %s; %d conversion "
              + "propensities, %d churn risks%s; activity of %d event dates aggregated", counts.getLong(0), first,
          last, counts.getLong(4), counts.getLong(1), settings.costlyRatio(), counts.getLong(2), counts.getLong(3),
          counts.getLong(5), holdout.describe(), counts.getLong(6), counts.getLong(7), models, stateDates.size());
      LOG.info("Customers: {}", message);
      RunLogEntry entry = RunLogEntry.builder(run, NAME, table.name().toString(), started)
          .rows(counts.getLong(0), written, 0, 0).eventDates(List.of(last)).message(message).build();
      return new StageResult(List.of(entry), ChangedDates.of(table.name(), List.of(last)));
    } finally {
      rows.unpersist();
    }
  }

  /** Each model reused or retrained, and its scores for today's customers. */
  private static List<CustomerModels.Outcome> models(StageContext context, CustomerSettings settings,
      Dataset<Row> people, Dataset<Row> lines, Dataset<Row> activity, Dataset<Row> surveys,
      Dataset<Row> firstOrders, LocalDate last) {
    ModelStore store = new ModelStore(context.spark(),
        SparkSessionFactory.uri(context.settings().storage().warehouse()) + "/models");
    CustomerModels models = new CustomerModels(settings, store);
    ModelFeatures features = new ModelFeatures(settings);
    Dataset<Row> today = features.asOf(people, lines, activity, surveys, last);
    List<CustomerModels.Outcome> outcomes = new ArrayList<>();
    for (CustomerModel model : CustomerModel.values()) {
      LocalDate cutoff = model.cutoff(settings, last);
      CustomerModels.Outcome outcome = models.run(model, last,
          () -> model.training(features.asOf(people, lines, activity, surveys, cutoff), people, firstOrders,
              lines, cutoff, last),
          model.scorable(today, firstOrders));
      LOG.info("Customers: {}", outcome.describe());
      outcomes.add(outcome);
    }
    return outcomes;
  }

  /**
   * Brings ops.customer_activity up to date for [{@code from}, {@code to}]: aggregates, from silver, the dates
   * the run's input changed and any date of the window the state does not hold yet. Returns those dates.
   */
  private static List<LocalDate> updateState(StageContext context, TableReader reader, List<LocalDate> changed,
      LocalDate from, LocalDate to) {
    CatalogSettings catalog = context.settings().catalog();
    Dataset<Row> interactions = reader.all(SilverTables.of(catalog, Source.INTERACTIONS));
    // Over the window's partitions only: the cost follows the window, not the history.
    Row latest = reader.window(SilverTables.of(catalog, Source.INTERACTIONS), from, to)
        .agg(max(col(Source.EVENT_DATE))).first();
    // No event in the window: nothing of it to hold yet (an empty date held now would not be looked at again
    // when a standalone run of a later date sees no change recorded for it).
    LocalDate lastEventDate = latest.isNullAt(0) ? from.minusDays(1) : latest.getDate(0).toLocalDate();
    StateDates held = new StateDates(context.spark(), context.tables(), CustomerStateTables.dates(catalog));
    List<LocalDate> dates = CustomerActivity.datesToCompute(changed, from, lastEventDate, held.held(from, to));
    if (dates.isEmpty()) {
      return dates;
    }
    // A partition filter: Delta reads only these dates.
    String predicate = DatePredicate.in(Source.EVENT_DATE, dates);
    context.tables().replace(CustomerStateTables.activity(catalog).name(),
        CustomerActivity.daily(interactions.where(predicate)), predicate);
    held.record(dates, context.run().runId());
    return dates;
  }

  private static Dataset<Row> inWindow(Dataset<Row> rows, LocalDate first) {
    return rows.where(col("event_date").geq(lit(java.sql.Date.valueOf(first))));
  }
}
