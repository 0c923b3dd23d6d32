package io.outsidein.common.schema;

import static io.outsidein.common.schema.Field.optional;
import static io.outsidein.common.schema.Field.required;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The six raw sources of DESIGN.md with their canonical contract: fields and types, the natural key that
 * deduplicates them, and the field whose date partitions the silver table. Ranges and enumerations live in
 * {@link QualityContract} and configuration; column names that differ in a delivery are mapped in
 * configuration, never here.
 */
public enum Source {
  INTERACTIONS(
      "interactions",
      "Interaction events from every channel: digital, store, contact centre",
      List.of("event_id"),
      "event_time",
      List.of(
          required("event_id", FieldType.STRING, "Unique id of the event"),
          required("event_time", FieldType.TIMESTAMP, "When the event happened, UTC"),
          optional("customer_id", FieldType.STRING, "Known customer").pseudonymised(),
          optional("anonymous_id", FieldType.STRING, "Device or cookie id").pseudonymised(),
          required("channel", FieldType.STRING, "Channel: web, app, store, call_center, chat, email, social"),
          required("event_type", FieldType.STRING, "What happened: page_view, purchase, contact, transfer, ..."),
          optional("case_id", FieldType.STRING, "Support case the event belongs to"),
          optional("order_id", FieldType.STRING, "Order the event belongs to"),
          optional("department", FieldType.STRING, "Department that handled a contact"),
          optional("agent_id", FieldType.STRING, "Agent who handled a contact").pseudonymised(),
          optional("store_id", FieldType.STRING, "Store of the event"),
          optional("sku", FieldType.STRING, "Item of the event"),
          optional("amount", FieldType.DECIMAL, "Money amount of the event"),
          optional("properties", FieldType.STRING_MAP, "Further attributes as delivered"))),
  ORDER_LINES(
      "order_lines",
      "One row per item of an order",
      List.of("order_id", "sku"),
      "order_time",
      List.of(
          required("order_id", FieldType.STRING, "Order id"),
          required("order_time", FieldType.TIMESTAMP, "When the order was placed, UTC"),
          required("customer_id", FieldType.STRING, "Customer who ordered; null for a kept guest purchase")
              .pseudonymised(),
          optional("store_id", FieldType.STRING, "Store that sold it, null online"),
          required("sku", FieldType.STRING, "Item"),
          required("quantity", FieldType.INTEGER, "Units; negative for a return"),
          required("unit_price", FieldType.DECIMAL, "Price per unit, non-negative"))),
  SURVEYS(
      "surveys",
      "Survey answers: NPS 0-10, CSAT 1-5, CES 1-7, relationship NPS 0-10",
      List.of("response_id"),
      "submitted_at",
      List.of(
          required("response_id", FieldType.STRING, "Unique id of the answer"),
          required("submitted_at", FieldType.TIMESTAMP, "When the answer was submitted, UTC"),
          required("customer_id", FieldType.STRING, "Customer who answered").pseudonymised(),
          required("survey_type", FieldType.STRING, "nps, csat, ces or relationship"),
          required("score", FieldType.INTEGER, "The score, in the range of its survey type"),
          optional("case_id", FieldType.STRING, "Support case the answer rates"),
          optional("order_id", FieldType.STRING, "Order the answer rates"),
          optional("attributes", FieldType.INTEGER_MAP, "Attribute ratings 1-5, e.g. wait_time"),
          optional("comment", FieldType.STRING, "Free-text comment").redacted())),
  ENGAGEMENT(
      "engagement",
      "Employee engagement pulse per unit and month; no employee identity",
      List.of("response_id"),
      "period",
      engagementFields()),
  CONTEXT_EVENTS(
      "context_events",
      "Calendar of context: hurricane warnings, storms, holidays, promotions",
      List.of("scope", "event_type", "start_date"),
      "start_date",
      List.of(
          required("scope", FieldType.STRING, "all, region:<region> or store:<store_id>"),
          required("event_type", FieldType.STRING, "hurricane_warning, storm, heatwave, holiday, promotion, ..."),
          required("start_date", FieldType.DATE, "First day of the context"),
          required("end_date", FieldType.DATE, "Last day of the context"))),
  CUSTOMERS(
      "customers",
      "Customer master data",
      List.of("customer_id"),
      null,
      List.of(
          required("customer_id", FieldType.STRING, "Customer").pseudonymised(),
          optional("account_id", FieldType.STRING, "B2B account, null for consumers"),
          required("segment", FieldType.STRING, "Customer segment"),
          required("signup_date", FieldType.DATE, "Date the customer signed up"),
          optional("acquisition_channel", FieldType.STRING, "Channel that acquired the customer"),
          optional("referred_by", FieldType.STRING, "Customer who referred this one").pseudonymised(),
          optional("email", FieldType.STRING, "E-mail address").pseudonymised(),
          optional("phone", FieldType.STRING, "Phone number").pseudonymised()));

