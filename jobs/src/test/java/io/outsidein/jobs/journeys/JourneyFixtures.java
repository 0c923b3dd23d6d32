package io.outsidein.jobs.journeys;

import io.outsidein.common.config.FeedSettings;
import io.outsidein.common.schema.Source;
import io.outsidein.common.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Hand-built silver frames for the journeys tests: events are added one call each, in any order. */
final class JourneyFixtures {
  static final JourneySettings SETTINGS = new JourneySettings(Duration.ofMinutes(30), Duration.ofHours(4), 3,
      Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(7), 1, 0.95,
      ZoneId.of("UTC"));

  private final List<Row> events = new ArrayList<>();
  private final List<Row> orderLines = new ArrayList<>();
  private final List<Row> surveys = new ArrayList<>();

  static Instant at(String isoInstant) {
    return Instant.parse(isoInstant);
  }

  /** An interaction; null for what it does not have. */
  JourneyFixtures event(String id, String time, String customer, String device, String channel, String type,
      String caseId, String orderId, String department, String agent) {
    return event(id, time, customer, device, channel, type, caseId, orderId, department, agent, Map.of());
  }

  JourneyFixtures event(String id, String time, String customer, String device, String channel, String type,
      String caseId, String orderId, String department, String agent, Map<String, String> properties) {
    Instant instant = at(time);
    events.add(RowFactory.create(id, Timestamp.from(instant), customer, device, channel, type, caseId, orderId,
        department, agent, null, null, null, scala.collection.JavaConverters.mapAsScalaMap(properties),
        Date.valueOf(instant.atZone(ZoneOffset.UTC).toLocalDate()), FeedSettings.DEFAULT));
    return this;
  }

  /** A web page view of a known customer. */
  JourneyFixtures view(String id, String time, String customer) {
    return event(id, time, customer, null, "web", "page_view", null, null, null, null);
  }

  /** An anonymous web event of a device. */
  JourneyFixtures anonymous(String id, String time, String device) {
    return event(id, time, null, device, "web", "page_view", null, null, null, null);
  }

  JourneyFixtures login(String id, String time, String customer, String device) {
    return event(id, time, customer, device, "web", "login", null, null, null, null);
  }

  JourneyFixtures caseEvent(String id, String time, String customer, String type, String caseId, String department) {
    return event(id, time, customer, null, "call_center", type, caseId, null, department,
        department == null ? null : "agent-" + department);
  }

  JourneyFixtures orderLine(String orderId, String time, String customer, String sku, int quantity, double price) {
    Instant instant = at(time);
    orderLines.add(RowFactory.create(orderId, Timestamp.from(instant), customer, null, sku, quantity, price,
        Date.valueOf(instant.atZone(ZoneOffset.UTC).toLocalDate()), FeedSettings.DEFAULT,
        quantity < 0 ? Source.RETURN : Source.SALE));
    return this;
  }

  JourneyFixtures survey(String id, String time, String customer, String type, int score, String caseId,
      String orderId) {
    Instant instant = at(time);
    surveys.add(RowFactory.create(id, Timestamp.from(instant), customer, type, score, caseId, orderId, null, null,
        Date.valueOf(instant.atZone(ZoneOffset.UTC).toLocalDate()), FeedSettings.DEFAULT));
    return this;
  }

  Dataset<Row> events() {
    return TestSpark.session().createDataFrame(events, Source.INTERACTIONS.silverSchema());
  }

  Dataset<Row> orderLines() {
    return TestSpark.session().createDataFrame(orderLines, Source.ORDER_LINES.silverSchema());
  }

  Dataset<Row> surveys() {
    return TestSpark.session().createDataFrame(surveys, Source.SURVEYS.silverSchema());
  }
}
