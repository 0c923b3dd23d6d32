package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Makes the profiles of one entity from its number alone: entities 0..customers-1 are customers (each with
 * the new customers it refers), the rest anonymous prospects. Referred customers get numbers above every
 * base customer ({@code customers + referrer x MAX_REFERRALS + k}), so ids never collide.
 */
final class ProfileFactory implements Serializable {
  static final int MAX_REFERRALS = 8;
  /** Shares of the loyalty classes (promoter, passive, detractor), in the order of {@link CustomerProfile.Loyalty}. */
  static final double[] LOYALTY_SHARES = {0.3, 0.4, 0.3};
  private static final List<String> FIRST_NAMES = List.of("james", "mary", "robert", "patricia", "john", "jennifer",
      "michael", "linda", "david", "elizabeth", "maria", "carlos", "wei", "aisha", "olga", "kenji", "fatima", "liam",
      "sofia", "noah", "emma", "lucas", "chloe", "omar");
  private static final List<String> LAST_NAMES = List.of("smith", "johnson", "williams", "brown", "jones", "garcia",
      "miller", "davis", "rodriguez", "martinez", "hernandez", "lopez", "wilson", "anderson", "thomas", "taylor",
      "moore", "nguyen", "kim", "patel", "chen", "okafor", "novak", "rossi");
  private static final List<String> DOMAINS = List.of("example.com", "example.org", "mail.example.net");
  private static final List<String> AREA_CODES = List.of("212", "415", "305", "713", "312", "206", "404", "617",
      "504", "813", "214", "323");

  private final GeneratorSettings settings;
  private final World world;

  ProfileFactory(GeneratorSettings settings, World world) {
    this.settings = settings;
    this.world = world;
  }

  /** Entities to generate: customers, then prospects. */
  long entities() {
    return settings.customers() + prospects();
  }

  long prospects() {
    return Math.round(settings.customers() * settings.volumes().prospectShare());
  }

  /** The profiles one entity owns: a prospect, or a customer followed by the customers it referred. */
  List<CustomerProfile> profiles(long entity) {
    if (entity >= settings.customers()) {
      return List.of(prospect(entity - settings.customers()));
    }
    CustomerProfile customer = customer(entity);
    List<CustomerProfile> profiles = new ArrayList<>(1 + customer.referralDays().size());
    profiles.add(customer);
    for (int k = 0; k < customer.referralDays().size(); k++) {
      profiles.add(referred(customer, k));
    }
    return profiles;
  }

  static String customerId(long number) {
    return String.format(Locale.ROOT, "C%07d", number);
  }

  private CustomerProfile customer(long index) {
    Draw draw = Draw.of(settings.seed(), Draw.Stream.PROFILE, index);
    int role = Accounts.role(index, settings);
    Accounts.Account account = role >= 0 ? Accounts.of(index / Accounts.BLOCK, settings) : null;
    String segment;
    LocalDate signup;
    String channel;
    if (account != null) {
      segment = account.segment();
      signup = settings.from().minusDays(draw.between(30, 2000));
      channel = "sales";
    } else {
      segment = draw.chance(0.82) ? "consumer" : "premium";
      boolean isNew = draw.chance(settings.volumes().newCustomerShare());
      signup = isNew ? settings.from().plusDays(draw.between(0, settings.days() - 1))
          : settings.from().minusDays(draw.between(1, 2500));
      channel = draw.pick(List.of("web", "web", "app", "store", "store", "social", "email"));
    }
    CustomerProfile.Loyalty loyalty = loyalty(draw);
    boolean dormant = account != null && role >= account.activeContacts();
    List<LocalDate> referralDays = dormant ? List.of() : referralDays(index, signup, loyalty);
    return profile(index, draw, segment, account, role, signup, channel, null, loyalty, referralDays);
  }

