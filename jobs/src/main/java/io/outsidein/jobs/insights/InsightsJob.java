package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.io.DeltaTables;
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
import io.outsidein.common.tables.JourneyTables;
import io.outsidein.common.tables.ScoreTables;
import io.outsidein.common.tables.SilverTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The insights stage: mined patterns as of the run's last date, each with its support, effect, interval, test and a
 * q-value over everything the run mined (one Benjamini-Hochberg family, {@link RunFamily}). Association rules over
 * the baskets of a window (gold.basket_rules) and the sales of items in contexts against a matched baseline
 * (gold.context_lift); each replaced for its run_date, so that a rerun of a date gives the same rows. Every
 * significant rise becomes a finding of gold.insights, merged on its stable id and retired, never deleted, when a
 * later run no longer finds it.
 */
public final class InsightsJob implements Stage<InsightSettings> {
  public static final String NAME = "insights";
  /** The scorecard window whose significant changes become findings: the month-like one, the least noisy. */
  private static final int SCORECARD_WINDOW_DAYS = 28;
  private static final Logger LOG = LoggerFactory.getLogger(InsightsJob.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Silver orders and context events to mined patterns with their statistics: association rules over "
        + "baskets (gold.basket_rules) and items that sell more in a context (gold.context_lift), each with an "
        + "interval, a test and a BH q-value over the run.";
  }

  @Override
  public List<TableDefinition> reads(CatalogSettings catalog) {
    List<TableDefinition> reads = new ArrayList<>(SilverTables.of(catalog, Source.ORDER_LINES,
        Source.CONTEXT_EVENTS, Source.SURVEYS, Source.CUSTOMERS));
    reads.add(JourneyTables.journeys(catalog));
    reads.add(ScoreTables.scorecard(catalog));
    return List.copyOf(reads);
  }

