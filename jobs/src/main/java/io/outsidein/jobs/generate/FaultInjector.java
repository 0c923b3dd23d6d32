package io.outsidein.jobs.generate;

import io.outsidein.common.schema.ReasonCodes;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns about {@code bad-rate} of each source's records into a realistic fault. Each corrupting fault breaks
 * exactly one rule of ingest (checked in the order malformed, missing_required, unparseable, unknown_enum,
 * out_of_range), so the expected quarantine reason is unambiguous; duplicates are valid rows whose natural
 * key was delivered before byte for byte in a later dt folder, and a conflict is a second record with the key
 * and other content (conflicting_key), delivered after the first.
 */
final class FaultInjector implements Serializable {
  enum Kind { MALFORMED, MISSING, MISSING_IDENTITY, UNPARSEABLE, UNKNOWN_ENUM, OUT_OF_RANGE, CONFLICT, REDELIVERY }

  /** One fault a source can carry, on a field where it applies. */
  record Fault(Kind kind, String field) implements Serializable {
    static Fault of(Kind kind) {
      return new Fault(kind, null);
    }

    /**
     * The quarantine reason code, or null for the re-deliveries (duplicates, not quarantined). A conflict's
     * second record (same key, other content) is quarantined; the first delivered stays valid.
     */
    String reason(SourceFormat format) {
      return switch (kind) {
        case MALFORMED -> format.layout() == SourceFormat.Layout.CSV ? ReasonCodes.MALFORMED_CSV
            : ReasonCodes.MALFORMED_JSON;
        case MISSING -> ReasonCodes.missingRequired(field);
        case MISSING_IDENTITY -> ReasonCodes.missingIdentity();
        case UNPARSEABLE -> ReasonCodes.unparseable(field);
        case UNKNOWN_ENUM -> ReasonCodes.unknownEnum(field);
        case OUT_OF_RANGE -> ReasonCodes.outOfRange(field);
        case CONFLICT -> ReasonCodes.CONFLICTING_KEY;
        case REDELIVERY -> null;
      };
    }
  }

  /** A record as delivered: its folder, its fields, its expected reason (null if valid), broken or not. */
  record Delivery(LocalDate dt, Map<String, Object> fields, String reason, boolean malformed) {}

  private static final Fault MALFORMED = Fault.of(Kind.MALFORMED);
  private static final Fault CONFLICT = Fault.of(Kind.CONFLICT);
  private static final Fault REDELIVERY = Fault.of(Kind.REDELIVERY);
  private static final Map<SourceFormat, List<Fault>> MENU = Map.of(
      SourceFormat.INTERACTIONS, List.of(MALFORMED, new Fault(Kind.MISSING, "event_type"),
          Fault.of(Kind.MISSING_IDENTITY), new Fault(Kind.UNPARSEABLE, "event_time"),
          new Fault(Kind.UNKNOWN_ENUM, "channel"), new Fault(Kind.OUT_OF_RANGE, "amount"), CONFLICT, REDELIVERY),
      // A line without customer (a guest purchase) or with a negative quantity (a return) is business, not a fault.
      SourceFormat.ORDER_LINES, List.of(MALFORMED, new Fault(Kind.MISSING, "sku"),
          new Fault(Kind.UNPARSEABLE, "order_time"), new Fault(Kind.OUT_OF_RANGE, "unit_price"), CONFLICT, REDELIVERY),
      SourceFormat.SURVEYS, List.of(MALFORMED, new Fault(Kind.MISSING, "customer_id"),
          new Fault(Kind.UNPARSEABLE, "submitted_at"), new Fault(Kind.UNKNOWN_ENUM, "survey_type"),
          new Fault(Kind.OUT_OF_RANGE, "score"), CONFLICT, REDELIVERY),
      SourceFormat.ENGAGEMENT, List.of(MALFORMED, new Fault(Kind.MISSING, "unit_id"),
          new Fault(Kind.UNPARSEABLE, "period"), new Fault(Kind.OUT_OF_RANGE, "q07"), CONFLICT, REDELIVERY),
      SourceFormat.CONTEXT_EVENTS, List.of(MALFORMED, new Fault(Kind.MISSING, "scope"),
          new Fault(Kind.UNPARSEABLE, "start_date"), new Fault(Kind.UNKNOWN_ENUM, "event_type"), CONFLICT, REDELIVERY),
      SourceFormat.CUSTOMERS, List.of(new Fault(Kind.MISSING, "segment"), new Fault(Kind.UNKNOWN_ENUM, "segment"),
          CONFLICT, REDELIVERY));

  private final double rate;
  private final LocalDate lastDay;

  FaultInjector(double rate, LocalDate lastDay) {
    this.rate = rate;
    this.lastDay = lastDay;
  }

  /** Every reason code a source's faults can produce, for the ground truth's zero counts. */
  static List<String> reasons(SourceFormat format) {
    return MENU.get(format).stream().map(f -> f.reason(format)).filter(r -> r != null).toList();
  }

