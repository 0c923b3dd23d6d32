package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.spark.NewColumns;
import io.outsidein.common.tables.JourneyTables;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Which answer rates which journey, kept right incrementally. The journeys a run rebuilt and the stored ones
 * around them (the {@link SurveyScope}) are attached to the answers again by {@link SurveyAttachment}; a journey
 * takes the new answer where the scope can decide it, else keeps its stored one, and {@link #CHANGED} says
 * where a journey's answer moved, so that the run rewrites that journey's date too. So a night that
 * adds a journey between an answer and the one it used to rate moves the answer, as a backfill would have.
 */
final class SurveyReattachment {
  /** True on a journey whose answer differs from the one gold holds for it (or that gold does not hold yet). */
  static final String CHANGED = "_survey_changed";
  private static final List<String> SURVEY_COLUMNS =
      List.of("survey_response_id", "survey_type", "survey_score", "survey_attach_rule");
  /** Each survey column and the column that holds its stored value. */
  private static final Map<String, String> PREVIOUS = orderedMap(SURVEY_COLUMNS,
      List.of("_old_id", "_old_type", "_old_score", "_old_rule"));

  private final SurveyAttachment attachment;

  SurveyReattachment(JourneySettings settings) {
    this.attachment = new SurveyAttachment(settings);
  }

  /**
   * @param rebuilt journeys this run built, in gold's columns (survey columns null), that it may write
   * @param stored journeys of gold that the run did not rebuild but whose answers it may move: the sessions of
   *     the covered dates
   * @param reference journeys of gold that answers of the window name but that lie beyond what the run rebuilds
   *     (cases and orders older than the journey horizon): an answer that names one stays with it, by name,
   *     instead of falling back to recency; they are not rewritten
   * @param storedAnswers journey_id and the stored survey columns of every rebuilt journey gold holds already
   * @param surveys the answers of the window
   * @return every journey of {@code rebuilt} and {@code stored}, in gold's columns with the answer that rates it,
   *     plus {@link #CHANGED}
   */
  Dataset<Row> attach(Dataset<Row> rebuilt, Dataset<Row> stored, Dataset<Row> reference, Dataset<Row> storedAnswers,
      Dataset<Row> surveys, SurveyScope scope) {
    // One stored answer per id: gold written before a case or an order was one journey whatever actors held its
    // events holds such a journey as two rows with one id, and a join on every stored row would copy the rebuilt
    // journey once per row, more with every rerun.
    Dataset<Row> old = storedAnswers.groupBy(col("journey_id").as("_old_journey"))
        .agg(min(struct(col("survey_response_id"), col("survey_type"), col("survey_score"),
            col("survey_attach_rule"))).as("_old"))
        .select(col("_old_journey"), col("_old.survey_response_id").as("_old_id"),
            col("_old.survey_type").as("_old_type"), col("_old.survey_score").as("_old_score"),
            col("_old.survey_attach_rule").as("_old_rule"));
    Dataset<Row> fresh = JourneyColumns.conform(rebuilt).withColumn("_writable", lit(true))
        .join(old, col("journey_id").equalTo(col("_old_journey")), "left").drop("_old_journey");
    Dataset<Row> candidates = fresh.unionByName(withOwnAnswers(stored, true))
        .unionByName(withOwnAnswers(reference, false)).drop(SURVEY_COLUMNS.toArray(new String[0]));
    Dataset<Row> attached = attachment.attach(candidates, attachment.links(candidates, surveys));

    // Decided by name anywhere; by recency only where the scope holds every answer and rival that matters.
    Dataset<Row> decided = attached.withColumn("_decidable", col("_writable").and(col("journey_date")
        .isin(scope.decidableDates().stream().map(java.sql.Date::valueOf).toArray())
        .or(col("survey_attach_rule").isNotNull()
            .and(not(col("survey_attach_rule").equalTo(SurveyAttachment.CUSTOMER_RECENT))))));
    // Where it cannot decide, the stored answer stands (nothing near the journey changed).
    NewColumns kept = NewColumns.none();
    for (Map.Entry<String, String> column : PREVIOUS.entrySet()) {
      kept = kept.and(column.getKey(), when(col("_decidable"), col(column.getKey())).otherwise(col(column.getValue())));
    }
    Dataset<Row> chosen = kept.on(decided);
    Column moved = PREVIOUS.entrySet().stream().map(c -> col(c.getKey()).eqNullSafe(col(c.getValue())))
        .reduce(Column::and).map(functions::not).orElseThrow();
    Column[] columns = Arrays.stream(JourneyTables.JOURNEYS.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    return chosen.where(col("_writable")).withColumn(CHANGED, moved)
        .select(concat(columns, col(CHANGED)));
  }

  /** Stored journeys with their stored answer as the previous one; {@code writable}: may the run rewrite them. */
  private static Dataset<Row> withOwnAnswers(Dataset<Row> stored, boolean writable) {
    return NewColumns.of("_writable", lit(writable))
        .and("_old_id", col("survey_response_id")).and("_old_type", col("survey_type"))
        .and("_old_score", col("survey_score")).and("_old_rule", col("survey_attach_rule"))
        .on(JourneyColumns.conform(stored));
  }

  private static Map<String, String> orderedMap(List<String> keys, List<String> values) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      map.put(keys.get(i), values.get(i));
    }
    return map;
  }

  private static Column[] concat(Column[] columns, Column extra) {
    Column[] all = Arrays.copyOf(columns, columns.length + 1);
    all[columns.length] = extra;
    return all;
  }
}
