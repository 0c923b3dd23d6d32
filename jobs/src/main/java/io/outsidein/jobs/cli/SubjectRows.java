package io.outsidein.jobs.cli;

import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.privacy.ErasurePredicates;
import io.outsidein.common.schema.Source;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The rows of the warehouse's tables that mention an erasure's subjects, found and removed by joining against
 * the session's view of their pseudonyms ({@code subjects}), never by splicing the values into a statement: Delta
 * keeps a statement's text in the table's history.
 */
final class SubjectRows {
  private final SparkSession spark;
  private final String subjects;

  SubjectRows(SparkSession spark, String subjects) {
    this.spark = spark;
    this.subjects = subjects;
  }

  /** The rows of a table that mention a subject. */
  long count(TableName table) {
    return mentioning(table).map(Dataset::count).orElse(0L);
  }

  /** The event dates of a silver table's rows that mention a subject: the dates a night must recompute. */
  List<LocalDate> eventDates(TableDefinition table) {
    if (!List.of(table.schema().fieldNames()).contains(Source.EVENT_DATE)) {
      return List.of();
    }
    return mentioning(table.name()).map(rows -> rows.select(Source.EVENT_DATE).distinct().collectAsList().stream()
            .filter(r -> !r.isNullAt(0)).map(r -> r.getDate(0).toLocalDate()).sorted().toList())
        .orElse(List.of());
  }

  /**
   * References cleared, then rows that mention a subject deleted; the rows touched. MERGE against the subjects'
   * view, not DELETE with their values: the history keeps only the condition. An unconditional delete may match
   * a row several times.
   */
  long erase(TableName table) {
    if (!spark.catalog().tableExists(table.database(), table.table())) {
      return 0;
    }
    var schema = spark.table(table.sql()).schema();
    String using = "MERGE INTO " + table.sql() + " AS t USING " + subjects + " AS s ON ";
    String subject = "s." + ErasurePredicates.PSEUDONYM;
    long touched = 0;
    for (String reference : ErasurePredicates.references(schema)) {
      String column = ErasurePredicates.quoted(reference);
      touched += metric(spark.sql(using + "t." + column + " = " + subject + " WHEN MATCHED THEN UPDATE SET "
          + column + " = NULL").first(), "num_updated_rows");
    }
    var mentions = ErasurePredicates.mentions(schema, "t", subject);
    if (mentions.isPresent()) {
      touched += metric(spark.sql(using + mentions.get() + " WHEN MATCHED THEN DELETE").first(), "num_deleted_rows");
    }
    return touched;
  }

  /** The rows of a table that mention a subject, when the table exists and has a column that could. */
  private Optional<Dataset<Row>> mentioning(TableName table) {
    if (!spark.catalog().tableExists(table.database(), table.table())) {
      return Optional.empty();
    }
    Dataset<Row> rows = spark.table(table.sql());
    return ErasurePredicates.mentions(rows.schema(), "t", "s." + ErasurePredicates.PSEUDONYM)
        .map(condition -> rows.alias("t").join(spark.table(subjects).alias("s"), functions.expr(condition),
            "left_semi"));
  }

  private static long metric(Row merged, String name) {
    int i = merged.fieldIndex(name);
    return merged.isNullAt(i) ? 0 : merged.getLong(i);
  }
}
