package io.outsidein.jobs.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of one profile while it is simulated: its draws, its sink and the sequences that make its ids
 * unique (event, order, case and response ids all carry the customer number). Not shared between threads.
 */
final class CustomerContext {
  private final CustomerProfile profile;
  private final Draw draw;
  private final RecordSink sink;
  private final ZoneId zone;
  private final String idStem;
  private int events;
  private int orders;
  private int cases;
  private int responses;

  CustomerContext(CustomerProfile profile, Draw draw, RecordSink sink) {
    this.profile = profile;
    this.draw = draw;
    this.sink = sink;
    this.zone = World.zone(profile.region());
    this.idStem = profile.isProspect() ? "V" + Times.pad(-1 - profile.number(), 7) : Times.pad(profile.number(), 7);
  }

  CustomerProfile profile() {
    return profile;
  }

  Draw draw() {
    return draw;
  }

  RecordSink sink() {
    return sink;
  }

  /** The customer's home time zone. */
  ZoneId zone() {
    return zone;
  }

  String nextOrderId() {
    return "O" + idStem + "-" + Times.pad(++orders, 4);
  }

  String nextCaseId() {
    return "K" + idStem + "-" + Times.pad(++cases, 3);
  }

  String nextResponseId() {
    return "R" + idStem + "-" + Times.pad(++responses, 4);
  }

  /** A customer's local time on the day, between the hours given. */
  Instant timeOn(LocalDate day, double fromHour, double toHour) {
    return Times.at(day, zone, draw.uniform(fromHour, toHour));
  }

  /**
   * A new interaction with its id, time, channel and type. Store events carry the store's local offset,
   * everything else UTC ({@code Z}).
   */
  Map<String, Object> event(Instant at, ZoneId renderZone, String channel, String eventType, String customerId,
      String anonymousId) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event_id", "E" + idStem + "-" + Times.pad(++events, 5));
    event.put("event_time", renderZone == null ? Times.iso(at) : Times.iso(at, renderZone));
    event.put("customer_id", customerId);
    event.put("anonymous_id", anonymousId);
    event.put("channel", channel);
    event.put("event_type", eventType);
    return event;
  }

  /** A known customer's event without a device. */
  Map<String, Object> event(Instant at, String channel, String eventType) {
    return event(at, null, channel, eventType, profile.customerId(), null);
  }

  void emit(Map<String, Object> event, Instant at) {
    sink.emitMaybeLate(SourceFormat.INTERACTIONS, Times.utcDate(at), event);
  }

  void emitRecord(SourceFormat format, Instant at, Map<String, Object> fields) {
    sink.emit(format, Times.utcDate(at), fields);
  }

  static YearMonth previousMonth(Instant at) {
    return YearMonth.from(Times.utcDate(at)).minusMonths(1);
  }
}
