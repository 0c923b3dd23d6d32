package io.outsidein.jobs.journeys;

import static io.outsidein.jobs.journeys.JourneyFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The identity map against the stitching rules stated plainly, event by event, on random device histories:
 * gaps at and around the session limit, events at the same instant, shared devices, kiosks over the limit and
 * logins on a changed date among others. The map is computed from session starts and logins only; this test
 * checks that every other event still gets the customer and the touched flag the rules give it.
 */
class IdentityStitchingTest {
  private static final LocalDate FIRST_DAY = LocalDate.of(2026, 9, 1);
  private static final LocalDate CHANGED = FIRST_DAY.plusDays(1);
  private static final Duration[] STEPS = {Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(30).minusSeconds(1),
      Duration.ofMinutes(30), Duration.ofHours(3), Duration.ofHours(20)};

  private record Event(String id, Instant time, String customer, String device) {
    boolean identified() {
      return customer != null;
    }

    boolean ofChangedDate() {
      return time.atZone(ZoneOffset.UTC).toLocalDate().equals(CHANGED);
    }
  }

  /** Customer and touched flag of one event. */
  private record Attribution(String customer, boolean touched) {}

  @ParameterizedTest
  @ValueSource(longs = {1L, 2L, 3L})
  void everyDeviceEventGetsTheCustomerAndTouchedFlagTheRulesGiveIt(long seed) {
    Random random = new Random(seed);
    List<Event> events = new ArrayList<>();
    for (int d = 0; d < 12; d++) {
      // Devices 0-1 are kiosks (five customers); the others have one to three.
      int customers = d < 2 ? 5 : 1 + random.nextInt(3);
      Instant time = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(random.nextInt(600)));
      for (int i = 0; i < 40; i++) {
        time = time.plus(STEPS[random.nextInt(STEPS.length)]);
        String customer = random.nextInt(4) == 0 ? "c" + d + "-" + random.nextInt(customers) : null;
        // Ids in random order, so that events at the same instant are ordered by id, not by arrival.
        events.add(new Event(String.format("%04d", random.nextInt(10_000)) + "-" + d + "-" + i, time, customer,
            "d" + d));
      }
    }
    Map<String, Attribution> expected = expected(events);

    JourneyFixtures fixtures = new JourneyFixtures();
    events.forEach(e -> fixtures.event(e.id(), e.time().toString(), e.customer(), e.device(), "web",
        e.identified() ? "login" : "page_view", null, null, null, null));
    Dataset<Row> silver = fixtures.events();
    Dataset<Row> map = new IdentityStitching(SETTINGS).map(silver, List.of(CHANGED));
    Map<String, Attribution> actual = IdentityStitching.attribute(silver, map).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("event_id"),
            r -> new Attribution(r.getAs("customer_id"), r.<Boolean>getAs(IdentityStitching.TOUCHED))));

    // Only the events that differ, so that a failure names them.
    Map<String, String> differences = new java.util.TreeMap<>();
    expected.forEach((id, want) -> {
      if (!want.equals(actual.get(id))) {
        differences.put(id, "expected " + want + ", got " + actual.get(id));
      }
    });
    assertThat(actual).hasSameSizeAs(expected);
    assertThat(differences).isEmpty();
    assertThat(expected.values()).extracting(Attribution::touched).contains(true, false);
    assertThat(expected.values()).extracting(Attribution::customer).containsNull();
    assertThat(IdentityStitching.unstitchedDevices(map).collectAsList()).extracting(r -> r.<String>getAs(0))
        .containsExactlyInAnyOrder("d0", "d1");
  }

  /**
   * The rules, one event at a time: an identified event keeps its customer; an anonymous one takes the last
   * login before it in its session, else the first login after it in its session, else the device's last
   * login before it, else nobody. The touched flag is that of the login it takes its customer from. A device
   * with more customers than the limit is stitched to nobody.
   */
  private static Map<String, Attribution> expected(List<Event> events) {
    Map<String, Attribution> result = new HashMap<>();
    Map<String, List<Event>> byDevice = events.stream().collect(Collectors.groupingBy(Event::device));
    for (List<Event> device : byDevice.values()) {
      List<Event> line = device.stream().sorted(Comparator.comparing(Event::time).thenComparing(Event::id)).toList();
      Set<String> customers = new HashSet<>();
      line.stream().filter(Event::identified).forEach(e -> customers.add(e.customer()));
      boolean kiosk = customers.size() > SETTINGS.maxCustomersPerDevice();
      int[] session = new int[line.size()];
      for (int i = 1; i < line.size(); i++) {
        boolean gap = Duration.between(line.get(i - 1).time(), line.get(i).time())
            .compareTo(SETTINGS.inactivityGap()) >= 0;
        session[i] = session[i - 1] + (gap ? 1 : 0);
      }
      for (int i = 0; i < line.size(); i++) {
        Event e = line.get(i);
        Event from = null;
        if (e.identified()) {
          from = e;
        } else if (!kiosk) {
          for (int j = i - 1; j >= 0 && session[j] == session[i] && from == null; j--) {
            from = line.get(j).identified() ? line.get(j) : null;
          }
          for (int j = i + 1; j < line.size() && session[j] == session[i] && from == null; j++) {
            from = line.get(j).identified() ? line.get(j) : null;
          }
          for (int j = i - 1; j >= 0 && from == null; j--) {
            from = line.get(j).identified() ? line.get(j) : null;
          }
        }
        boolean touched = from != null && !kiosk && from.ofChangedDate();
        result.put(e.id(), new Attribution(from == null ? null : from.customer(), touched));
      }
    }
    return result;
  }
}
