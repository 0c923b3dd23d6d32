package io.outsidein.common.privacy;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Each UDF over a small frame: it serialises to the tasks and gives what the plain Java method gives. */
class PrivacyUdfTest {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("customer_id", DataTypes.StringType)
      .add("comment", DataTypes.StringType)
      .add("json", DataTypes.StringType)
      .add("csv", DataTypes.StringType);

  private final Pseudonymizer pseudonymizer = new Pseudonymizer(PseudonymKey.development());
  private final Redactor redactor = new Redactor();
  private final RawRecordSanitizer sanitizer =
      new RawRecordSanitizer(pseudonymizer, redactor, Set.of("customer_id"));

  @Test
  void eachUdfGivesWhatItsMethodGives() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> input = spark.createDataFrame(List.of(
        RowFactory.create(1, "C-001", "mail jane@example.com", "{\"customer_id\":\"C-001\"}", "C-001,fine"),
        RowFactory.create(2, null, null, null, null),
        RowFactory.create(3, "C-002", "card 4111 1111 1111 1111", "{\"customer_id\":\"C-0", "C-002,a,b")),
        SCHEMA);

    List<Row> rows = input.select(
            col("id"),
            pseudonymizer.udf().apply(col("customer_id")),
            redactor.udf().apply(col("comment")),
            sanitizer.jsonUdf().apply(col("json")),
            sanitizer.csvUdf().apply(col("csv"), array(lit("customer_id"), lit("comment"))))
        .orderBy("id")
        .collectAsList();

    assertThat(rows).containsExactly(
        RowFactory.create(1, p("C-001"), "mail [EMAIL]", "{\"customer_id\":\"" + p("C-001") + "\"}",
            p("C-001") + ",fine"),
        RowFactory.create(2, null, null, null, null),
        RowFactory.create(3, p("C-002"), "card [CARD]", "{\"customer_id\":\"" + p("C-0"),
            // one field too many: the identifier position counts from both ends
            p("C-002") + "," + p("a") + ",b"));
  }

  @Test
  void theKeyIsNotInThePlan() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> pseudonymised = spark.createDataFrame(
            List.of(RowFactory.create(1, "C-001", null, null, null)), SCHEMA)
        .select(pseudonymizer.udf().apply(col("customer_id")).as("customer_id"));

    String plan = pseudonymised.queryExecution().toString();

    assertThat(plan).contains("pseudonymise").doesNotContain(PseudonymKey.DEVELOPMENT_KEY);
    assertThat(Arrays.asList(pseudonymised.columns())).containsExactly("customer_id");
  }

  private String p(String value) {
    return pseudonymizer.pseudonymise(value);
  }
}
