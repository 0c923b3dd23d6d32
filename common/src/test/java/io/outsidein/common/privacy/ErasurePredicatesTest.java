package io.outsidein.common.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Which rows an erasure deletes and which references it clears, on small frames. */
class ErasurePredicatesTest {
  private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer(PseudonymKey.development());
  private static final String GONE = PSEUDONYMS.pseudonymise("C-1");
  private static final String GONE_EMAIL = PSEUDONYMS.pseudonymise("ann@example.com");
  private static final String STAYS = PSEUDONYMS.pseudonymise("C-2");

  @Test
  void aRowGoesWhereverOneOfItsStringsHoldsThePersonNestedAndInTextToo() {
    SparkSession spark = TestSpark.session();
    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("customer_id", DataTypes.StringType)
        .add("raw", DataTypes.StringType)
        .add("properties", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
        .add("steps", DataTypes.createArrayType(new StructType().add("who", DataTypes.StringType)))
        .add("referred_by", DataTypes.StringType)
        .add("amount", DataTypes.DoubleType);
    Dataset<Row> rows = spark.createDataFrame(List.of(
        RowFactory.create(1, GONE, null, null, null, null, 1.0),
        RowFactory.create(2, STAYS, "{\"email\": \"" + GONE_EMAIL + "\", \"x\": 1}", null, null, null, 2.0),
        RowFactory.create(3, STAYS, null, Map.of("referred_customer_id", GONE), null, null, 3.0),
        RowFactory.create(4, STAYS, null, null, List.of(RowFactory.create(GONE)), null, 4.0),
        RowFactory.create(5, STAYS, null, Map.of("k", "v"), List.of(RowFactory.create(STAYS)), GONE, 5.0),
        RowFactory.create(6, null, "no one", null, null, STAYS, 6.0)), schema);
    Dataset<Row> subjects = new ErasurePredicates(Set.of(GONE, GONE_EMAIL)).subjects(spark).alias("s");

    String mentions = ErasurePredicates.mentions(schema, "t", "s." + ErasurePredicates.PSEUDONYM).orElseThrow();
    List<String> references = ErasurePredicates.references(schema);

    // A referral event of someone else that names the person in its properties goes too: it is about them.
    assertThat(rows.alias("t").join(subjects, expr(mentions), "left_semi").orderBy("id").collectAsList())
        .extracting(r -> r.getInt(0)).containsExactly(1, 2, 3, 4);
    // The referred customer's row stays: only the reference to the forgotten one is cleared.
    assertThat(references).containsExactly("referred_by");
    assertThat(rows.join(subjects, col("referred_by").equalTo(col("s." + ErasurePredicates.PSEUDONYM)), "left_semi")
        .collectAsList()).extracting(r -> r.getInt(0)).containsExactly(5);
    assertThat(ErasurePredicates.mentions(new StructType().add("n", DataTypes.LongType), "t", "s.p")).isEmpty();
    // The pseudonyms are data, not text of the condition: a statement's text stays in Delta's history.
    assertThat(mentions).doesNotContain(GONE).doesNotContain(GONE_EMAIL);
  }

  @Test
  void onlyPseudonymsAreAccepted() {
    assertThatThrownBy(() -> new ErasurePredicates(Set.of("C-1' OR '1'='1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("C-1");
    assertThatThrownBy(() -> new ErasurePredicates(Set.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
