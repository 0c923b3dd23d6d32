package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The case and order dates that what gold holds obliges a run to look at again, beyond the dates of the journeys
 * it rebuilt. A rewrite replaces whole dates, so a stored journey that the build no longer holds at its date
 * would outlive it on a date nobody rewrites:
 * <ul>
 *   <li>a stored case or order the build does not reproduce at its date: its start moved with a late event that
 *       came before it, the pieces of a case once stored under one id per actor (before a case was one row
 *       whoever held its events), or its first events erased;
 *   <li>one id stored twice at one date;
 *   <li>a stored one with a step on a changed date: an erasure removes events, and the rest of the journey,
 *       rebuilt at the same date without them, holds no changed event to say so.
 * </ul>
 * The job then rewrites only those whose rows really differ ({@link RewritePlan#narrowedTo}). Sessions are
 * rebuilt for whole dates around every change and need none of this.
 */
final class StoredJourneys {
  private StoredJourneys() {}

  /**
   * @param stored gold.journeys
   * @param built the run's rebuilt journeys (every case and order of the window)
   */
  static List<LocalDate> datesToRecheck(Dataset<Row> stored, Dataset<Row> built, JourneyWindow window) {
    // Only the dates whose cases and orders the build holds whole: a date outside them is never rewritten.
    Column casesAndOrders = col("kind").notEqual(JourneyKinds.SESSION_KIND)
        .and(col("journey_date").between(java.sql.Date.valueOf(window.firstCaseDate()),
            java.sql.Date.valueOf(window.lastCaseDate())));
    String changed = window.changed().stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "));
    Dataset<Row> kept = stored.where(casesAndOrders).groupBy(col("journey_id"), col("journey_date")).agg(
        count(lit(1)).as("_copies"),
        max(expr("exists(steps, s -> to_date(s.at) IN (" + changed + "))")).as("_on_changed"));
    Dataset<Row> rebuilt = built.where(casesAndOrders)
        .select(col("journey_id").as("_rebuilt_id"), col("journey_date").as("_rebuilt_date")).distinct();
    return kept.join(rebuilt, col("journey_id").equalTo(col("_rebuilt_id"))
            .and(col("journey_date").equalTo(col("_rebuilt_date"))), "full_outer")
        .where(col("_rebuilt_id").isNull().or(col("journey_id").isNull()).or(col("_copies").gt(1))
            .or(col("_on_changed")))
        .select(coalesce(col("journey_date"), col("_rebuilt_date"))).distinct().collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate()).sorted().toList();
  }
}
