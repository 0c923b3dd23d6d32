package io.outsidein.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.schema.ReasonCodes;
import io.outsidein.common.testing.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The derived keys of the erasure tables, and the suppression list that ingest applies. */
class ErasureHashingTest {
  private static final Pseudonymizer PRIMARY = new Pseudonymizer(PseudonymKey.development());

  @Test
  void aDerivedKeyHashesNeitherLikeThePrimaryNorLikeAnotherPurpose() {
    String pseudonym = PRIMARY.pseudonymise("C-000123");
    String suppression = PRIMARY.forPurpose("suppression").pseudonymise(pseudonym);
    String log = PRIMARY.forPurpose("erasure-log").pseudonymise(pseudonym);

    assertThat(suppression).matches("[0-9a-f]{64}").isNotEqualTo(pseudonym).isNotEqualTo(log);
    assertThat(PRIMARY.forPurpose("suppression").pseudonymise(pseudonym)).isEqualTo(suppression);
    // Hashing the pseudonym again under the primary key is not the derived hash: the derived key is secret too.
    assertThat(PRIMARY.pseudonymise(pseudonym)).isNotEqualTo(suppression);
    Pseudonymizer otherKey = new Pseudonymizer(
        PseudonymKey.resolve(Map.of("K", "another-key-of-enough-length"), "K", 16, false));
    assertThat(otherKey.forPurpose("suppression").pseudonymise(pseudonym)).isNotEqualTo(suppression);
    assertThat(PseudonymKey.development().derive("suppression").toString())
        .isEqualTo("PseudonymKey[development, derived for suppression]");
    assertThatThrownBy(() -> PseudonymKey.development().derive(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ingestMarksListedSubjectsAndClearsReferencesToThem() {
    SparkSession spark = TestSpark.session();
    String forgotten = PRIMARY.pseudonymise("C-1");
    String kept = PRIMARY.pseudonymise("C-2");
    SuppressionList list = new SuppressionList(PRIMARY,
        Set.of(new SuppressionList(PRIMARY, Set.of()).hashOf(forgotten)));
    StructType schema = new StructType().add("customer_id", DataTypes.StringType)
        .add("referred_by", DataTypes.StringType).add("_reason", DataTypes.StringType);
    Dataset<Row> records = spark.createDataFrame(List.of(
        RowFactory.create(forgotten, null, null),
        RowFactory.create(forgotten, null, "unparseable:signup_date"),
        RowFactory.create(kept, forgotten, null),
        RowFactory.create(kept, kept, "unknown_enum:segment"),
        RowFactory.create(null, forgotten, null)), schema);

    List<Row> marked = list.mark(records, "customer_id", Set.of("referred_by"), Set.of(), "_reason").collectAsList();

    assertThat(marked).extracting(r -> r.getString(2)).containsExactly(ReasonCodes.ERASED_SUBJECT,
        ReasonCodes.ERASED_SUBJECT, null, "unknown_enum:segment", null);
    assertThat(marked).extracting(r -> r.getString(1)).containsExactly(null, null, null, kept, null);
    // Nobody forgotten: the frame as it was, no hashing in the plan.
    Dataset<Row> none = new SuppressionList(PRIMARY, Set.of()).mark(records, "customer_id", Set.of("referred_by"),
        Set.of(), "_reason");
    assertThat(none).isSameAs(records);
  }

  @Test
  void aMapValueNamingAForgottenPersonIsCleared() {
    SparkSession spark = TestSpark.session();
    String forgotten = PRIMARY.pseudonymise("C-1");
    SuppressionList list = new SuppressionList(PRIMARY,
        Set.of(new SuppressionList(PRIMARY, Set.of()).hashOf(forgotten)));
    Dataset<Row> events = spark.sql("SELECT '" + PRIMARY.pseudonymise("C-2") + "' AS customer_id, "
        + "map('referred_customer_id', '" + forgotten + "', 'page', '/home') AS properties, "
        + "CAST(NULL AS STRING) AS _reason");

    Row row = list.mark(events, "customer_id", Set.of(), Set.of("properties"), "_reason").first();

    java.util.Map<String, String> properties = row.getJavaMap(1);
    assertThat(properties).containsEntry("page", "/home").containsKey("referred_customer_id");
    assertThat(properties.get("referred_customer_id")).isNull();
    assertThat(row.isNullAt(2)).isTrue();
  }
}