  /**
   * Keys of a map field (an event's properties) whose values are personal identifiers and are pseudonymised
   * like the identifier fields: a referral event names the referred customer there. Besides these, any key
   * ending in {@code _customer_id} and any name of an identifier field.
   */
  public static final java.util.Set<String> IDENTIFIER_PROPERTY_KEYS = java.util.Set.of("referred_customer_id");

  /** Whether a map field's key holds a personal identifier (see {@link #IDENTIFIER_PROPERTY_KEYS}). */
  public static boolean isIdentifierKey(String key) {
    if (IDENTIFIER_PROPERTY_KEYS.contains(key) || key.endsWith("_customer_id")) {
      return true;
    }
    for (Source source : values()) {
      for (Field field : source.fields) {
        if (field.treatment() == Field.Treatment.PSEUDONYMISE && field.name().equals(key)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The silver column that holds the event date a row is partitioned by. */
  public static final String EVENT_DATE = "event_date";
  /** The silver column that names the feed a row was delivered by (see FeedSettings). */
  public static final String FEED = "feed";
  /** The silver column of order lines that tells a sale from a return (a negative quantity). */
  public static final String LINE_KIND = "line_kind";
  public static final String SALE = "sale";
  public static final String RETURN = "return";

  private final String id;
  private final String description;
  private final List<String> naturalKey;
  private final String eventTimeField;
  private final List<Field> fields;

  Source(String id, String description, List<String> naturalKey, String eventTimeField, List<Field> fields) {
    this.id = id;
    this.description = description;
    this.naturalKey = List.copyOf(naturalKey);
    this.eventTimeField = eventTimeField;
    this.fields = List.copyOf(fields);
  }

  private static List<Field> engagementFields() {
    List<Field> fields = new java.util.ArrayList<>(List.of(
        required("response_id", FieldType.STRING, "Unique id of the pulse answer"),
        required("unit_id", FieldType.STRING, "Store or team"),
        required("period", FieldType.MONTH, "Month of the pulse, first day")));
    for (int q = 1; q <= 12; q++) {
      fields.add(optional(questionName(q), FieldType.INTEGER, "Engagement item " + q + ", 1-5"));
    }
    return fields;
  }

  /** {@code q01} .. {@code q12}. */
  public static String questionName(int question) {
    return String.format(Locale.ROOT, "q%02d", question);
  }

  /** The name used in paths ({@code raw/<id>/dt=...}), tables ({@code silver.<id>}) and configuration. */
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public List<String> naturalKey() {
    return naturalKey;
  }

  public List<Field> fields() {
    return fields;
  }

  public Field field(String name) {
    return fields.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Source " + id + " has no field " + name));
  }

  public List<String> fieldNames() {
    return fields.stream().map(Field::name).collect(Collectors.toList());
  }

  /**
   * The field whose UTC date partitions silver and decides lateness; empty for a dimension (customers),
   * which is neither partitioned nor late.
   */
  public Optional<String> eventTimeField() {
    return Optional.ofNullable(eventTimeField);
  }

  /** The delivered content of a record: its canonical fields, typed. */
  public StructType fieldSchema() {
    StructType schema = new StructType();
    for (Field field : fields) {
      schema = schema.add(new StructField(field.name(), field.type().sparkType(), true, comment(field.comment())));
    }
    return schema;
  }

  /**
   * The silver schema: canonical fields in order, then {@link #EVENT_DATE} for partitioned sources, then what
   * ingest adds: {@link #FEED} and, for order lines, {@link #LINE_KIND}. Added columns come last, where a table
   * written before them has them appended.
   */
  public StructType silverSchema() {
    StructType schema = fieldSchema();
    if (eventTimeField != null) {
      schema = schema.add(new StructField(EVENT_DATE, DataTypes.DateType, true,
          comment("UTC date of " + eventTimeField + "; the partition")));
    }
    schema = schema.add(new StructField(FEED, DataTypes.StringType, true,
        comment("Feed that delivered the row; null for rows ingested before feeds existed")));
    if (this == ORDER_LINES) {
      schema = schema.add(new StructField(LINE_KIND, DataTypes.StringType, true,
          comment("sale, or return for a negative quantity")));
    }
    return schema;
  }

  private static Metadata comment(String text) {
    return new MetadataBuilder().putString("comment", text).build();
  }

  public static Source fromId(String id) {
    for (Source source : values()) {
      if (source.id.equals(id)) {
        return source;
      }
    }
    throw new IllegalArgumentException("Unknown source " + id);
  }
}
