package io.outsidein.common.privacy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which rows of a table hold a person, for the pseudonyms of their identifiers (customer id, e-mail address,
 * phone number). A row mentions a person when one of its string columns equals or contains one of the
 * pseudonyms, nested values included (a map, an array of structs, a quarantined record's raw text): any
 * table, also one added later, is covered without a list of its identifier columns to keep in step.
 * Pseudonyms are 64 hex characters, so a match is not a coincidence.
 *
 * <p>The pseudonyms are a frame ({@link #subjects}) that the conditions join against, never literals of a
 * statement: Delta keeps a DELETE's or MERGE's condition text in the table's history, readable with DESCRIBE
 * HISTORY long after the rows are gone, and the Spark UI shows a plan's literals.
 *
 * <p>A column that refers to another person ({@link #REFERENCE_COLUMNS}: who referred a customer) is cleared
 * instead: the referred customer's row is theirs, not the forgotten person's.
 */
public final class ErasurePredicates {
  /** Columns that name someone other than the row's subject: set to null, the row stays. */
  public static final Set<String> REFERENCE_COLUMNS = Set.of("referred_by");
  /** The column of {@link #subjects}. */
  public static final String PSEUDONYM = "pseudonym";

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private final List<String> pseudonyms;

  /** @param pseudonyms the pseudonyms to find: 64 lower-case hex characters each, at least one */
  public ErasurePredicates(Set<String> pseudonyms) {
    requireNonNull(pseudonyms, "pseudonyms is null");
    if (pseudonyms.isEmpty()) {
      throw new IllegalArgumentException("No pseudonym to erase");
    }
    for (String pseudonym : pseudonyms) {
      // Anything else is a raw value handed in by mistake: its length only, never the value, in the message.
      if (pseudonym == null || !HEX64.matcher(pseudonym).matches()) {
        throw new IllegalArgumentException("Not a pseudonym (64 lower-case hex characters): a value of length "
            + (pseudonym == null ? "null" : pseudonym.length()));
      }
    }
    this.pseudonyms = List.copyOf(new TreeSet<>(pseudonyms));
  }

  /** The pseudonyms as a one-column frame ({@value #PSEUDONYM}), to join or MERGE against. */
  public Dataset<Row> subjects(SparkSession spark) {
    return spark.createDataFrame(pseudonyms.stream().map(p -> RowFactory.create(p)).toList(),
        new StructType().add(PSEUDONYM, DataTypes.StringType, false));
  }

  /**
   * The condition that a row of the table (its columns qualified by {@code target}) mentions the subject
   * {@code subject} (an expression, e.g. {@code s.pseudonym}) in a column other than a reference column; empty
   * when the table has no column that could hold one (numbers and dates only).
   */
  public static Optional<String> mentions(StructType schema, String target, String subject) {
    List<String> terms = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (REFERENCE_COLUMNS.contains(field.name())) {
        continue;
      }
      String column = target + "." + quoted(field.name());
      if (field.dataType() instanceof StringType) {
        terms.add("instr(" + column + ", " + subject + ") > 0");
      } else if (holdsStrings(field.dataType())) {
        terms.add("instr(to_json(" + column + "), " + subject + ") > 0");
      }
    }
    return terms.isEmpty() ? Optional.empty() : Optional.of(String.join(" OR ", terms));
  }

  /** The reference columns of the table: where one equals a subject, it is cleared. */
  public static List<String> references(StructType schema) {
    List<String> references = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (REFERENCE_COLUMNS.contains(field.name()) && field.dataType() instanceof StringType) {
        references.add(field.name());
      }
    }
    return references;
  }

  /** A column name quoted for SQL. */
  public static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  private static boolean holdsStrings(DataType type) {
    if (type instanceof StringType) {
      return true;
    }
    if (type instanceof ArrayType array) {
      return holdsStrings(array.elementType());
    }
    if (type instanceof MapType map) {
      return holdsStrings(map.keyType()) || holdsStrings(map.valueType());
    }
    if (type instanceof StructType struct) {
      for (StructField field : struct.fields()) {
        if (holdsStrings(field.dataType())) {
          return true;
        }
      }
    }
    return false;
  }
}
