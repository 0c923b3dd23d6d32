package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** The context calendar as delivered: one JSON line per entry, in the dt folder of its start date. */
final class ContextEventsGenerator implements Serializable {
  private final GeneratorSettings settings;
  private final List<ContextCalendar.ContextEvent> events;

  ContextEventsGenerator(GeneratorSettings settings, World world) {
    this.settings = settings;
    this.events = world.calendar().events();
  }

  long entities() {
    return events.size();
  }

  List<Row> lines(long entity) {
    ContextCalendar.ContextEvent event = events.get((int) entity);
    RecordSink sink = new RecordSink(settings, Draw.of(settings.seed(), Draw.Stream.DELIVERY, -1_000_000 - entity),
        Draw.of(settings.seed(), Draw.Stream.FAULT, -1_000_000 - entity));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("scope", event.scope());
    fields.put("event_type", event.eventType());
    fields.put("start_date", event.startDate().toString());
    fields.put("end_date", event.endDate().toString());
    sink.emit(SourceFormat.CONTEXT_EVENTS, event.startDate(), fields);
    return sink.rows();
  }
}
