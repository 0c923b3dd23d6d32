package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.initcap;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.spark.NewColumns;
import io.outsidein.common.stats.Comparison;
import io.outsidein.common.stats.Comparisons;
import io.outsidein.common.stats.FalseDiscovery;
import io.outsidein.common.stats.Intervals;
import io.outsidein.common.tables.InsightTables;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The significant patterns of a run as findings for gold.insights: a stable id (a hash of the kind and of what the
 * finding is about, never of its figures, so that the same finding keeps its id), a plain sentence with the numbers
 * behind it, the effect with its interval, q-value, n and evidence, and a rank by the bound of the interval nearest
 * to no effect. Rules, contexts and journey patterns become findings when they rise significantly (above 1);
 * drivers, departments and scorecard changes when they move significantly either way.
 */
final class Findings {
  static final String BASKET_RULE = "basket_rule";
  static final String CONTEXT_LIFT = "context_lift";
  static final String JOURNEY_PATTERN = "journey_pattern";
  static final String DRIVER = "driver";
  static final String OWNERSHIP = "ownership";
  static final String SCORECARD = "scorecard";
  /** Every kind of finding the insights stage writes: the kinds its merge may retire. */
  static final List<String> KINDS = List.of(BASKET_RULE, CONTEXT_LIFT, JOURNEY_PATTERN, DRIVER, OWNERSHIP,
      SCORECARD);
  /** Kinds whose effect is a ratio (no effect = 1); the others are differences in points (no effect = 0). */
  private static final List<String> RATIOS = List.of(BASKET_RULE, CONTEXT_LIFT, JOURNEY_PATTERN);

  private final int confidencePercent;
  private final double falseDiscoveryRate;
  private final Comparisons comparisons;

  Findings(double confidence, double falseDiscoveryRate) {
    this.confidencePercent = (int) Math.round(confidence * 100);
    this.falseDiscoveryRate = falseDiscoveryRate;
    this.comparisons = new Comparisons(new Intervals(confidence, 1));
  }

  /** Significant rules with a lift above 1 ({@code rules}: gold.basket_rules' columns but the run's). */
  Dataset<Row> fromRules(Dataset<Row> rules, String basketKind) {
    Column items = concat_ws(", ", col("antecedent"));
    return productive(rules, "antecedent_count", "support_count", "antecedent", "consequent")
        .where(col("significant").and(col("lift").gt(1))).select(
        id(lit(BASKET_RULE), lit(basketKind), items, col("consequent")),
        lit(BASKET_RULE).as("kind"),
        lit(basketKind.replace('_', ' ') + " baskets").as("scope"),
        format_string("Baskets with %s also hold %s %.1f times as often as by chance (" + confidencePercent
                + " %% CI %.1f-%.1f; %d of %d baskets, confidence %.0f %%)", items, col("consequent"), col("lift"),
            col("lift_ci_low"), col("lift_ci_high"), col("support_count"), col("baskets"),
            col("confidence").multiply(100)).as("sentence"),
        col("lift").as("effect"), col("lift_ci_low").as("ci_low"), col("lift_ci_high").as("ci_high"),
        col("q_value"), col("support_count").as("n"),
        map(lit("antecedent"), items, lit("consequent"), col("consequent"),
            lit("support_count"), col("support_count").cast("string"), lit("baskets"), col("baskets").cast("string"),
            lit("confidence"), col("confidence").cast("string"), lit("p_value"), col("p_value").cast("string"))
            .as("evidence"));
  }

  /** Significant rises of an item in a context ({@code lifts}: gold.context_lift's columns but the run's). */
  Dataset<Row> fromLifts(Dataset<Row> lifts) {
    Column context = regexp_replace(col("context_type"), "_", " ");
    return lifts.where(col("significant").and(col("rate_ratio").gt(1))).select(
        id(lit(CONTEXT_LIFT), col("context_type"), col("level"), col("item")),
        lit(CONTEXT_LIFT).as("kind"),
        col("scope"),
        format_string("During %ss, %s sells %.1f times its usual rate in the stores in scope (" + confidencePercent
                + " %% CI %.1f-%.1f; %d stores, %d events, %d days)", context, col("item"), col("rate_ratio"),
            col("ci_low"), col("ci_high"), col("stores"), col("events"), col("days")).as("sentence"),
        col("rate_ratio").as("effect"), col("ci_low"), col("ci_high"), col("q_value"), col("observed").as("n"),
        map(lit("context_type"), col("context_type"), lit("item"), col("item"),
            lit("observed"), col("observed").cast("string"), lit("expected"), col("expected").cast("string"),
            lit("model"), col("model"), lit("p_value"), col("p_value").cast("string")).as("evidence"));
  }

