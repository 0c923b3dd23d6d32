package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders and what follows them. A store visit is a purchase at the store (hurricane SKUs at k times their
 * rate while the store's region is warned); an online order comes out of a session and is shipped, delivered
 * (some late, which brings contacts about the order), sometimes returned and refunded, sometimes reviewed.
 * Every order writes its order_lines rows: one per item, order_ts in New York local time.
 */
final class OrderSimulator implements Serializable {
  private final World world;
  private final CaseSimulator cases;
  private final SurveyWriter surveys;

  OrderSimulator(World world, CaseSimulator cases, SurveyWriter surveys) {
    this.world = world;
    this.cases = cases;
    this.surveys = surveys;
  }

  /**
   * A store purchase. Stores sell between 08:00 and 18:00 local time, which keeps a coastal store's sale on
   * the same UTC date as its local date, so the warning window reads the same in UTC.
   */
  void storeVisit(CustomerContext c, LocalDate day) {
    Draw draw = c.draw();
    CustomerProfile customer = c.profile();
    String store = draw.chance(0.85) ? customer.homeStore() : draw.pick(world.storesIn(customer.region()));
    String region = World.regionOf(store);
    ZoneId zone = World.zone(region);
    Instant at = Times.at(day, zone, draw.uniform(8, 18));
    Segment segment = Segment.of(customer.segment());
    List<Catalogue.Line> basket = world.catalogue().basket(draw, segment.basketItems, segment.quantityFactor,
        world.calendar().warned(region, day));
    String orderId = c.nextOrderId();
    Map<String, Object> purchase = c.event(at, zone, "store", "purchase", customer.customerId(), null);
    purchase.put("order_id", orderId);
    purchase.put("store_id", store);
    purchase.put("amount", total(basket));
    purchase.put("properties", Map.of("payment", draw.pick(List.of("card", "card", "cash", "wallet")),
        "items", Integer.toString(basket.size())));
    c.emit(purchase, at);
    writeLines(c, orderId, at, store, basket);
    if (draw.chance(0.03)) {
      cases.open(c, day, "returns", orderId);
    }
    surveys.aboutOrder(c, orderId, store, at.plusSeconds(draw.between(1_800, 30 * 3_600)));
  }

  /** An online order placed in a session on the device {@code anonymousId}; returns when it was placed. */
  Instant online(CustomerContext c, Instant start, String channel, String anonymousId, String deviceType) {
    Draw draw = c.draw();
    CustomerProfile customer = c.profile();
    Segment segment = Segment.of(customer.segment());
    List<Catalogue.Line> basket = world.catalogue().basket(draw, segment.basketItems, segment.quantityFactor, false);
    Instant at = start;
    for (Catalogue.Line line : basket) {
      at = at.plusSeconds(draw.between(10, 90));
      Map<String, Object> add = c.event(at, null, channel, "add_to_cart", customer.customerId(), anonymousId);
      add.put("sku", line.sku());
      add.put("properties", Map.of("device_type", deviceType, "quantity", Integer.toString(line.quantity())));
      c.emit(add, at);
    }
    at = at.plusSeconds(draw.between(20, 120));
    Map<String, Object> checkout = c.event(at, null, channel, "checkout", customer.customerId(), anonymousId);
    checkout.put("properties", Map.of("device_type", deviceType));
    c.emit(checkout, at);

    at = at.plusSeconds(draw.between(15, 90));
    String orderId = c.nextOrderId();
    LocalDate orderDay = Times.localDate(at, c.zone());
    LocalDate promised = orderDay.plusDays(draw.between(3, 5));
    double total = total(basket);
    Map<String, Object> purchase = c.event(at, null, channel, "purchase", customer.customerId(), anonymousId);
    purchase.put("order_id", orderId);
    purchase.put("amount", total);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("promised_date", promised.toString());
    properties.put("items", Integer.toString(basket.size()));
    properties.put("device_type", deviceType);
    purchase.put("properties", properties);
    c.emit(purchase, at);
    writeLines(c, orderId, at, null, basket);
    fulfil(c, orderId, orderDay, promised, total);
    return at;
  }

  private void fulfil(CustomerContext c, String orderId, LocalDate orderDay, LocalDate promised, double total) {
    Draw draw = c.draw();
    Instant shipped = c.timeOn(orderDay.plusDays(1), 6, 20);
    notify(c, shipped, "shipped", orderId, Map.of("carrier", draw.pick(List.of("ups", "fedex", "usps"))));
    boolean late = draw.chance(0.12);
    LocalDate deliveredDay = late ? promised.plusDays(draw.between(1, 3))
        : max(orderDay.plusDays(2), promised.minusDays(draw.between(0, 2)));
    Instant delivered = c.timeOn(deliveredDay, 9, 20);
    notify(c, delivered, "delivered", orderId, Map.of("on_time", Boolean.toString(!late)));
    if (late && draw.chance(0.4)) {
      cases.open(c, promised.plusDays(1), "orders", orderId);
    }
    if (draw.chance(0.06)) {
      Instant returned = c.timeOn(deliveredDay.plusDays(draw.between(2, 8)), 9, 20);
      Map<String, Object> event = c.event(returned, "web", "returned");
      event.put("order_id", orderId);
      c.emit(event, returned);
      Instant refunded = returned.plusSeconds(draw.between(3_600, 3 * 86_400));
      Map<String, Object> refund = c.event(refunded, "email", "refund");
      refund.put("order_id", orderId);
      refund.put("amount", Math.round(total * draw.uniform(0.3, 1) * 100) / 100.0);
      c.emit(refund, refunded);
      if (draw.chance(0.3)) {
        cases.open(c, Times.localDate(returned, c.zone()), "returns", orderId);
      }
    } else if (draw.chance(0.1)) {
      Instant reviewed = c.timeOn(deliveredDay.plusDays(draw.between(0, 3)), 9, 23);
      Map<String, Object> review = c.event(reviewed, "web", "review");
      review.put("order_id", orderId);
      review.put("properties", Map.of("rating", Integer.toString(late ? draw.between(1, 3) : draw.between(3, 5))));
      c.emit(review, reviewed);
    }
    surveys.aboutOrder(c, orderId, null, delivered.plusSeconds(draw.between(3_600, 2 * 86_400)));
  }

  private static void notify(CustomerContext c, Instant at, String type, String orderId, Map<String, String> props) {
    Map<String, Object> event = c.event(at, "email", type);
    event.put("order_id", orderId);
    event.put("properties", props);
    c.emit(event, at);
  }

  private static void writeLines(CustomerContext c, String orderId, Instant at, String store,
      List<Catalogue.Line> basket) {
    String orderTime = Times.orderTime(at);
    for (Catalogue.Line line : basket) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("order_id", orderId);
      row.put("order_time", orderTime);
      row.put("customer_id", c.profile().customerId());
      row.put("store_id", store);
      row.put("sku", line.sku());
      row.put("quantity", line.quantity());
      row.put("unit_price", line.unitPrice());
      c.emitRecord(SourceFormat.ORDER_LINES, at, row);
    }
  }

  private static double total(List<Catalogue.Line> basket) {
    double total = 0;
    for (Catalogue.Line line : basket) {
      total += line.quantity() * line.unitPrice();
    }
    return Math.round(total * 100) / 100.0;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }
}