  /** The clean record, or its faulty version, or it and its duplicate. */
  List<Delivery> deliver(SourceFormat format, LocalDate dt, Map<String, Object> fields, Draw draw) {
    if (rate <= 0 || !draw.chance(rate)) {
      return List.of(new Delivery(dt, fields, null, false));
    }
    Fault fault = draw.pick(MENU.get(format));
    if (fault.kind() == Kind.OUT_OF_RANGE && fields.get(fault.field()) == null) {
      // Only events that carry an amount can carry a negative one.
      fault = MENU.get(format).get(1);
    }
    Map<String, Object> changed = new LinkedHashMap<>(fields);
    switch (fault.kind()) {
      case MALFORMED -> {
        return List.of(new Delivery(dt, fields, fault.reason(format), true));
      }
      case MISSING -> changed.remove(fault.field());
      case MISSING_IDENTITY -> {
        changed.remove("customer_id");
        changed.remove("anonymous_id");
      }
      case UNPARSEABLE -> changed.put(fault.field(), unparseable(fault.field(), fields.get(fault.field()), draw));
      case UNKNOWN_ENUM -> changed.put(fault.field(), draw.pick(unknownValues(fault.field())));
      case OUT_OF_RANGE -> changed.put(fault.field(), outOfRange(fault.field(), fields, draw));
      case CONFLICT -> {
        conflict(format, changed, draw);
        // At least a day later where the range allows, so that the first delivered is the original.
        return List.of(new Delivery(dt, fields, null, false),
            new Delivery(later(dt, 1, draw), changed, fault.reason(format), false));
      }
      case REDELIVERY -> {
        return List.of(new Delivery(dt, fields, null, false), new Delivery(later(dt, 1, draw), fields, null, false));
      }
      default -> throw new IllegalStateException("Unhandled fault " + fault);
    }
    return List.of(new Delivery(dt, changed, fault.reason(format), false));
  }

  private LocalDate later(LocalDate dt, int minDays, Draw draw) {
    LocalDate day = dt.plusDays(draw.between(minDays, 3));
    return day.isAfter(lastDay) ? lastDay : day;
  }

  /** A CSV line with one field too few or too many; a JSON line cut in the middle. */
  static String malformed(SourceFormat format, Map<String, Object> fields, boolean fewer) {
    if (format.layout() == SourceFormat.Layout.CSV) {
      int columns = format.canonicalFields().size();
      return fewer ? LineRenderer.csv(format, fields, columns - 1)
          : LineRenderer.csv(format, fields, columns) + ",unexpected";
    }
    String line = LineRenderer.json(format, fields);
    return line.substring(0, line.length() / 2);
  }

  private static Object unparseable(String field, Object value, Draw draw) {
    String text = String.valueOf(value);
    return switch (field) {
      // Real-world formats ingest does not accept: US and European dates, words.
      case "event_time" -> text.substring(5, 7) + "/" + text.substring(8, 10) + "/" + text.substring(0, 4)
          + " " + text.substring(11, 19);
      case "order_time" -> text.substring(8, 10) + "." + text.substring(5, 7) + "." + text.substring(0, 4)
          + " " + text.substring(11, 16);
      case "submitted_at" -> draw.pick(List.of("yesterday", "last week", "n/a"));
      case "period" -> draw.pick(List.of("Q3", "this month", "sept"));
      default -> "TBA";
    };
  }

  private static List<String> unknownValues(String field) {
    return switch (field) {
      case "channel" -> List.of("fax", "pager", "carrier_pigeon", "telex");
      case "survey_type" -> List.of("nss", "pulse", "star_rating");
      case "event_type" -> List.of("earthquake", "eclipse", "strike");
      default -> List.of("vip", "platinum", "unknown");
    };
  }

  private static Object outOfRange(String field, Map<String, Object> fields, Draw draw) {
    return switch (field) {
      case "amount" -> -((Number) fields.get("amount")).doubleValue();
      case "unit_price" -> -(Math.round(((Number) fields.get("unit_price")).doubleValue() * 100) + 1) / 100.0;
      case "score" -> switch (String.valueOf(fields.get("survey_type"))) {
        case "csat" -> draw.chance(0.5) ? 0 : 6;
        case "ces" -> draw.chance(0.5) ? 0 : 8;
        default -> draw.chance(0.5) ? -1 : 11;
      };
      default -> draw.chance(0.5) ? 0 : 6;
    };
  }

  /** The same natural key with other content, still valid. */
  private static void conflict(SourceFormat format, Map<String, Object> fields, Draw draw) {
    switch (format) {
      case INTERACTIONS -> {
        Map<String, Object> properties = new LinkedHashMap<>();
        Object old = fields.get("properties");
        if (old instanceof Map<?, ?> map) {
          map.forEach((k, v) -> properties.put(k.toString(), v));
        }
        properties.put("replayed", "true");
        fields.put("properties", properties);
      }
      case ORDER_LINES -> fields.put("quantity", ((Number) fields.get("quantity")).intValue() + 1);
      case SURVEYS -> {
        int score = ((Number) fields.get("score")).intValue();
        fields.put("score", score > 1 ? score - 1 : score + 1);
      }
      case ENGAGEMENT -> {
        int q = ((Number) fields.get("q01")).intValue();
        fields.put("q01", q == 5 ? 4 : q + 1);
      }
      case CONTEXT_EVENTS -> fields.put("end_date", LocalDate.parse(fields.get("end_date").toString()).plusDays(1)
          .toString());
      case CUSTOMERS -> fields.put("phone", "+1 " + draw.digits(3) + " 555 " + draw.digits(4));
      default -> throw new IllegalStateException("No conflict for " + format);
    }
  }
}
