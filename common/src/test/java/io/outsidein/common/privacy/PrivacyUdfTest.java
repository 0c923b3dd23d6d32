package io.outsidein.common.privacy;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
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

  /**
   * Nothing derived from the key reaches a plan: not the key, nor the HMAC pads (key XOR 0x36, key XOR 0x5c) that
   * a native sha2/concat HMAC would carry as literals, in hex or base64, in any case. The same check run on such a
   * native HMAC finds its pads, so it would catch that implementation.
   */
  @Test
  void nothingDerivedFromTheKeyIsInThePlan() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> input = spark.createDataFrame(List.of(RowFactory.create(1, "C-001", null, null, null)), SCHEMA);
    Dataset<Row> pseudonymised = input.select(pseudonymizer.udf().apply(col("customer_id")).as("customer_id"));

    assertThat(plans(pseudonymised)).contains("pseudonymise");
    assertThat(keyMaterialIn(plans(pseudonymised))).isEmpty();
    assertThat(Arrays.asList(pseudonymised.columns())).containsExactly("customer_id");

    // The detector works: a native HMAC (what the UDF avoids) puts its pads in the plan, and they are found.
    byte[] key = PseudonymKey.development().bytes();
    String inner = HexFormat.of().formatHex(pad(key, 0x36));
    String outer = HexFormat.of().formatHex(pad(key, 0x5c));
    Dataset<Row> nativeHmac = input.select(expr("sha2(concat(unhex('" + outer + "'), unhex(sha2(concat(unhex('"
        + inner + "'), encode(customer_id, 'UTF-8')), 256))), 256)").as("customer_id"));
    assertThat(nativeHmac.first().getString(0)).isEqualTo(pseudonymizer.pseudonymise("C-001"));
    assertThat(keyMaterialIn(plans(nativeHmac))).isNotEmpty();
  }

  private static String plans(Dataset<Row> frame) {
    return frame.queryExecution().toString() + "\n" + frame.queryExecution().executedPlan().toString();
  }

  /** Every encoding of the key and of its HMAC pads found in {@code text}. */
  private static List<String> keyMaterialIn(String text) {
    byte[] key = PseudonymKey.development().bytes();
    List<String> found = new java.util.ArrayList<>();
    for (byte[] material : List.of(key, pad(key, 0x36), pad(key, 0x5c))) {
      for (String encoded : List.of(HexFormat.of().formatHex(material), Base64.getEncoder().encodeToString(material),
          new String(material, java.nio.charset.StandardCharsets.ISO_8859_1))) {
        if (text.toLowerCase(java.util.Locale.ROOT).contains(encoded.toLowerCase(java.util.Locale.ROOT))) {
          found.add(encoded);
        }
      }
    }
    return found;
  }

  /** The key padded to SHA-256's 64-byte block and XORed with {@code value}, as HMAC does. */
  private static byte[] pad(byte[] key, int value) {
    byte[] block = Arrays.copyOf(key, 64);
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) (block[i] ^ value);
    }
    return block;
  }

  private String p(String value) {
    return pseudonymizer.pseudonymise(value);
  }
}
