package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.spark.NewColumns;
import io.outsidein.common.tables.InsightTables;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The significant patterns of a run as findings for gold.insights: a stable id (a hash of the kind and of what the
 * finding is about, never of its figures, so that the same finding keeps its id), a plain sentence with the numbers
 * behind it, the effect with its interval, q-value, n and evidence, and a rank by the bound of the interval nearest
 * to no effect. Only rises become findings: a rule or a context whose effect is significant and above 1.
 */
final class Findings {
  static final String BASKET_RULE = "basket_rule";
  static final String CONTEXT_LIFT = "context_lift";

  private final int confidencePercent;

  Findings(double confidence) {
    this.confidencePercent = (int) Math.round(confidence * 100);
  }

  /** Significant rules with a lift above 1 ({@code rules}: gold.basket_rules' columns but the run's). */
  Dataset<Row> fromRules(Dataset<Row> rules, String basketKind) {
    Column items = concat_ws(", ", col("antecedent"));
    return rules.where(col("significant").and(col("lift").gt(1))).select(
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
   * The findings of one run, seen on {@code runDate}, active, ranked by how far the interval's bound nearest to no
   * effect (1) lies from it, on the log scale: the lower bound of a rise.
   */
  static Dataset<Row> ofRun(Dataset<Row> findings, LocalDate runDate) {
    java.sql.Date date = java.sql.Date.valueOf(runDate);
    Column conservative = abs(log(when(col("effect").geq(1), col("ci_low")).otherwise(col("ci_high"))));
    Dataset<Row> seen = NewColumns
        .of("first_seen", lit(date)).and("last_seen", lit(date))
        .and("status", lit("active")).and("retired_on", lit(null).cast("date"))
        .and("rank", row_number().over(Window.orderBy(conservative.desc_nulls_last(), col("insight_id"))))
        .on(findings);
    return seen.select(Arrays.stream(InsightTables.INSIGHTS.fields())
        .map(f -> col(f.name()).cast(f.dataType()).as(f.name())).toArray(Column[]::new));
  }

  private static Column id(Column... about) {
    return sha2(concat_ws("|", about), 256).as("insight_id");
  }
}
