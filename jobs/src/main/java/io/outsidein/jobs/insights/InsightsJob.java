package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

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
import io.outsidein.common.tables.InsightTables;
import io.outsidein.common.tables.SilverTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The insights stage: mined patterns as of the run's last date, each with its support, effect, interval, test and
 * q-value. Today: association rules over the baskets of the window ending at that date (gold.basket_rules,
 * replaced for its run_date, so that a rerun of a date gives the same rows).
 */
public final class InsightsJob implements Stage<InsightSettings> {
  public static final String NAME = "insights";
  private static final Logger LOG = LoggerFactory.getLogger(InsightsJob.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Silver orders to mined patterns with their statistics: association rules over baskets (gold.basket_rules: "
        + "support, confidence, lift with its interval, Fisher's exact test, BH q-value).";
  }

  @Override
  public List<TableDefinition> reads(CatalogSettings catalog) {
    return List.of(SilverTables.of(catalog, Source.ORDER_LINES));
  }

  @Override
  public List<TableDefinition> writes(CatalogSettings catalog) {
    return List.of(InsightTables.basketRules(catalog));
  }

  @Override
  public InsightSettings settings(ConfigReader outsidein) {
    return InsightSettings.read(outsidein);
  }

  @Override
  public StageResult run(StageContext context, InsightSettings settings, ChangedDates changed) {
    Instant started = Instant.now();
    RunContext run = context.run();
    CatalogSettings catalog = context.settings().catalog();
    LocalDate last = run.to();
    BasketSettings baskets = settings.baskets();
    LocalDate first = last.minusDays(baskets.window().toDays() - 1);
    context.spark().sparkContext().setJobDescription(NAME + " " + first + ".." + last);
    Dataset<Row> orderLines = new TableReader(context.spark())
        .window(SilverTables.of(catalog, Source.ORDER_LINES), first, last);
    BasketMiner.Mined mined = new BasketMiner(baskets, settings.confidence(), settings.falseDiscoveryRate(),
        context.settings().spark().shufflePartitions()).mine(Baskets.lines(orderLines, baskets));
    TableDefinition table = InsightTables.basketRules(catalog);
    Column[] columns = Arrays.stream(InsightTables.BASKET_RULES.fields())
        .map(f -> switch (f.name()) {
          case "run_date" -> lit(java.sql.Date.valueOf(last)).as(f.name());
          case "basket_kind" -> lit(baskets.kind().name().toLowerCase(Locale.ROOT)).as(f.name());
          default -> col(f.name()).cast(f.dataType()).as(f.name());
        }).toArray(Column[]::new);
    long written = context.tables().replace(table.name(), mined.rules().select(columns),
        "run_date = DATE'" + last + "'");
    long significant = context.spark().table(table.name().sql())
        .where(col("run_date").equalTo(lit(java.sql.Date.valueOf(last))).and(col("significant"))).count();
    long guests = Baskets.guestLines(orderLines, baskets);
    String message = String.format(Locale.ROOT, "%,d rules (%,d significant at q <= %s) from %,d %s baskets of "
            + "%s..%s, itemsets in at least %,d baskets (%,d frequent itemsets of up to %d items)%s",
        written, significant, settings.falseDiscoveryRate(), mined.baskets(),
        baskets.kind().name().toLowerCase(Locale.ROOT), first, last, mined.minCount(), mined.itemsets().count(),
        baskets.maxSize(), guests > 0 ? String.format(Locale.ROOT, "; %,d sold lines without a customer left out",
            guests) : "");
    if (mined.baskets() == 0) {
      message = "no sold order lines in " + first + ".." + last + ": no baskets, no rules";
    }
    LOG.info("Insights: {}", message);
    RunLogEntry entry = RunLogEntry.builder(run, NAME, table.name().toString(), started)
        .rows(mined.baskets(), written, 0, 0).eventDates(List.of(last)).message(message).build();
    return new StageResult(List.of(entry), ChangedDates.of(table.name(), List.of(last)));
  }
}