  @Override
  public List<TableDefinition> writes(CatalogSettings catalog) {
    return List.of(InsightTables.basketRules(catalog), InsightTables.contextLift(catalog),
        InsightTables.journeyPatterns(catalog), InsightTables.drivers(catalog), InsightTables.insights(catalog));
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
    LocalDate basketsFrom = last.minusDays(baskets.window().toDays() - 1);
    ContextLiftSettings lift = settings.contextLift();
    LocalDate contextsFrom = last.minusDays(lift.window().toDays() - 1);
    LocalDate salesFrom = contextsFrom.minusWeeks(lift.baselineWeeks());
    context.spark().sparkContext().setJobDescription(NAME + " " + last);
    TableReader reader = new TableReader(context.spark());
    TableDefinition orderLinesTable = SilverTables.of(catalog, Source.ORDER_LINES);
    Dataset<Row> orderLines = reader.window(orderLinesTable, basketsFrom.isBefore(salesFrom) ? basketsFrom : salesFrom,
        last);

    Dataset<Row> basketLines = orderLines
        .where(to_date(col("order_time")).geq(lit(java.sql.Date.valueOf(basketsFrom))));
    BasketMiner.Mined mined = new BasketMiner(baskets, settings.confidence(), settings.falseDiscoveryRate(),
        context.settings().spark().shufflePartitions()).mine(Baskets.lines(basketLines, baskets));
    Dataset<Row> lifts = contextLift(reader, catalog, settings, orderLines, contextsFrom, last).localCheckpoint();

    JourneyPatternSettings patternSettings = settings.journeyPatterns();
    DriverSettings driverSettings = settings.drivers();
    LocalDate patternsFrom = last.minusDays(patternSettings.window().toDays() - 1);
    LocalDate driversFrom = last.minusDays(driverSettings.window().toDays() - 1);
    LocalDate journeysFrom = patternsFrom.isBefore(driversFrom) ? patternsFrom : driversFrom;
    Dataset<Row> journeys = reader.window(JourneyTables.journeys(catalog), journeysFrom, last);
    Dataset<Row> rated = RatedJourneys.of(journeys,
        reader.window(SilverTables.of(catalog, Source.SURVEYS), journeysFrom, last),
        reader.all(SilverTables.of(catalog, Source.CUSTOMERS)), List.copyOf(JourneyPatternSettings.KINDS),
        settings.cxAreas())
        .localCheckpoint();
    JourneyPatterns.Mined patterns = journeyPatterns(patternSettings, settings.confidence(), rated, journeys,
        patternsFrom, last);
    // Drivers and departments are about cases and orders, whose facts they measure.
    Dataset<Row> ratedForDrivers = rated.where(col("journey_date").geq(lit(java.sql.Date.valueOf(driversFrom)))
        .and(col("journey_kind").isin(Drivers.KINDS.toArray())));
    Dataset<Row> drivers = new Drivers(driverSettings, settings.confidence()).drivers(context.spark(),
        ratedForDrivers);
    Dataset<Row> departments = new DepartmentEffects(settings.confidence(), driverSettings.minN())
        .effects(ratedForDrivers);
    Dataset<Row> scorecard = reader.window(ScoreTables.scorecard(catalog), last, last)
        .where(col("window_days").equalTo(SCORECARD_WINDOW_DAYS));

    RunFamily family = new RunFamily(settings.falseDiscoveryRate());
    // The rules feed the run's q-values, their table and the findings: computed once, not three times.
    List<Dataset<Row>> tested = family.qualify(List.of(
        RunFamily.named(mined.rules().localCheckpoint(), col("antecedent"), col("consequent")),
        RunFamily.named(lifts, col("context_type"), col("level"), col("item")),
        RunFamily.named(patterns.patterns().orElseGet(() -> context.spark().createDataFrame(List.of(),
            InsightTables.JOURNEY_PATTERNS)), col("journey_kind"), col("outcome"), col("pattern")),
        RunFamily.named(drivers, col("metric"), col("segment"), col("cx_area"), col("journey_kind"), col("driver")),
        RunFamily.named(departments.localCheckpoint(), col("department")),
        RunFamily.named(scorecard, col("dimension"), col("dimension_value"), col("metric"))));
    TableDefinition rulesTable = InsightTables.basketRules(catalog);
    TableDefinition liftTable = InsightTables.contextLift(catalog);
    TableDefinition patternsTable = InsightTables.journeyPatterns(catalog);
    TableDefinition driversTable = InsightTables.drivers(catalog);
    String partition = "run_date = DATE'" + last + "'";
    String kind = baskets.kind().name().toLowerCase(Locale.ROOT);
    long rules = context.tables().replace(rulesTable.name(), DeltaTables.conform(
        tested.get(0).withColumn("basket_kind", lit(kind)), InsightTables.BASKET_RULES, "run_date", last), partition);
    long lifted = context.tables().replace(liftTable.name(),
        DeltaTables.conform(tested.get(1), InsightTables.CONTEXT_LIFT, "run_date", last), partition);
    long patternRows = context.tables().replace(patternsTable.name(),
        DeltaTables.conform(tested.get(2), InsightTables.JOURNEY_PATTERNS, "run_date", last), partition);
    long driverRows = context.tables().replace(driversTable.name(),
        DeltaTables.conform(tested.get(3), InsightTables.DRIVERS, "run_date", last), partition);

    Findings findings = new Findings(settings.confidence(), settings.falseDiscoveryRate());
    TableDefinition insightsTable = InsightTables.insights(catalog);
    context.tables().mergeFindings(insightsTable.name(),
        Findings.ofRun(findings.fromRules(tested.get(0), kind).unionByName(findings.fromLifts(tested.get(1)))
            .unionByName(findings.fromPatterns(tested.get(2), patternSettings.churnHorizon().toDays()))
            .unionByName(findings.fromDrivers(tested.get(3)))
            .unionByName(findings.fromDepartments(tested.get(4))).unionByName(findings.fromScorecard(tested.get(5))),
            last),
        "insight_id", List.of("first_seen"), "t.status = 'active' AND t.kind IN ('"
            + String.join("', '", Findings.KINDS) + "')", "t.status = 'retired', t.retired_on = DATE'" + last + "'");
    Row found = context.spark().sql("SELECT count_if(status = 'active' AND last_seen = DATE'" + last + "'), "
        + "count_if(first_seen = DATE'" + last + "'), count_if(retired_on = DATE'" + last + "'), count(1) FROM "
        + insightsTable.name().sql()).first();
    String insightsMessage = String.format(Locale.ROOT, "%,d findings of %s (%,d first seen), %,d retired; %,d in "
        + "the table", found.getLong(0), last, found.getLong(1), found.getLong(2), found.getLong(3));

    Row counts = context.spark().sql("SELECT (SELECT count_if(significant) FROM " + rulesTable.name().sql() + " WHERE "
        + partition + "), (SELECT count_if(significant) FROM " + liftTable.name().sql() + " WHERE " + partition
        + "), (SELECT count_if(significant AND rate_ratio > 1) FROM " + liftTable.name().sql() + " WHERE "
        + partition + "), (SELECT count_if(significant AND lift > 1) FROM " + patternsTable.name().sql() + " WHERE "
        + partition + "), (SELECT count_if(significant) FROM " + driversTable.name().sql() + " WHERE " + partition
        + ")").first();
    long guests = Baskets.guestLines(basketLines, baskets);
    String rulesMessage = mined.baskets() == 0
        ? "no sold order lines in " + basketsFrom + ".." + last + ": no baskets, no rules"
        : String.format(Locale.ROOT, "%,d rules (%,d significant at q <= %s over the run) from %,d %s baskets of "
                + "%s..%s, itemsets in at least %,d baskets (%,d frequent itemsets of up to %d items)%s",
            rules, counts.getLong(0), settings.falseDiscoveryRate(), mined.baskets(), kind, basketsFrom, last,
            mined.minCount(), mined.itemsets().count(), baskets.maxSize(), guests > 0
                ? String.format(Locale.ROOT, "; %,d sold lines without a customer left out", guests) : "");
    String liftMessage = lifted == 0
        ? "no context with in-store sales and a baseline in " + contextsFrom + ".." + last + ": nothing measured"
        : String.format(Locale.ROOT, "%,d context types x items measured over contexts of %s..%s, %,d significant "
            + "(%,d rising)", lifted, contextsFrom, last, counts.getLong(1), counts.getLong(2));
    String patternsMessage = String.format(Locale.ROOT, "%,d step sequences of journeys of %s..%s measured, %,d "
        + "significantly before bad outcomes; %s", patternRows, patternsFrom, last, counts.getLong(3),
        String.join("; ", patterns.notes()));
    String driversMessage = driverRows == 0
        ? "no rated case or order journeys in " + driversFrom + ".." + last + " with " + driverSettings.minN()
            + " answers (insights.drivers.min-n): no drivers"
        : String.format(Locale.ROOT, "%,d drivers of NPS and CSAT over answers of %s..%s, %,d significant",
            driverRows, driversFrom, last, counts.getLong(4));
    LOG.info("Insights: {}; {}; {}; {}; {}", rulesMessage, liftMessage, patternsMessage, driversMessage,
        insightsMessage);
    Instant ended = Instant.now();
    return new StageResult(List.of(
        RunLogEntry.builder(run, NAME, rulesTable.name().toString(), started).rows(mined.baskets(), rules, 0, 0)
            .eventDates(List.of(last)).message(rulesMessage).endedAt(ended).build(),
        RunLogEntry.builder(run, NAME, liftTable.name().toString(), started).rows(lifted, lifted, 0, 0)
            .eventDates(List.of(last)).message(liftMessage).endedAt(ended).build(),
        RunLogEntry.builder(run, NAME, patternsTable.name().toString(), started).rows(patternRows, patternRows, 0,
            0).eventDates(List.of(last)).message(patternsMessage).endedAt(ended).build(),
        RunLogEntry.builder(run, NAME, driversTable.name().toString(), started).rows(driverRows, driverRows, 0, 0)
            .eventDates(List.of(last)).message(driversMessage).endedAt(ended).build(),
        RunLogEntry.builder(run, NAME, insightsTable.name().toString(), started).rows(found.getLong(0),
            found.getLong(0), 0, 0).eventDates(List.of(last)).message(insightsMessage).endedAt(ended).build()),
        ChangedDates.of(rulesTable.name(), List.of(last)).plus(ChangedDates.of(liftTable.name(), List.of(last)))
            .plus(ChangedDates.of(patternsTable.name(), List.of(last)))
            .plus(ChangedDates.of(driversTable.name(), List.of(last)))
            .plus(ChangedDates.of(insightsTable.name(), List.of(last))));
  }

