package io.outsidein.common.runlog;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.io.TableName;
import io.outsidein.common.schema.Source;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.tables.OpsTables;
import io.outsidein.common.tables.SilverTables;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The dates earlier runs recorded as changed for a range of delivery dates, from {@code ops.run_log}: what a
 * stage run on its own ({@code outsidein journeys --date D}), or a night rerun after a failure, must recompute.
 * Every row of a run whose delivery dates lie within the range counts, whatever its status: a source that failed
 * after writing may have changed its dates too, and recomputing a date twice is harmless. A backfill's rows
 * count for a rerun of its whole range, not for a rerun of one of its days (that would recompute the range).
 */
public final class ChangedDatesReader {
  private final SparkSession spark;
  private final CatalogSettings catalog;

  public ChangedDatesReader(SparkSession spark, CatalogSettings catalog) {
    this.spark = spark;
    this.catalog = catalog;
  }

  public ChangedDates recorded(LocalDate from, LocalDate to) {
    TableName runLog = OpsTables.runLog(catalog).name();
    if (!spark.catalog().tableExists(runLog.sql())) {
      return ChangedDates.none();
    }
    List<Row> rows = spark.table(runLog.sql())
        .where("source <> '' AND size(event_dates) > 0 AND run_from >= DATE'" + from + "' AND run_date <= DATE'"
            + to + "'")
        .selectExpr("source", "explode(event_dates) AS d").distinct().collectAsList();
    ChangedDates changed = ChangedDates.none();
    for (Row row : rows) {
      changed = changed.plus(ChangedDates.of(table(row.getString(0)), List.of(row.getDate(1).toLocalDate())));
    }
    return changed;
  }

  /** Ingest names its rows by source ({@code interactions}), later stages by table ({@code gold.journeys}). */
  private TableName table(String source) {
    int dot = source.indexOf('.');
    if (dot > 0) {
      return new TableName(source.substring(0, dot), source.substring(dot + 1));
    }
    return SilverTables.of(catalog, Source.fromId(source)).name();
  }
}
