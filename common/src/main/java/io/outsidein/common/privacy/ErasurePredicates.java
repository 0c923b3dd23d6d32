package io.outsidein.common.privacy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which rows of a table hold a person, as SQL predicates over the table's own columns, for the pseudonyms of
 * the person's identifiers (customer id, e-mail address, phone number). A row mentions a person when one of its
 * string columns equals or contains one of the pseudonyms, nested values included (a map, an array of
 * structs, a quarantined record's raw text): any table, also one added later, is covered without a list of
 * its identifier columns to keep in step. Pseudonyms are 64 hex characters, so a match is not a coincidence.
 *
 * <p>A column that refers to another person ({@link #REFERENCE_COLUMNS}: who referred a customer) is cleared
 * instead: the referred customer's row is theirs, not the forgotten person's.
 */
public final class ErasurePredicates {
  /** Columns that name someone other than the row's subject: set to null, the row stays. */
  public static final Set<String> REFERENCE_COLUMNS = Set.of("referred_by");

  private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{64}");

  private final List<String> pseudonyms;

  /** @param pseudonyms the pseudonyms to find: 64 lower-case hex characters each, at least one */
  public ErasurePredicates(Set<String> pseudonyms) {
    requireNonNull(pseudonyms, "pseudonyms is null");
    if (pseudonyms.isEmpty()) {
      throw new IllegalArgumentException("No pseudonym to erase");
    }
    for (String pseudonym : pseudonyms) {
      // Checked, because they are spliced into SQL: a pseudonym has no quote to escape.
      if (pseudonym == null || !PSEUDONYM.matcher(pseudonym).matches()) {
        throw new IllegalArgumentException("Not a pseudonym (64 lower-case hex characters): a value of length "
            + (pseudonym == null ? "null" : pseudonym.length()));
      }
    }
    this.pseudonyms = List.copyOf(new TreeSet<>(pseudonyms));
  }

  /**
   * The predicate of the rows that mention a pseudonym in a column other than a reference column; empty when
   * the table has no column that could hold one (numbers and dates only).
   */
  public Optional<String> mentions(StructType schema) {
    List<String> terms = new ArrayList<>();
    String pattern = "'" + String.join("|", pseudonyms) + "'";
    for (StructField field : schema.fields()) {
      if (REFERENCE_COLUMNS.contains(field.name())) {
        continue;
      }
      String column = quoted(field.name());
      if (field.dataType() instanceof StringType) {
        terms.add(column + " RLIKE " + pattern);
      } else if (holdsStrings(field.dataType())) {
        terms.add("to_json(" + column + ") RLIKE " + pattern);
      }
    }
    return terms.isEmpty() ? Optional.empty() : Optional.of(String.join(" OR ", terms));
  }

  /** The reference columns of the table, each with the predicate of the rows where it names a pseudonym. */
  public List<Reference> references(StructType schema) {
    String in = pseudonyms.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ", "(", ")"));
    List<Reference> references = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (REFERENCE_COLUMNS.contains(field.name()) && field.dataType() instanceof StringType) {
        references.add(new Reference(field.name(), quoted(field.name()) + " IN " + in));
      }
    }
    return references;
  }

  /** A column to clear, and where. */
  public record Reference(String column, String predicate) {}

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

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
