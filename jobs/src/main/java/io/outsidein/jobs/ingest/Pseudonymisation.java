package io.outsidein.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.transform_values;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.schema.Field;
import io.outsidein.common.schema.FieldType;
import io.outsidein.common.schema.Source;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * Replaces personal identifiers by their pseudonym and redacts free text, per the contract's treatments; in a
 * map field (an event's properties) the values of identifier keys ({@link Source#isIdentifierKey}) too.
 */
final class Pseudonymisation {
  private final UserDefinedFunction pseudonymise;
  private final UserDefinedFunction redact;

  Pseudonymisation(UserDefinedFunction pseudonymise, UserDefinedFunction redact) {
    this.pseudonymise = pseudonymise;
    this.redact = redact;
  }

  /** {@link Source#isIdentifierKey} as a native expression over a map's key. */
  private static Column identifierKey(Column key) {
    Object[] names = java.util.Arrays.stream(Source.values()).flatMap(s -> s.fields().stream())
        .filter(f -> f.treatment() == Field.Treatment.PSEUDONYMISE).map(Field::name).distinct().toArray();
    Object[] keys = Source.IDENTIFIER_PROPERTY_KEYS.toArray();
    return key.isin(names).or(key.isin(keys)).or(key.endsWith("_customer_id"));
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
          if (field.type() == FieldType.STRING_MAP) {
            result = result.withColumn(field.name(), transform_values(col(field.name()),
                (key, value) -> when(identifierKey(key), pseudonymise.apply(value)).otherwise(value)));
          }
          break;
      }
    }
    return result;
  }
}
