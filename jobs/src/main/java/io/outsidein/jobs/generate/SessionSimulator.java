package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Web and app browsing sessions. Most web sessions start anonymous (anonymous_id only) and some log in on
 * the way, the login event carrying both ids; apps usually remember the customer. A few sessions run on a
 * store's kiosk, a device many customers share, and end with a logout. Buying needs a login.
 */
final class SessionSimulator implements Serializable {
  private static final List<String> QUERIES = List.of("water", "batteries", "laptop", "shoes", "coffee", "toys",
      "return policy", "gift card", "tv", "dog food", "order status", "store hours");
  private static final List<String> PAGES = List.of("home", "category", "deals", "help", "account", "store_locator");

  private final World world;
  private final OrderSimulator orders;

  SessionSimulator(World world, OrderSimulator orders) {
    this.world = world;
    this.orders = orders;
  }

  /** One session on the day; {@code signup} makes it the customer's first login. */
  void session(CustomerContext c, LocalDate day, boolean signup) {
    Draw draw = c.draw();
    CustomerProfile customer = c.profile();
    boolean prospect = customer.isProspect();
    boolean kiosk = !prospect && !signup && draw.chance(0.03);
    CustomerProfile.Device device = signup ? customer.devices().get(0) : draw.pick(customer.devices());
    String anonymousId = kiosk ? "dev-kiosk-" + customer.homeStore() : device.id();
    String deviceType = kiosk ? "kiosk" : device.type();
    String channel = deviceType.equals("app") ? "app" : "web";
    String store = kiosk ? customer.homeStore() : null;
    boolean known = !prospect && !kiosk && !signup && draw.chance(channel.equals("app") ? 0.7 : 0.15);
    int steps = 2 + draw.poisson(3);
    int loginAt = prospect || known ? -1 : signup || draw.chance(0.5) ? draw.between(1, steps - 1) : -1;
    boolean buys = !prospect && !kiosk && draw.chance(Segment.of(customer.segment()).buyChance);

    // Online activity peaks in the evening, local time.
    double hour = draw.chance(0.6) ? draw.uniform(17, 23.5) : draw.uniform(7, 17);
    Instant at = Times.at(day, c.zone(), hour);
    for (int step = 0; step < steps; step++) {
      if (step == loginAt) {
        login(c, at, channel, anonymousId, deviceType, store, signup);
        known = true;
        at = at.plusSeconds(draw.between(5, 40));
      }
      Map<String, Object> event = c.event(at, null, channel, "page_view", known ? customer.customerId() : null,
          anonymousId);
      Map<String, String> properties = new LinkedHashMap<>();
      properties.put("device_type", deviceType);
      int kind = step == 0 ? 0 : draw.weighted(0.3, 0.45, 0.17, 0.08);
      switch (kind) {
        case 0 -> properties.put("page", draw.pick(PAGES));
        case 1 -> {
          properties.put("page", "product");
          event.put("sku", world.catalogue().browse(draw));
        }
        case 2 -> {
          event.put("event_type", "search");
          properties.put("query", draw.pick(QUERIES));
        }
        default -> {
          event.put("event_type", "add_to_cart");
          event.put("sku", world.catalogue().browse(draw));
        }
      }
      event.put("store_id", store);
      event.put("properties", properties);
      c.emit(event, at);
      at = at.plusSeconds(draw.between(5, 150));
    }
    if (buys) {
      if (!known) {
        login(c, at, channel, anonymousId, deviceType, null, false);
      }
      at = orders.online(c, at, channel, anonymousId, deviceType);
      known = true;
    }
    if (known && (kiosk || draw.chance(0.1))) {
      Instant out = at.plusSeconds(draw.between(5, 60));
      Map<String, Object> logout = c.event(out, null, channel, "logout", customer.customerId(), anonymousId);
      logout.put("store_id", store);
      logout.put("properties", Map.of("device_type", deviceType));
      c.emit(logout, out);
    }
  }

  private static void login(CustomerContext c, Instant at, String channel, String anonymousId, String deviceType,
      String store, boolean signup) {
    Map<String, Object> login = c.event(at, null, channel, "login", c.profile().customerId(), anonymousId);
    login.put("store_id", store);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("device_type", deviceType);
    properties.put("method", signup ? "signup" : c.draw().pick(List.of("password", "password", "sso", "magic_link")));
    login.put("properties", properties);
    c.emit(login, at);
  }
}