  /**
   * Step sequences over-represented before a bad outcome ({@code patterns}: gold.journey_patterns' columns;
   * {@code churnDays}: the churn horizon the churn outcome was measured over).
   */
  Dataset<Row> fromPatterns(Dataset<Row> patterns, long churnDays) {
    Column steps = concat_ws(" -> ", col("pattern"));
    Column rated = col("outcome").equalTo(JourneyPatternSettings.DETRACTOR);
    return productive(patterns.withColumn("_with", col("bad_count").plus(col("good_count"))), "_with", "bad_count",
        "pattern", "journey_kind", "outcome").where(col("significant").and(col("lift").gt(1))).select(
        id(lit(JOURNEY_PATTERN), col("journey_kind"), col("outcome"), steps),
        lit(JOURNEY_PATTERN).as("kind"),
        concat(when(rated, lit("rated ")).otherwise(lit("")), col("journey_kind"), lit(" journeys")).as("scope"),
        format_string("%s journeys with the steps %s %s %.1f times as often as the average %s journey ("
                + confidencePercent + " %% CI %.1f-%.1f; %d of %d such journeys did, against %.1f %% of all %d)",
            when(rated, concat(lit("Rated "), col("journey_kind"))).otherwise(initcap(col("journey_kind"))), steps,
            when(rated, lit("end in a detractor or dissatisfied answer"))
                .when(col("outcome").equalTo(JourneyPatternSettings.CHURN),
                    lit("are followed by no order of their customer within " + churnDays + " days"))
                .otherwise(concat(lit("come to a "), col("outcome"))), col("lift"),
            col("journey_kind"), col("ci_low"), col("ci_high"), col("bad_count"),
            col("bad_count").plus(col("good_count")), col("bad_journeys").multiply(100.0)
                .divide(col("bad_journeys").plus(col("good_journeys"))),
            col("bad_journeys").plus(col("good_journeys"))).as("sentence"),
        col("lift").as("effect"), col("ci_low"), col("ci_high"), col("q_value"),
        col("bad_count").plus(col("good_count")).as("n"),
        map(lit("pattern"), steps, lit("bad_count"), col("bad_count").cast("string"),
            lit("good_count"), col("good_count").cast("string"), lit("bad_journeys"),
            col("bad_journeys").cast("string"), lit("good_journeys"), col("good_journeys").cast("string"),
            lit("p_value"), col("p_value").cast("string")).as("evidence"));
  }

  /**
   * Significant drivers of NPS and CSAT ({@code drivers}: gold.drivers' columns): for all customers, and for a
   * segment or a CX area where it differs from all customers.
   */
  Dataset<Row> fromDrivers(Dataset<Row> drivers) {
    Column metric = upper(col("metric"));
    Column who = when(col("segment").notEqual(Drivers.ALL), concat(lit("Among the "), col("segment"),
            lit(" segment")))
        .when(col("cx_area").notEqual(Drivers.ALL), concat(lit("In the CX area "), col("cx_area")))
        .otherwise(lit("Among all customers"));
    Column fact = format_string("%s, %s %s the %s of rated %s journeys by %.1f points (" + confidencePercent
            + " %% CI %.1f-%.1f; n = %d answers, the other journey facts held equal)", who,
        regexp_replace(col("unit"), " \\(against.*\\)$", ""), col("direction"), metric, col("journey_kind"),
        abs(col("estimate")), boundNearest(), boundFarthest(), col("n"));
    Column attribute = format_string("%s, the %s rating goes with the %s of rated %s journeys: %.1f points per "
            + "rating point (correlation %.2f, " + confidencePercent + " %% CI %.2f to %.2f; n = %d answers)", who,
        col("driver"), metric, col("journey_kind"), col("estimate"), col("strength"), col("strength_ci_low"),
        col("strength_ci_high"), col("n"));
    // A segment's driver is a finding of its own only where the segment differs: its interval leaves out the
    // estimate for all customers. Otherwise it is the all-customers finding again, in a smaller sample.
    Column everyone = col("segment").equalTo(Drivers.ALL).and(col("cx_area").equalTo(Drivers.ALL));
    Dataset<Row> overall = drivers.where(everyone)
        .select(col("metric"), col("journey_kind"), col("driver"), col("estimate").as("_overall"));
    Dataset<Row> distinct = drivers.join(overall, new String[] {"metric", "journey_kind", "driver"}, "left")
        .where(everyone.or(col("_overall").isNull())
            .or(col("_overall").lt(col("ci_low"))).or(col("_overall").gt(col("ci_high"))));
    return distinct.where(col("significant")).select(
        id(lit(DRIVER), col("metric"), col("segment"), col("cx_area"), col("journey_kind"), col("driver")),
        lit(DRIVER).as("kind"),
        concat(col("segment"), lit(" / "), col("cx_area"), lit(" / "), col("journey_kind"), lit(" "), col("metric"))
            .as("scope"),
        when(col("driver_type").equalTo(Drivers.JOURNEY_FACT), fact).otherwise(attribute).as("sentence"),
        col("estimate").as("effect"), col("ci_low"), col("ci_high"), col("q_value"), col("n"),
        map(lit("driver"), col("driver"), lit("driver_type"), col("driver_type"), lit("unit"), col("unit"),
            lit("strength"), col("strength").cast("string"), lit("p_value"), col("p_value").cast("string"))
            .as("evidence"));
  }

