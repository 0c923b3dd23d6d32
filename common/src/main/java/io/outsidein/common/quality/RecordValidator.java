package io.outsidein.common.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.config.FeedSettings;
import io.outsidein.common.config.IngestSettings;
import io.outsidein.common.config.SourceSettings;
import io.outsidein.common.io.RawRecords;
import io.outsidein.common.schema.Field;
import io.outsidein.common.schema.FieldType;
import io.outsidein.common.schema.ReasonCodes;
import io.outsidein.common.schema.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Types the string fields of a raw frame and decides, per record, the first rule it fails: malformed, then
 * missing required fields (in field order), malformed ids, unparseable values, unknown enumeration values,
 * ranges, and finally lateness (future or beyond the lookback). The result carries the typed canonical
 * columns, the derived silver columns ({@link Source#LINE_KIND} of order lines, {@link Source#FEED}),
 * {@link Source#EVENT_DATE} and {@link #REASON} (null for a valid record). One projection of native expressions:
 * no UDF, no shuffle.
 */
public final class RecordValidator {
  /** The reason code of the first rule a record fails; null when it passes them all. */
  public static final String REASON = "_reason";
  private static final String OFFSET_SUFFIX = "(?i)(z|[+-]\\d{2}(:?\\d{2})?)$";
  private static final String WELL_FORMED_ID = "^[^\\s\\p{Cntrl}]{1,128}$";

  private final Source source;
  private final IngestSettings settings;
  private final SourceSettings sourceSettings;
  private final FeedSettings feed;

  /** Validates the records of one {@code feed} of {@code source}. */
  public RecordValidator(Source source, IngestSettings settings, FeedSettings feed) {
    this.source = source;
    this.settings = settings;
    this.sourceSettings = settings.source(source);
    this.feed = feed;
  }

  public Dataset<Row> validate(Dataset<Row> raw) {
    Dataset<Row> cleaned = raw.select(cleanedColumns(raw));
    // Type every field once, beside its string: the rules below read both. Computing the typed value inside
    // the rules' coalesce and again for the output would parse each value twice, since Spark does not share
    // subexpressions across conditional branches.
    List<Column> withTyped = new ArrayList<>();
    withTyped.add(col("*"));
    for (Field field : source.fields()) {
      withTyped.add(finalValue(field).as(typedName(field)));
    }
    Dataset<Row> typed = cleaned.select(withTyped.toArray(new Column[0]));

    List<Column> reasons = new ArrayList<>();
    reasons.add(col(RawRecords.MALFORMED));
    List<String> required = sourceSettings.requiredFields(source);
    for (Field field : source.fields()) {
      if (required.contains(field.name())) {
        reasons.add(when(col(field.name()).isNull(), lit(ReasonCodes.missingRequired(field.name()))));
      }
    }
    if (source == Source.INTERACTIONS) {
      reasons.add(when(col("customer_id").isNull().and(col("anonymous_id").isNull()),
          lit(ReasonCodes.missingIdentity())));
    }
    for (Field field : source.fields()) {
      if (field.name().endsWith("_id")) {
        reasons.add(when(col(field.name()).isNotNull().and(col(field.name()).rlike(WELL_FORMED_ID).unary_$bang()),
            lit(ReasonCodes.malformedId(field.name()))));
      }
    }
    for (Field field : source.fields()) {
      if (field.type() != FieldType.STRING) {
        reasons.add(when(col(field.name()).isNotNull().and(col(typedName(field)).isNull()),
            lit(ReasonCodes.unparseable(field.name()))));
      }
    }
    for (Map.Entry<String, String> enumField : QualityContract.enumerations(source).entrySet()) {
      List<String> allowed = settings.enumValues(enumField.getValue());
      Column value = col(typedName(source.field(enumField.getKey())));
      reasons.add(when(value.isNotNull().and(value.isin(allowed.toArray()).unary_$bang()),
          lit(ReasonCodes.unknownEnum(enumField.getKey()))));
    }
    List<Column> output = new ArrayList<>();
    for (RawColumn column : RawColumn.values()) {
      output.add(col(column.name));
    }
    for (Field field : source.fields()) {
      output.add(col(typedName(field)).as(field.name()));
    }
    output.add(coalesce(reasons.toArray(new Column[0])).as(REASON));
    return withLateness(typed.select(output.toArray(new Column[0])));
  }

  private static String typedName(Field field) {
    return "_typed_" + field.name();
  }

  /** The raw bookkeeping columns, passed through. */
  private enum RawColumn {
    FILE(RawRecords.FILE), POSITION(RawRecords.POSITION), DELIVERY_DATE(RawRecords.DELIVERY_DATE),
    RAW(RawRecords.RAW), FORMAT(RawRecords.FORMAT), HEADER(RawRecords.HEADER), MALFORMED(RawRecords.MALFORMED);

    private final String name;

    RawColumn(String name) {
      this.name = name;
    }
  }

  private Column[] cleanedColumns(Dataset<Row> raw) {
    List<Column> columns = new ArrayList<>();
    for (RawColumn column : RawColumn.values()) {
      columns.add(col(column.name));
    }
    for (Field field : source.fields()) {
      // Empty and blank strings are absent values: a CSV delivers a missing value as an empty field.
      Column trimmed = trim(col(field.name()));
      columns.add(when(trimmed.notEqual(""), trimmed).as(field.name()));
    }
    return columns.toArray(new Column[0]);
  }

  private Column typedValue(Field field) {
    Column value = col(field.name());
    String name = "`" + field.name() + "`";
    switch (field.type()) {
      case STRING:
        return value;
      case TIMESTAMP:
        Column parsed = expr("try_cast(" + name + " AS TIMESTAMP)");
        // An explicit offset wins; a zone-less value is wall-clock time in the source's zone (DST included).
        return when(value.rlike(OFFSET_SUFFIX), parsed)
            .otherwise(to_utc_timestamp(parsed, feed.timeZone().getId()));
      case DATE:
        return expr("try_cast(" + name + " AS DATE)");
      case MONTH:
        return when(value.rlike("^\\d{4}-\\d{2}$"), concat(value, lit("-01")).cast(DataTypes.DateType));
      case INTEGER:
        return expr("try_cast(" + name + " AS INT)");
      case DECIMAL:
        return expr("try_cast(" + name + " AS DOUBLE)");
      case STRING_MAP:
      case INTEGER_MAP:
        return from_json(value, field.type().sparkType(), Map.of("mode", "PERMISSIVE"));
      default:
        throw new IllegalStateException("Unhandled type " + field.type());
    }
  }

  private Column finalValue(Field field) {
    if (QualityContract.enumerations(source).containsKey(field.name())) {
      return normalisedEnum(field.name());
    }
    return typedValue(field);
  }

  private Column normalisedEnum(String field) {
    Column value = lower(col(field));
    Map<String, String> synonyms = settings.synonymsOf(field);
    if (synonyms.isEmpty()) {
      return value;
    }
    Column mapped = null;
    for (Map.Entry<String, String> synonym : synonyms.entrySet()) {
      Column condition = value.equalTo(lit(synonym.getKey().toLowerCase(java.util.Locale.ROOT)));
      mapped = mapped == null ? when(condition, lit(synonym.getValue())) : mapped.when(condition, lit(synonym.getValue()));
    }
    return mapped.otherwise(value);
  }

  /** Adds the range and lateness rules (on typed values) and the event date. */
  private Dataset<Row> withLateness(Dataset<Row> typed) {
    List<Column> reasons = new ArrayList<>();
    reasons.add(col(REASON));
    for (Map.Entry<String, Column> range : QualityContract.rangeViolations(source).entrySet()) {
      // A negative quantity is a return where returns are kept: business, not a fault.
      if (!(source == Source.ORDER_LINES && range.getKey().equals("quantity") && sourceSettings.keepReturns())) {
        reasons.add(when(range.getValue(), lit(ReasonCodes.outOfRange(range.getKey()))));
      }
    }
    Dataset<Row> result = typed;
    if (QualityContract.hasLatenessRules(source)) {
      String field = source.eventTimeField().orElseThrow();
      Column time = col(field);
      long skewSeconds = settings.maxFutureSkew().toSeconds();
      // Relative to the delivery day, not the clock: a rerun next week decides exactly as tonight's run. The
      // day is the delivery's own: it ends at midnight in the source's delivery zone, not in UTC, so a
      // source three hours behind UTC keeps its last evening hours.
      String zone = feed.deliveryZone().getId();
      Column dayEnd = to_utc_timestamp(date_add(col(RawRecords.DELIVERY_DATE), 1).cast(DataTypes.TimestampType), zone);
      Column latestAllowed = dayEnd.plus(expr("make_dt_interval(0, 0, 0, " + skewSeconds + ")"));
      reasons.add(when(time.gt(latestAllowed), lit(ReasonCodes.futureTimestamp(field))));
      Column localDate = to_date(from_utc_timestamp(time, zone));
      reasons.add(when(localDate.lt(date_sub(col(RawRecords.DELIVERY_DATE), settings.lookbackDays())),
          lit(ReasonCodes.beyondLookback(field))));
    }
    result = result.withColumn(REASON, coalesce(reasons.toArray(new Column[0])));
    if (source == Source.ORDER_LINES) {
      result = result.withColumn(Source.LINE_KIND, when(col("quantity").lt(0), lit(Source.RETURN)).otherwise(lit(Source.SALE)));
    }
    result = result.withColumn(Source.FEED, lit(feed.name()));
    if (source.eventTimeField().isPresent()) {
      result = result.withColumn(Source.EVENT_DATE, to_date(col(source.eventTimeField().get())));
    }
    return result;
  }
}
