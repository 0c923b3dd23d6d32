package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Simulates one entity day by day over the range and returns its interactions, order_lines and surveys as
 * {@link RawRows}: browsing sessions, store visits, support cases, relationship surveys, the referrals a
 * customer makes (and the referred customers' own activity), and for B2B accounts the cases that make up
 * their breadth of engagement and the renewal. Runs inside Spark tasks: one call per entity.
 */
final class ActivitySimulator implements Serializable {
  /** Mean events of a browsing session, to turn events-per-customer-day into sessions per day. */
  private static final double EVENTS_PER_SESSION = 6.2;

  private final GeneratorSettings settings;
  private final ProfileFactory profiles;
  private final SessionSimulator sessions;
  private final OrderSimulator orders;
  private final CaseSimulator cases;
  private final SurveyWriter surveys;

  ActivitySimulator(GeneratorSettings settings, World world) {
    this.settings = settings;
    this.profiles = new ProfileFactory(settings, world);
    this.surveys = new SurveyWriter(settings);
    this.cases = new CaseSimulator(settings, world, surveys);
    this.orders = new OrderSimulator(world, cases, surveys);
    this.sessions = new SessionSimulator(world, orders);
  }

  List<Row> simulate(long entity) {
    RecordSink sink = new RecordSink(settings, Draw.of(settings.seed(), Draw.Stream.DELIVERY, entity),
        Draw.of(settings.seed(), Draw.Stream.FAULT, entity));
    for (CustomerProfile profile : profiles.profiles(entity)) {
      CustomerContext c = new CustomerContext(profile,
          Draw.of(settings.seed(), Draw.Stream.ACTIVITY, profile.number()), sink);
      if (profile.isProspect()) {
        browseAnonymously(c, settings.from(), settings.to(), 0.35);
      } else if (!profile.isDormant()) {
        live(c);
      }
    }
    return sink.rows();
  }

  private void live(CustomerContext c) {
    CustomerProfile customer = c.profile();
    Draw draw = c.draw();
    Segment segment = Segment.of(customer.segment());
    LocalDate start = customer.signupDate().isAfter(settings.from()) ? customer.signupDate() : settings.from();
    if (!customer.signupDate().isBefore(settings.from())) {
      // New customers browse anonymously first, then sign up: their first login stitches those events.
      browseAnonymously(c, customer.signupDate().minusDays(7), customer.signupDate().minusDays(1), 0.3);
      sessions.session(c, customer.signupDate(), true);
    }
    double sessionRate = settings.volumes().eventsPerCustomerDay() / EVENTS_PER_SESSION * customer.activity()
        * segment.sessions;
    double storeRate = segment.storeVisits * customer.activity();
    double caseRate = segment.cases * customer.supportPropensity();
    for (LocalDate day = start; !day.isAfter(settings.to()); day = day.plusDays(1)) {
      int count = draw.poisson(sessionRate);
      for (int i = 0; i < count; i++) {
        sessions.session(c, day, false);
      }
      if (draw.chance(storeRate)) {
        orders.storeVisit(c, day);
      }
      if (draw.chance(caseRate)) {
        cases.open(c, day, null, null);
      }
      surveys.relationship(c, c.timeOn(day, 9, 21));
    }
    for (int k = 0; k < customer.referralDays().size(); k++) {
      refer(c, customer.referralDays().get(k), k);
    }
    if (customer.isBusiness()) {
      engageAccount(c);
    }
  }

  private void browseAnonymously(CustomerContext c, LocalDate first, LocalDate last, double rate) {
    LocalDate from = first.isBefore(settings.from()) ? settings.from() : first;
    for (LocalDate day = from; !day.isAfter(last) && !day.isAfter(settings.to()); day = day.plusDays(1)) {
      int count = c.draw().poisson(rate * c.profile().activity());
      for (int i = 0; i < count; i++) {
        sessions.session(c, day, false);
      }
    }
  }

  /** (e) The referral event; the referred customer is simulated as a profile of its own. */
  private void refer(CustomerContext c, LocalDate day, int k) {
    Draw draw = c.draw();
    // Before 15:00 local, so the event's UTC date is the referral day even on the last day of the range.
    Instant at = c.timeOn(day, 9, 15);
    Map<String, Object> event = c.event(at, draw.pick(List.of("social", "email", "web")), "referral");
    long referred = settings.customers() + c.profile().number() * ProfileFactory.MAX_REFERRALS + k;
    event.put("properties", Map.of("referred_customer_id", ProfileFactory.customerId(referred)));
    c.emit(event, at);
  }

  /**
   * (d) Every active contact of an account opens at least one case, and the primary one in each of the
   * account's departments, so the breadth drawn for the account is the breadth in the data. The primary
   * contact renews when the contract comes due if the account renews.
   */
  private void engageAccount(CustomerContext c) {
    CustomerProfile customer = c.profile();
    Accounts.Account account = customer.account();
    List<String> departments = account.departments();
    int days = settings.days();
    if (customer.isAccountPrimary()) {
      for (int i = 0; i < departments.size(); i++) {
        cases.open(c, settings.from().plusDays((long) (i + 1) * days / (departments.size() + 1)), departments.get(i),
            null);
      }
      if (account.renews()) {
        // Before 15:00 local, so the renewal's UTC date is its local date in every region.
        Instant at = c.timeOn(account.renewalDate(), 9, 15);
        Map<String, Object> renewal = c.event(at, "email", "purchase");
        renewal.put("amount", account.contractValue());
        renewal.put("properties", Map.of("kind", "renewal", "account_id", account.id()));
        c.emit(renewal, at);
      }
    } else {
      // Not on the last day: a late-evening contact there would fall after the range in UTC.
      cases.open(c, settings.from().plusDays(c.draw().between(0, Math.max(0, days - 2))),
          departments.get(customer.accountRole() % departments.size()), null);
    }
  }
}