  private CustomerProfile referred(CustomerProfile parent, int k) {
    long number = settings.customers() + parent.number() * MAX_REFERRALS + k;
    Draw draw = Draw.of(settings.seed(), Draw.Stream.PROFILE, number);
    LocalDate signup = parent.referralDays().get(k).plusDays(draw.between(0, 2));
    if (signup.isAfter(settings.to())) {
      signup = parent.referralDays().get(k);
    }
    String segment = draw.chance(0.8) ? "consumer" : "premium";
    return profile(number, draw, segment, null, -1, signup, "referral", parent.customerId(), loyalty(draw), List.of());
  }

  private CustomerProfile prospect(long number) {
    Draw draw = Draw.of(settings.seed(), Draw.Stream.PROFILE, -1 - number);
    String region = draw.pick(World.REGIONS);
    List<CustomerProfile.Device> devices = List.of(device(-1 - number, 0, draw.chance(0.6) ? "mobile" : "desktop"));
    return new CustomerProfile(-1 - number, null, null, null, -1, null, null, null, null, null, region,
        draw.pick(world.storesIn(region)), CustomerProfile.Loyalty.PASSIVE, 0.3 * Math.exp(0.5 * draw.gaussian()), 0,
        devices, List.of());
  }

  private CustomerProfile profile(long number, Draw draw, String segment, Accounts.Account account, int role,
      LocalDate signup, String channel, String referredBy, CustomerProfile.Loyalty loyalty, List<LocalDate> referrals) {
    String region = draw.pick(World.REGIONS);
    String first = draw.pick(FIRST_NAMES);
    String last = draw.pick(LAST_NAMES);
    String email = account != null
        ? first + "." + last + "@" + account.id().toLowerCase(Locale.ROOT) + ".example.com"
        : first + "." + last + (number % 1000) + "@" + draw.pick(DOMAINS);
    String phone = "+1 " + draw.pick(AREA_CODES) + " 555 " + draw.digits(4);
    List<CustomerProfile.Device> devices = new ArrayList<>();
    int deviceCount = draw.weighted(0.55, 0.33, 0.12) + 1;
    for (int k = 0; k < deviceCount; k++) {
      devices.add(device(number, k, switch (draw.weighted(0.35, 0.3, 0.35)) {
        case 0 -> "desktop";
        case 1 -> "mobile";
        default -> "app";
      }));
    }
    return new CustomerProfile(number, customerId(number), segment, account, role, signup, channel, referredBy, email,
        phone, region, draw.pick(world.storesIn(region)), loyalty, Math.exp(0.5 * draw.gaussian()),
        Math.exp(0.7 * draw.gaussian()), devices, referrals);
  }

  private CustomerProfile.Device device(long number, int k, String type) {
    long hash = Draw.hash(settings.seed(), Draw.Stream.DEVICE, number, k);
    return new CustomerProfile.Device("dev-" + HexFormat.of().toHexDigits(hash).substring(0, 12), type);
  }

  private static CustomerProfile.Loyalty loyalty(Draw draw) {
    return CustomerProfile.Loyalty.values()[draw.weighted(LOYALTY_SHARES)];
  }

  /** (e) Promoters refer at promoter-rate per 30 days, everyone else at other-rate. */
  private List<LocalDate> referralDays(long index, LocalDate signup, CustomerProfile.Loyalty loyalty) {
    Draw draw = Draw.of(settings.seed(), Draw.Stream.REFERRAL, index);
    double perDay = (loyalty == CustomerProfile.Loyalty.PROMOTER ? settings.planted().referrals().promoterRate()
        : settings.planted().referrals().otherRate()) / 30.0;
    List<LocalDate> days = new ArrayList<>();
    LocalDate start = signup.isAfter(settings.from()) ? signup : settings.from();
    for (LocalDate day = start; !day.isAfter(settings.to()) && days.size() < MAX_REFERRALS; day = day.plusDays(1)) {
      if (draw.chance(perDay)) {
        days.add(day);
      }
    }
    return days;
  }
}
