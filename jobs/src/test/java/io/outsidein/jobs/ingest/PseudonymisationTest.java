package io.outsidein.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.privacy.PseudonymKey;
import io.outsidein.common.privacy.Pseudonymizer;
import io.outsidein.common.privacy.Redactor;
import io.outsidein.common.schema.Source;
import io.outsidein.common.testing.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Identifiers inside an event's properties map are pseudonymised like the identifier fields; the rest stays. */
class PseudonymisationTest {
  @Test
  void identifierKeysOfThePropertiesMapArePseudonymised() {
    SparkSession spark = TestSpark.session();
    Pseudonymizer pseudonyms = new Pseudonymizer(PseudonymKey.development());
    Dataset<Row> events = spark.sql("SELECT 'E1' AS event_id, CAST(NULL AS TIMESTAMP) AS event_time, "
        + "'C0000001' AS customer_id, CAST(NULL AS STRING) AS anonymous_id, 'web' AS channel, "
        + "'referral' AS event_type, CAST(NULL AS STRING) AS case_id, CAST(NULL AS STRING) AS order_id, "
        + "CAST(NULL AS STRING) AS department, CAST(NULL AS STRING) AS agent_id, CAST(NULL AS STRING) AS store_id, "
        + "CAST(NULL AS STRING) AS sku, CAST(NULL AS DOUBLE) AS amount, "
        + "map('referred_customer_id', 'C0000002', 'friend_customer_id', 'C0000003', 'email', 'a@b.org', "
        + "'page', '/home') AS properties");

    Row row = new Pseudonymisation(pseudonyms.udf(), new Redactor().udf()).apply(Source.INTERACTIONS, events).first();

    Map<String, String> properties = row.getJavaMap(row.fieldIndex("properties"));
    assertThat(properties).containsExactlyInAnyOrderEntriesOf(Map.of(
        "referred_customer_id", pseudonyms.pseudonymise("C0000002"),
        "friend_customer_id", pseudonyms.pseudonymise("C0000003"),
        "email", pseudonyms.pseudonymise("a@b.org"),
        "page", "/home"));
    assertThat(row.<String>getAs("customer_id")).isEqualTo(pseudonyms.pseudonymise("C0000001"));
    assertThat(List.of(Source.isIdentifierKey("order_id"), Source.isIdentifierKey("anonymous_id")))
        .containsExactly(false, true);
  }
}
