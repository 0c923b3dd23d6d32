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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The identity map against the stitching rules stated plainly, event by event, on random device histories:
 * gaps at and around the session limit, events at the same instant, shared devices, kiosks over the limit and
 * logins on a changed date among others, with a horizon that reaches the whole history and one of six hours.
 * The map is computed from session starts and logins only; this test checks that every other event still gets
 * the customer and the touched flag the rules give it.
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
  @CsvSource({"1, 720", "2, 720", "3, 720", "1, 6", "2, 6", "3, 6"})
  void everyDeviceEventGetsTheCustomerAndTouchedFlagTheRulesGiveIt(long seed, long horizonHours) {
    JourneySettings settings = new JourneySettings(SETTINGS.inactivityGap(), SETTINGS.maxSessionLength(),
        SETTINGS.maxCustomersPerDevice(), Duration.ofHours(horizonHours), SETTINGS.journeyHorizon(),
        SETTINGS.caseAttachWindow(), SETTINGS.repeatContactWindow(), SETTINGS.abandonAfter(),
        SETTINGS.surveyAttachWindow(), SETTINGS.minN(), SETTINGS.confidence(), SETTINGS.promisedDateZone());
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
    Rules rules = new Rules(settings, events);
    Map<String, Attribution> expected = rules.expected();

    JourneyFixtures fixtures = new JourneyFixtures();
    events.forEach(e -> fixtures.event(e.id(), e.time().toString(), e.customer(), e.device(), "web",
        e.identified() ? "login" : "page_view", null, null, null, null));
    Dataset<Row> silver = fixtures.events();
    Dataset<Row> map = new IdentityStitching(settings).map(silver, List.of(CHANGED));
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
        .containsExactlyInAnyOrderElementsOf(rules.sharedDevices());
    if (horizonHours >= 24 * 30) {
      // Over the whole history the two kiosks pass the limit; over six hours they may not.
      assertThat(rules.sharedDevices()).contains("d0", "d1");
    }
  }

  /**
   * The state a night keeps: marks computed one date at a time, each from its own date and the inactivity gap's
   * days before (as a night computes them), are the marks of the whole history, and the map made from them is
   * the map made from the events. Sessions here run across midnight (steps of up to 20 hours, and of 29:59).
   */
  @ParameterizedTest
  @CsvSource({"1", "2", "3"})
  void marksComputedDateByDateAreTheMarksOfTheWholeHistory(long seed) {
    Random random = new Random(seed);
    JourneyFixtures fixtures = new JourneyFixtures();
    for (int d = 0; d < 6; d++) {
      Instant time = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(1380 + random.nextInt(120)));
      for (int i = 0; i < 40; i++) {
        time = time.plus(STEPS[random.nextInt(STEPS.length)]);
        String customer = random.nextInt(4) == 0 ? "c" + d + "-" + random.nextInt(2) : null;
        fixtures.event(String.format("%04d", random.nextInt(10_000)) + "-" + d + "-" + i, time.toString(), customer,
            "d" + d, "web", customer != null ? "login" : "page_view", null, null, null, null);
      }
    }
    Dataset<Row> silver = fixtures.events();
    JourneyState state = new JourneyState(SETTINGS);
    List<LocalDate> dates = silver.selectExpr("event_date").distinct().collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate()).sorted().toList();
    assertThat(dates.size()).isGreaterThan(3);
    Dataset<Row> byDate = null;
    for (LocalDate date : dates) {
      Dataset<Row> marks = state.identityMarks(silver.where(Timeline.onDates(state.datesToRead(List.of(date)))),
          List.of(date));
      byDate = byDate == null ? marks : byDate.unionByName(marks);
    }
    Dataset<Row> whole = new IdentityStitching(SETTINGS).marks(silver);
    assertThat(byDate.exceptAll(whole).count()).isZero();
    assertThat(whole.exceptAll(byDate).count()).isZero();
    // Some session crosses midnight: its first event of the next date is not a start.
    assertThat(whole.where("NOT session_start AND hour(event_time) < 1").count()
        + silver.where("hour(event_time) < 1").count()).isPositive();
    Dataset<Row> map = state.identityMap(byDate, List.of(dates.get(1)));
    Dataset<Row> expected = new IdentityStitching(SETTINGS).map(silver, List.of(dates.get(1)));
    assertThat(map.exceptAll(expected).count()).isZero();
    assertThat(expected.exceptAll(map).count()).isZero();
  }

  @org.junit.jupiter.api.Test
  void aNightComputesTheStateOfItsDatesTheDayAfterAndWhatIsMissing() {
    JourneyState state = new JourneyState(SETTINGS);
    LocalDate d = LocalDate.of(2026, 9, 10);
    // Changed d; the window d-3..d+5 (silver ends at d+1); everything but d-2 computed before.
    assertThat(state.datesToCompute(List.of(d), d.minusDays(3), d.plusDays(1),
        List.of(d.minusDays(3), d.minusDays(1), d, d.plusDays(1))))
        .containsExactly(d.minusDays(2), d, d.plusDays(1));
    assertThat(state.datesToRead(List.of(d, d.plusDays(3)))).containsExactly(d.minusDays(1), d, d.plusDays(2),
        d.plusDays(3));
  }

  /**
   * The rules, one event at a time: an identified event keeps its customer (its own login may be a shared one);
   * an anonymous one takes the last
   * login before it in its session, else the first login after it in its session, else the device's last login
   * before it if that login lies at most the horizon before the session began, else nobody. A login is shared
   * when more customers than the limit logged in on the device within the horizon before it (bounds included);
   * an event that takes its customer from a shared login gets nobody. The touched flag is that of the login it
   * takes its customer from: the login is of the changed date, or a login of the changed date lies within the
   * horizon before it.
   */
  private record Rules(JourneySettings settings, List<Event> events) {
    Map<String, Attribution> expected() {
      Map<String, Attribution> result = new HashMap<>();
      for (List<Event> line : lines()) {
        int[] session = sessions(line);
        for (int i = 0; i < line.size(); i++) {
          Event from = source(line, session, i);
          boolean touched = from != null && touched(line, from);
          String customer = line.get(i).identified() ? line.get(i).customer()
              : from == null || shared(line, from) ? null : from.customer();
          result.put(line.get(i).id(), new Attribution(customer, touched));
        }
      }
      return result;
    }

    /** Devices where some event takes its customer from a shared login. */
    Set<String> sharedDevices() {
      Set<String> devices = new HashSet<>();
      for (List<Event> line : lines()) {
        int[] session = sessions(line);
        for (int i = 0; i < line.size(); i++) {
          Event from = source(line, session, i);
          if (from != null && shared(line, from)) {
            devices.add(line.get(i).device());
          }
        }
      }
      return devices;
    }

    private List<List<Event>> lines() {
      return events.stream().collect(Collectors.groupingBy(Event::device)).values().stream()
          .map(device -> device.stream().sorted(Comparator.comparing(Event::time).thenComparing(Event::id)).toList())
          .toList();
    }

    private int[] sessions(List<Event> line) {
      int[] session = new int[line.size()];
      for (int i = 1; i < line.size(); i++) {
        boolean gap = Duration.between(line.get(i - 1).time(), line.get(i).time())
            .compareTo(settings.inactivityGap()) >= 0;
        session[i] = session[i - 1] + (gap ? 1 : 0);
      }
      return session;
    }

    private Event source(List<Event> line, int[] session, int i) {
      Event e = line.get(i);
      if (e.identified()) {
        return e;
      }
      for (int j = i - 1; j >= 0 && session[j] == session[i]; j--) {
        if (line.get(j).identified()) {
          return line.get(j);
        }
      }
      for (int j = i + 1; j < line.size() && session[j] == session[i]; j++) {
        if (line.get(j).identified()) {
          return line.get(j);
        }
      }
      int start = i;
      while (start > 0 && session[start - 1] == session[i]) {
        start--;
      }
      for (int j = i - 1; j >= 0; j--) {
        if (line.get(j).identified()) {
          Event login = line.get(j);
          return Duration.between(login.time(), line.get(start).time()).compareTo(settings.identityHorizon()) <= 0
              ? login : null;
        }
      }
      return null;
    }

    private List<Event> loginsWithinHorizonBefore(List<Event> line, Event login) {
      Instant from = login.time().minus(settings.identityHorizon());
      return line.stream().filter(Event::identified)
          .filter(e -> !e.time().isBefore(from) && !e.time().isAfter(login.time())).toList();
    }

    private boolean shared(List<Event> line, Event login) {
      return loginsWithinHorizonBefore(line, login).stream().map(Event::customer).distinct().count()
          > settings.maxCustomersPerDevice();
    }

    private boolean touched(List<Event> line, Event login) {
      return loginsWithinHorizonBefore(line, login).stream().anyMatch(Event::ofChangedDate);
    }
  }
}