  /** Departments whose cases' NPS differs from the others' ({@link DepartmentEffects} columns, qualified). */
  Dataset<Row> fromDepartments(Dataset<Row> departments) {
    return departments.where(col("significant")).select(
        id(lit(OWNERSHIP), col("department")),
        lit(OWNERSHIP).as("kind"),
        concat(lit("cases through "), col("department")).as("scope"),
        format_string("Cases that passed through %s have NPS %.0f points %s than those that did not ("
                + confidencePercent + " %% CI %.0f-%.0f; NPS %.0f against %.0f, n = %d and %d)", col("department"),
            abs(col("effect")), when(col("effect").lt(0), lit("lower")).otherwise(lit("higher")), boundNearest(),
            boundFarthest(),
            col("through_nps"), col("others_nps"), col("through_n"), col("others_n")).as("sentence"),
        col("effect"), col("ci_low"), col("ci_high"), col("q_value"), col("through_n").as("n"),
        map(lit("department"), col("department"), lit("through_nps"), col("through_nps").cast("string"),
            lit("others_nps"), col("others_nps").cast("string"), lit("others_n"), col("others_n").cast("string"),
            lit("p_value"), col("p_value").cast("string")).as("evidence"));
  }

  /** Significant changes of the 28-day scorecard ({@code cells}: gold.cx_scorecard_daily rows, qualified). */
  Dataset<Row> fromScorecard(Dataset<Row> cells) {
    Column what = when(col("dimension").equalTo("all"), lit("all answers"))
        .otherwise(concat(col("dimension"), lit(" "), col("dimension_value")));
    return cells.where(col("significant")).select(
        id(lit(SCORECARD), col("window_days"), col("dimension"), col("dimension_value"), col("metric"),
            when(col("change").lt(0), lit("down")).otherwise(lit("up"))),
        lit(SCORECARD).as("kind"),
        concat(col("dimension"), lit(":"), col("dimension_value")).as("scope"),
        format_string("%s of %s over the %d days to %s is %.1f, %s %.1f from the %d days before ("
                + confidencePercent + " %% CI of the change %.1f to %.1f; n = %d)", col("metric"), what,
            col("window_days"), col("score_date").cast("string"), col("score"),
            when(col("change").lt(0), lit("down")).otherwise(lit("up")), abs(col("change")), col("window_days"),
            col("change_ci_low"), col("change_ci_high"), col("n")).as("sentence"),
        col("change").as("effect"), col("change_ci_low").as("ci_low"), col("change_ci_high").as("ci_high"),
        col("q_value"), col("n"),
        map(lit("metric"), col("metric"), lit("score"), col("score").cast("string"), lit("previous_score"),
            col("previous_score").cast("string"), lit("previous_n"), col("previous_n").cast("string"),
            lit("p_value"), col("p_value").cast("string")).as("evidence"));
  }