  /** The step sequences before each bad outcome of the settings, mined over the journeys of their window. */
  static JourneyPatterns.Mined journeyPatterns(JourneyPatternSettings settings, double confidence,
      Dataset<Row> rated, Dataset<Row> journeys, LocalDate from, LocalDate last) {
    Column inWindow = col("journey_date").geq(lit(java.sql.Date.valueOf(from)));
    JourneyPatterns miner = new JourneyPatterns(settings, confidence);
    List<JourneyPatterns.Mined> mined = new ArrayList<>();
    for (String outcome : settings.outcomes()) {
      Dataset<Row> rows = switch (outcome) {
        case JourneyPatternSettings.COMPLAINT -> RatedJourneys.byComplaint(journeys, settings.kinds());
        // The orders that follow a journey may lie after the window's start: the whole of what was read.
        case JourneyPatternSettings.CHURN -> RatedJourneys.byChurn(journeys, settings.kinds(),
            settings.churnHorizon(), last);
        default -> rated;
      };
      mined.add(miner.mine(rows.where(inWindow), outcome));
    }
    return new JourneyPatterns.Mined(mined.stream().flatMap(m -> m.patterns().stream()).reduce(Dataset::unionByName),
        mined.stream().flatMap(m -> m.notes().stream()).toList());
  }

