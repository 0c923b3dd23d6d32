package io.outsidein.jobs.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Collects one entity's records as {@link RawRows}: decides the dt folder (the event's UTC date, a few days
 * later for the late ones), lets the {@link FaultInjector} corrupt or duplicate it and renders the line.
 * Records dated outside the range are dropped: what happens after {@code to} has not been delivered yet.
 */
final class RecordSink {
  private final GeneratorSettings settings;
  private final FaultInjector faults;
  private final Draw deliveryDraw;
  private final Draw faultDraw;
  private final List<Row> rows = new ArrayList<>();

  RecordSink(GeneratorSettings settings, Draw deliveryDraw, Draw faultDraw) {
    this.settings = settings;
    this.faults = new FaultInjector(settings.badRate(), settings.to());
    this.deliveryDraw = deliveryDraw;
    this.faultDraw = faultDraw;
  }

  /** A record delivered on its event date. */
  void emit(SourceFormat format, LocalDate eventDate, Map<String, Object> fields) {
    deliver(format, eventDate, eventDate, fields);
  }

  /** A record that may arrive late (late-rate of them, 1 to max-late-days days after their date). */
  void emitMaybeLate(SourceFormat format, LocalDate eventDate, Map<String, Object> fields) {
    LocalDate dt = eventDate;
    if (deliveryDraw.chance(settings.volumes().lateRate())) {
      LocalDate late = eventDate.plusDays(deliveryDraw.between(1, settings.volumes().maxLateDays()));
      dt = late.isAfter(settings.to()) ? eventDate : late;
    }
    deliver(format, eventDate, dt, fields);
  }

  /** A record delivered in the given folder, e.g. history delivered in the first dt. */
  void deliver(SourceFormat format, LocalDate eventDate, LocalDate dt, Map<String, Object> fields) {
    if (eventDate.isAfter(settings.to()) || dt.isBefore(settings.from()) || dt.isAfter(settings.to())) {
      return;
    }
    String key = format.naturalKey(fields);
    for (FaultInjector.Delivery delivery : faults.deliver(format, dt, fields, faultDraw)) {
      String line = delivery.malformed()
          ? FaultInjector.malformed(format, delivery.fields(), faultDraw.chance(0.5))
          : render(format, delivery.fields());
      rows.add(RawRows.data(format, delivery.dt().toString(), line, key, delivery.reason()));
    }
  }

  private static String render(SourceFormat format, Map<String, Object> fields) {
    return format.layout() == SourceFormat.Layout.CSV
        ? LineRenderer.csv(format, fields, format.canonicalFields().size())
        : LineRenderer.json(format, fields);
  }

  List<Row> rows() {
    return rows;
  }
}
