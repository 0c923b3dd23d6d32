package io.outsidein.jobs.ingest;

import io.outsidein.common.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Two days of hand-made deliveries of four sources, shaped like real exports and holding every fault kind:
 * a conflicting repeated key, a cut record, a missing field, an unparseable time, an unknown code, a late event,
 * a blank line, a truncated gzip, an empty file and a marker file, a re-delivered record, a CSV with a quoted
 * comma, a quoted line break, a renamed header and a row with too many fields, a return, an unknown segment;
 * identifiers in free text. {@link IngestJobTest} counts what each becomes.
 */
final class EveryFaultDeliveries {
  static final String EMAIL = "ann.smith@example.com";
  static final String PHONE = "+1 415 555 0134";

  private EveryFaultDeliveries() {}

  /** Writes the deliveries under {@code raw}. */
  static void write(Path raw) {
    RawFixture fixture = new RawFixture(raw);
    fixture.gzip("interactions", "2026-03-08", "part-0.json.gz", List.of(
        event("e1", "2026-03-08T10:00:00Z", "C0000001", "web", "page_view"),
        event("e2", "2026-03-08T10:05:00-05:00", "C0000002", "Phone", "contact"),
        event("e1", "2026-03-08T11:00:00Z", "C0000001", "web", "search"),      // same id, other content: a conflict
        "{\"event_id\": \"e3\", \"event_time\": \"2026-03-08T1",                  // malformed (cut)
        event("e4", "2026-03-08T10:00:00Z", "C0000003", null, "page_view"),     // missing channel
        event("e5", "08/03/2026 10:00", "C0000003", "web", "page_view"),        // unparseable time
        event("e6", "2026-03-08T10:00:00Z", "C0000003", "fax", "page_view"),    // unknown channel
        event("e7", "2026-03-05T09:00:00Z", "C0000004", "app", "login"),        // late, valid
        "",                                                                     // blank line: not a record
        "{\"event_id\":\"e8\",\"event_time\":\"2026-03-08T12:00:00Z\",\"anonymous_id\":\"dev-9\","
            + "\"channel\":\"app\",\"event_type\":\"page_view\",\"properties\":{\"screen\":\"home\"}}"));
    fixture.truncatedGzip("interactions", "2026-03-08", "part-1.json.gz",
        IntStream.range(0, 2000).mapToObj(i -> event("t" + i, "2026-03-08T10:00:00Z", "C0000009",
            "web", "page_view")).collect(Collectors.toList()));
    fixture.empty("interactions", "2026-03-08", "part-2.json");
    fixture.text("interactions", "2026-03-08", "_SUCCESS", List.of());
    fixture.gzip("interactions", "2026-03-09", "part-0.json.gz", List.of(
        event("e2", "2026-03-08T10:05:00-05:00", "C0000002", "Phone", "contact"), // re-delivered
        event("e9", "2026-03-09T08:00:00Z", "C0000001", "store", "purchase")));

    fixture.text("surveys", "2026-03-08", "part-0.csv", List.of(
        "response_id,submitted_at,customer_id,survey_type,score,case_id,order_id,attributes,comment",
        "r1,2026-03-08T10:00:00Z,C0000001,nps,9,,,\"{\"\"wait_time\"\":4}\",\"Great, mail me at " + EMAIL + "\"",
        "r2,2026-03-08T11:00:00Z,C0000002,csat,7,,,,\"call " + PHONE + " or card 4111 1111 1111 1111, ref 12345678901234\"",
        "r3,2026-03-08T12:00:00Z,C0000003,nps,3,case-1,,,too many fields,x"));
    fixture.text("surveys", "2026-03-08", "part-1.csv", List.of(
        "response_id,submitted,customer_id,survey_type,score,case_id,order_id,attributes,comment",
        "r9,2026-03-08T10:00:00Z,C0000009,nps,9,,,,",
        "r10,2026-03-08T10:30:00Z,C0000009,nps,8,,,,\"two\nlines\""));

    fixture.text("order_lines", "2026-03-08", "part-0.csv", List.of(
        "order_id,order_ts,customer_id,store_id,sku,qty,price",
        "o1,2026-03-08 01:30:00,C0000001,gulf-001,sku-1,2,3.5",
        "o1,2026-03-08 01:30:00,C0000001,gulf-001,sku-2,1,10",
        "o2,2026-03-08 03:30:00,C0000002,,sku-1,-1,3.5"));

    Path customers = raw.resolve("customers").resolve("dt=2026-03-08");
    StructType schema = new StructType()
        .add("customer_id", DataTypes.StringType).add("account_id", DataTypes.StringType)
        .add("segment", DataTypes.StringType).add("signup_date", DataTypes.DateType)
        .add("acquisition_channel", DataTypes.StringType).add("referred_by", DataTypes.StringType)
        .add("email", DataTypes.StringType).add("phone", DataTypes.StringType);
    TestSpark.session().createDataFrame(List.of(
        RowFactory.create("C0000001", null, "consumer", Date.valueOf("2025-01-02"), "web", null, EMAIL, PHONE),
        RowFactory.create("C0000002", "A1", "enterprise", Date.valueOf("2026-03-08"), "store", "C0000001",
            "bo@example.org", "(212) 555-0199"),
        RowFactory.create("C0000003", null, "galactic", Date.valueOf("2026-03-08"), "web", null, null, null)),
        schema).coalesce(1).write().parquet(customers.toString());
  }

  private static String event(String id, String time, String customer, String channel, String type) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time + "\",\"customer_id\":\"" + customer + "\""
        + (channel == null ? "" : ",\"channel\":\"" + channel + "\"") + ",\"event_type\":\"" + type + "\"}";
  }
}
