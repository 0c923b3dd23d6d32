package io.outsidein.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import io.outsidein.common.schema.Field;
import io.outsidein.common.schema.Source;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/** Replaces personal identifiers by their pseudonym and redacts free text, per the contract's treatments. */
final class Pseudonymisation {
  private final UserDefinedFunction pseudonymise;
  private final UserDefinedFunction redact;

  Pseudonymisation(UserDefinedFunction pseudonymise, UserDefinedFunction redact) {
    this.pseudonymise = pseudonymise;
    this.redact = redact;
  }

  Dataset<Row> apply(Source source, Dataset<Row> records) {
    Dataset<Row> result = records;
    for (Field field : source.fields()) {
      switch (field.treatment()) {
        case PSEUDONYMISE:
          result = result.withColumn(field.name(), pseudonymise.apply(col(field.name())));
          break;
        case REDACT:
          result = result.withColumn(field.name(), redact.apply(col(field.name())));
          break;
        default:
          break;
      }
    }
    return result;
  }
}