  /** In-store sales, trading days, stores with their regions and the contexts that overlap the window. */
  static Dataset<Row> contextLift(TableReader reader, CatalogSettings catalog, InsightSettings settings,
      Dataset<Row> orderLines, LocalDate first, LocalDate last) {
    Dataset<Row> inStore = orderLines.where(col("store_id").isNotNull())
        .withColumn("sale_date", to_date(col("order_time")));
    // One basket's units of an item first (an item on two lines of an order is one purchase), then per day.
    Dataset<Row> sales = inStore.where(col("quantity").gt(0).and(col("sku").isNotNull()))
        .groupBy(col("store_id"), col("sale_date"), col("order_id"), col("sku").as("item"))
        .agg(sum(col("quantity")).cast("long").as("_q"))
        .groupBy(col("store_id"), col("sale_date"), col("item"))
        .agg(sum(col("_q")).as("units"), count(lit(1)).as("baskets"),
            sum(col("_q").multiply(col("_q"))).as("squares"));
    Dataset<Row> tradingDays = inStore.select("store_id", "sale_date").distinct();
    Dataset<Row> stores = inStore.select(col("store_id")).distinct()
        .withColumn("region", settings.stores().region(col("store_id")));
    // Context events are few and partitioned by their start: read them all and keep those that overlap.
    Dataset<Row> contexts = reader.all(SilverTables.of(catalog, Source.CONTEXT_EVENTS))
        .where(col("end_date").geq(lit(java.sql.Date.valueOf(first)))
            .and(col("start_date").leq(lit(java.sql.Date.valueOf(last)))))
        .select(col("event_type").as("context_type"), col("scope"), col("start_date"), col("end_date"));
    return new ContextLift(settings.contextLift(), settings.confidence(), settings.falseDiscoveryRate())
        .lift(sales, tradingDays, stores, contexts);
  }

}
