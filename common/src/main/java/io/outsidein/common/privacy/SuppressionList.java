package io.outsidein.common.privacy;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform_values;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.schema.ReasonCodes;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * The people forgotten, as hashes of their pseudonyms under a key derived for "suppression": the list holds
 * no pseudonym (a table of them would keep the very identifiers an erasure removes), yet a pseudonym computed
 * from a later delivery is recognised by hashing it the same way.
 */
public final class SuppressionList {
  /** The purpose of the derived key; also the label the erasure code hashes under. */
  public static final String PURPOSE = "suppression";

  private final Pseudonymizer hasher;
  private final Set<String> hashes;

  /**
   * @param pseudonymizer the primary pseudonymiser (its key is derived, never used as is)
   * @param hashes the list's hashes, as {@code ops.erased_subjects} holds them
   */
  public SuppressionList(Pseudonymizer pseudonymizer, Set<String> hashes) {
    this.hasher = requireNonNull(pseudonymizer, "pseudonymizer is null").forPurpose(PURPOSE);
    this.hashes = Set.copyOf(requireNonNull(hashes, "hashes is null"));
  }

  /** The list's hash of a pseudonym. */
  public String hashOf(String pseudonym) {
    return hasher.pseudonymise(pseudonym);
  }

  public boolean isEmpty() {
    return hashes.isEmpty();
  }

  /**
   * Records of forgotten people marked for quarantine: where {@code subject} (a pseudonymised column) is on the
   * list, {@code reasonColumn} becomes {@code erased_subject}, whatever other reason the record had; references
   * to them ({@code references}, e.g. who referred a customer, and values of the string maps {@code maps}, e.g.
   * an event's properties naming a referred customer) become null. Unchanged when the list is empty, so that a
   * warehouse that never forgot anyone pays no hashing.
   */
  public Dataset<Row> mark(Dataset<Row> records, String subject, Set<String> references, Set<String> maps,
      String reasonColumn) {
    if (hashes.isEmpty()) {
      return records;
    }
    UserDefinedFunction hash = hasher.udf();
    Dataset<Row> marked = records.withColumn(reasonColumn,
        when(listed(hash, col(subject)), lit(ReasonCodes.ERASED_SUBJECT)).otherwise(col(reasonColumn)));
    for (String reference : references) {
      marked = marked.withColumn(reference, when(listed(hash, col(reference)), lit(null).cast("string"))
          .otherwise(col(reference)));
    }
    for (String map : maps) {
      marked = marked.withColumn(map, transform_values(col(map),
          (key, value) -> when(listed(hash, value), lit(null).cast("string")).otherwise(value)));
    }
    return marked;
  }

  private Column listed(UserDefinedFunction hash, Column pseudonym) {
    return pseudonym.isNotNull().and(hash.apply(pseudonym).isin(hashes.toArray()));
  }
}