  /**
   * The findings of one run, seen on {@code runDate}, active, ranked by how far the interval's bound nearest to no
   * effect lies from it: for a ratio (1 = no effect) on the log scale, for a difference (0) in its points; the
   * lower bound of a rise, the upper bound of a fall. Ratios and points do not compare, so the rank is among the
   * findings of one kind.
   */
  static Dataset<Row> ofRun(Dataset<Row> findings, LocalDate runDate) {
    java.sql.Date date = java.sql.Date.valueOf(runDate);
    Column ratio = col("kind").isin(RATIOS.toArray());
    Column conservative = when(ratio, when(col("effect").geq(1), log(col("ci_low"))).otherwise(log(col("ci_high"))
            .multiply(-1)))
        .otherwise(when(col("effect").geq(0), col("ci_low")).otherwise(col("ci_high").multiply(-1)));
    Dataset<Row> seen = NewColumns
        .of("first_seen", lit(date)).and("last_seen", lit(date))
        .and("status", lit("active")).and("retired_on", lit(null).cast("date"))
        .and("rank", row_number().over(Window.partitionBy(col("kind"))
            .orderBy(conservative.desc_nulls_last(), col("insight_id"))))
        .on(findings);
    return seen.select(Arrays.stream(InsightTables.INSIGHTS.fields())
        .map(f -> col(f.name()).cast(f.dataType()).as(f.name())).toArray(Column[]::new));
  }

  /**
   * The rows that say more than their shorter forms: a rule or a pattern is kept only when, for every form with one
   * item or step fewer ({@code items} less one element, the same {@code same} columns), the outcome is
   * significantly likelier with the full form than with the shorter one alone (one-sided two-proportion z test,
   * the largest p-value over the shorter forms, Benjamini-Hochberg over every longer form at the run's false
   * discovery rate; {@code with} rows hold the form, {@code both} of them have the outcome).
   * {beverages, salsa} => tortilla-chips at 7.8 (11 of 33 baskets against 54 of the other 327 salsa baskets, one
   * p-value of 0.009 among hundreds of such tests) is salsa => tortilla-chips at 4.6 with beverages along for the
   * ride; transfer -> transfer (181 of 394 journeys bad) says more than a transfer alone (80 of the
   * other 300). The others stay in their tables; they are not findings of their own.
   */
  private Dataset<Row> productive(Dataset<Row> rows, String with, String both, String items, String... same) {
    Dataset<Row> shorter = rows.where(size(col(items)).geq(2))
        .select(col("*"), explode(expr("transform(sequence(1, size(" + items + ")), i -> filter(" + items
            + ", (x, j) -> j + 1 != i))")).as("_shorter"));
    List<String> key = new java.util.ArrayList<>(List.of(same));
    key.add(items);
    Column joined = col("_shorter").equalTo(col("_s." + items));
    for (String column : same) {
      joined = joined.and(col("_r." + column).equalTo(col("_s." + column)));
    }
    Comparison better = comparisons.proportions(col("_r." + both), col("_r." + with),
        col("_s." + both).minus(col("_r." + both)), col("_s." + with).minus(col("_r." + with)));
    Column oneSided = coalesce(when(better.effect().gt(0), better.pValue().divide(2)), lit(1.0));
    Dataset<Row> tested = shorter.as("_r").join(rows.as("_s"), joined)
        .groupBy(key.stream().map(c -> col("_r." + c).as(c)).toArray(Column[]::new))
        .agg(max(oneSided).as("_against_shorter"));
    // Many longer forms are tested against their shorter ones: Benjamini-Hochberg over them, as over the patterns.
    Dataset<Row> qualified = FalseDiscovery.qValues(tested, "_against_shorter", "_shorter_q");
    return rows.join(qualified.drop("_against_shorter"), key.toArray(String[]::new), "left")
        .where(col("_shorter_q").isNull().or(col("_shorter_q").leq(falseDiscoveryRate)))
        .drop("_shorter_q");
  }

  /** The size of the interval's bound nearest to no difference: "lower by 11-25" reads from it to the other. */
  private static Column boundNearest() {
    return least(abs(col("ci_low")), abs(col("ci_high")));
  }

  private static Column boundFarthest() {
    return greatest(abs(col("ci_low")), abs(col("ci_high")));
  }

  private static Column id(Column... about) {
    return sha2(concat_ws("|", about), 256).as("insight_id");
  }
}
