package io.outsidein.jobs.customers;

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
import io.outsidein.common.tables.CustomerTables;
import io.outsidein.common.tables.SilverTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customers stage: silver customers, order lines, interactions and answers of the window ending at the run's
 * last date to gold.customer_scores, merged on customer_id. Every run rescores every customer (recency moves
 * with the date even when nothing new arrived); a customer no longer in any input keeps the row of the last run
 * that saw them, with its run_date.
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
        + "net of cost to serve, costly customers, RFM, effort and advocates, each with its why.";
  }

  @Override
  public List<TableDefinition> reads(CatalogSettings catalog) {
    return SilverTables.of(catalog, Source.CUSTOMERS, Source.ORDER_LINES, Source.INTERACTIONS, Source.SURVEYS);
  }

  @Override
  public List<TableDefinition> writes(CatalogSettings catalog) {
    return List.of(CustomerTables.customerScores(catalog));
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
    Dataset<Row> orderLines = reader.window(SilverTables.of(catalog, Source.ORDER_LINES), first, last);
    Dataset<Row> interactions = reader.window(SilverTables.of(catalog, Source.INTERACTIONS), first, last);
    // A young warehouse holds less than the window: days are counted from its first day with interactions.
    Row earliest = interactions.agg(org.apache.spark.sql.functions.min("event_date")).first();
    LocalDate start = earliest.isNullAt(0) || earliest.getDate(0).toLocalDate().isBefore(first) ? first
        : earliest.getDate(0).toLocalDate();
    Dataset<Row> rows = scores.build(reader.all(SilverTables.of(catalog, Source.CUSTOMERS)), orderLines,
        interactions, reader.window(SilverTables.of(catalog, Source.SURVEYS), first, last),
        reader.window(SilverTables.of(catalog, Source.ORDER_LINES), LocalDate.EPOCH, last).select("customer_id")
            .distinct(), start, last, run.startedAt())
        .cache();
    try {
      TableDefinition table = CustomerTables.customerScores(catalog);
      long written = context.tables().upsert(table.name(), rows, List.of("customer_id"));
      Row counts = rows.selectExpr("count(1)", "count_if(costly)", "count_if(promoter)", "count_if(advocate)",
          "count_if(orders > 0)", "count_if(prospect)").first();
      ValueForecast.Holdout holdout = new ValueForecast(settings).holdout(
          rows.select("customer_id", "segment", "signup_date"), orderLines, interactions, start, last);
      String message = String.format(Locale.ROOT, "%d customers over %s..%s: %d with an order, %d costly "
              + "(cost to serve over %.2f x margin), %d promoters, %d advocates, %d prospects; %s", counts.getLong(0),
          first, last, counts.getLong(4), counts.getLong(1), settings.costlyRatio(), counts.getLong(2),
          counts.getLong(3), counts.getLong(5), holdout.describe());
      LOG.info("Customers: {}", message);
      RunLogEntry entry = RunLogEntry.builder(run, NAME, table.name().toString(), started)
          .rows(counts.getLong(0), written, 0, 0).eventDates(List.of(last)).message(message).build();
      return new StageResult(List.of(entry), ChangedDates.of(table.name(), List.of(last)));
    } finally {
      rows.unpersist();
    }
  }
}
