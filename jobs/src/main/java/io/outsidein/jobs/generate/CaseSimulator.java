package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Support cases the way customers live them: a first contact on some channel, transfers between departments
 * (sometimes straight back: A -> B -> A), repeat contacts days later, often on another channel, complaints,
 * and a resolution that some cases never get. B2B contacts only reach their account's departments, so an
 * account's breadth of engagement is exactly what it was drawn to be.
 */
final class CaseSimulator implements Serializable {
  private static final List<String> CHANNELS = List.of("call_center", "chat", "email", "store");
  private static final Map<String, String> REASONS = Map.of("billing", "invoice_question", "tech_support",
      "app_not_working", "orders", "where_is_my_order", "returns", "return_request", "accounts", "password_reset",
      "loyalty", "points_missing");

  private final World world;
  private final SurveyWriter surveys;
  private final GeneratorSettings.Transfers transfers;

  CaseSimulator(GeneratorSettings settings, World world, SurveyWriter surveys) {
    this.world = world;
    this.surveys = surveys;
    this.transfers = settings.planted().transfers();
  }

  /** Opens a case on the day; {@code department} and {@code orderId} may be null (the customer's choice). */
  void open(CustomerContext c, LocalDate day, String department, String orderId) {
    Draw draw = c.draw();
    CustomerProfile customer = c.profile();
    List<String> departments = customer.isBusiness() ? customer.account().departments() : World.DEPARTMENTS;
    String first = department == null ? draw.pick(departments)
        : departments.contains(department) ? department : departments.get(0);
    String caseId = c.nextCaseId();
    String channel = CHANNELS.get(draw.weighted(0.45, 0.3, 0.15, 0.1));
    Instant at = c.timeOn(day, 8, 19);
    emit(c, at, channel, "contact", caseId, first, orderId, Map.of("reason", REASONS.get(first)));

    int count = departments.size() < 2 ? 0
        : Math.min(transfers.maxTransfers(), draw.weighted(0.45, 0.25, 0.15, 0.10, 0.05));
    String current = first;
    for (int i = 1; i <= count; i++) {
      at = at.plusSeconds(draw.between(120, 900));
      String target = i == 2 && draw.chance(transfers.pingPongRate()) ? first : other(departments, current, draw);
      Map<String, String> properties = new LinkedHashMap<>();
      properties.put("from_department", current);
      properties.put("to_department", target);
      emit(c, at, channel, "transfer", caseId, target, orderId, properties);
      current = target;
    }
    int extra = Math.max(0, count - 1);
    if (draw.chance(0.15 + 0.1 * count)) {
      // The customer comes back within days, often on another channel.
      String again = draw.chance(0.5) ? CHANNELS.get(draw.weighted(0.5, 0.3, 0.2, 0)) : channel;
      at = Times.at(Times.localDate(at, c.zone()).plusDays(draw.between(1, 3)), c.zone(), draw.uniform(8, 19));
      emit(c, at, again, "contact", caseId, current, orderId, Map.of("repeat", "true"));
      channel = again;
    }
    if (draw.chance(0.06 + 0.06 * extra)) {
      at = at.plusSeconds(draw.between(60, 1_800));
      emit(c, at, channel, "complaint", caseId, current, orderId, Map.of("topic", "handling"));
    }
    if (draw.chance(0.9 - 0.07 * extra)) {
      at = at.plusSeconds(draw.between(300, 26 * 3_600));
      emit(c, at, channel, "resolve", caseId, current, orderId, Map.of("resolution", "solved"));
    }
    surveys.aboutCase(c, caseId, count, current, at);
  }

  private static String other(List<String> departments, String current, Draw draw) {
    List<String> others = new ArrayList<>(departments);
    others.remove(current);
    return draw.pick(others);
  }

  private void emit(CustomerContext c, Instant at, String channel, String type, String caseId, String department,
      String orderId, Map<String, String> properties) {
    CustomerProfile customer = c.profile();
    String store = channel.equals("store") ? customer.homeStore() : null;
    Map<String, Object> event = c.event(at, store == null ? null : World.zone(World.regionOf(store)), channel, type,
        customer.customerId(), null);
    event.put("case_id", caseId);
    event.put("order_id", orderId);
    event.put("department", department);
    event.put("agent_id", channel.equals("email") && type.equals("complaint") ? null : world.agent(department, c.draw()));
    event.put("store_id", store);
    event.put("properties", properties);
    c.emit(event, at);
  }
}
