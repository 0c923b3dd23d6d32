package io.outsidein.jobs.generate;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the sample-data generator needs, resolved once from {@code outsidein.generate} (see
 * reference.conf for every key, its default and unit) and validated here. Serializable: Spark ships it to
 * the executors inside the generating closures.
 */
public record GeneratorSettings(
    LocalDate from,
    LocalDate to,
    int customers,
    long seed,
    double badRate,
    Volumes volumes,
    SurveyRates surveys,
    EngagementPulse engagement,
    Planted planted) implements Serializable {

  static final String PREFIX = "outsidein.generate.";
  /** Longest range one run generates, in days: ten years. */
  static final long MAX_DAYS = 3660;

  public GeneratorSettings {
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    requireNonNull(volumes, "volumes is null");
    requireNonNull(surveys, "surveys is null");
    requireNonNull(engagement, "engagement is null");
    requireNonNull(planted, "planted is null");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("Cannot generate from " + from + " to " + to + ": --to is before --from");
    }
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    if (days > MAX_DAYS) {
      throw new IllegalArgumentException("Cannot generate " + days + " days from " + from + " to " + to
          + ", at most " + MAX_DAYS + ": generate a shorter range");
    }
    Check.within("customers", customers, 20, 50_000_000);
    Check.within("bad-rate", badRate, 0, 0.5);
  }

  /** Reads {@code generate = config.getConfig("outsidein.generate")}; rejects unknown keys. */
  public static GeneratorSettings from(Config generate, LocalDate from, LocalDate to) {
    requireNonNull(generate, "generate is null");
    rejectUnknownKeys(generate);
    Config p = generate.getConfig("planted");
    Planted planted = new Planted(
        new Hurricane(
            p.getInt("hurricane.count"),
            p.getInt("hurricane.warning-days"),
            p.getDouble("hurricane.multiplier"),
            p.getDouble("hurricane.base-rate"),
            p.getStringList("hurricane.skus"),
            p.getStringList("hurricane.control-skus")),
        new Transfers(
            p.getDouble("transfers.promoter-drop"),
            p.getDouble("transfers.detractor-rise"),
            p.getInt("transfers.max-transfers"),
            p.getDouble("transfers.ping-pong-rate")),
        p.getDouble("engagement.nps-slope"),
        new Renewal(
            p.getDouble("renewal.base-rate"),
            p.getDouble("renewal.per-contact"),
            p.getDouble("renewal.per-department")),
        new Referrals(p.getDouble("referrals.promoter-rate"), p.getDouble("referrals.other-rate")),
        new CoPurchase(
            p.getDouble("co-purchase.lift"),
            p.getDouble("co-purchase.support"),
            p.getStringList("co-purchase.pairs"),
            p.getStringList("co-purchase.control-pairs")));
    return new GeneratorSettings(
        from,
        to,
        generate.getInt("customers"),
        generate.getLong("seed"),
        generate.getDouble("bad-rate"),
        new Volumes(
            generate.getDouble("prospect-share"),
            generate.getDouble("new-customer-share"),
            generate.getDouble("events-per-customer-day"),
            generate.getInt("stores-per-region"),
            generate.getInt("agents-per-department"),
            generate.getInt("catalogue-size"),
            generate.getDouble("late-rate"),
            generate.getInt("max-late-days"),
            generate.getInt("write-partitions")),
        new SurveyRates(
            generate.getDouble("surveys.case-rate"),
            generate.getDouble("surveys.order-rate"),
            generate.getDouble("surveys.relationship-rate"),
            generate.getDouble("surveys.comment-rate"),
            generate.getDouble("surveys.personal-data-rate")),
        new EngagementPulse(
            generate.getInt("engagement.responses-per-unit-month"),
            generate.getInt("engagement.history-months")),
        planted);
  }

  /** The reference defaults of {@code outsidein.generate} for the given range. */
  public static GeneratorSettings defaults(LocalDate from, LocalDate to) {
    return from(ConfigFactory.defaultReference().getConfig("outsidein.generate"), from, to);
  }

  public GeneratorSettings withCustomers(int newCustomers) {
    return new GeneratorSettings(from, to, newCustomers, seed, badRate, volumes, surveys, engagement, planted);
  }

  public GeneratorSettings withSeed(long newSeed) {
    return new GeneratorSettings(from, to, customers, newSeed, badRate, volumes, surveys, engagement, planted);
  }

  public GeneratorSettings withBadRate(double newBadRate) {
    return new GeneratorSettings(from, to, customers, seed, newBadRate, volumes, surveys, engagement, planted);
  }

  /** Days from {@code from} to {@code to}, both included. */
  public int days() {
    return (int) ChronoUnit.DAYS.between(from, to) + 1;
  }

  private static void rejectUnknownKeys(Config generate) {
    Set<String> known = new TreeSet<>();
    ConfigFactory.defaultReference().getConfig("outsidein.generate").entrySet()
        .forEach(e -> known.add(e.getKey()));
    Set<String> unknown = new TreeSet<>();
    generate.entrySet().stream().map(e -> e.getKey()).filter(k -> !known.contains(k)).forEach(unknown::add);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown configuration key(s) " + unknown.stream().map(k -> PREFIX + k)
          .toList() + "; the generator knows " + known.stream().map(k -> PREFIX + k).toList());
    }
  }

  /** How much data there is and how it is delivered. */
  public record Volumes(
      double prospectShare,
      double newCustomerShare,
      double eventsPerCustomerDay,
      int storesPerRegion,
      int agentsPerDepartment,
      int catalogueSize,
      double lateRate,
      int maxLateDays,
      int writePartitions) implements Serializable {
    public Volumes {
      Check.within("prospect-share", prospectShare, 0, 10);
      Check.within("new-customer-share", newCustomerShare, 0, 1);
      Check.within("events-per-customer-day", eventsPerCustomerDay, 0.1, 200);
      Check.within("stores-per-region", storesPerRegion, 1, 999);
      Check.within("agents-per-department", agentsPerDepartment, 1, 1000);
      Check.within("catalogue-size", catalogueSize, 60, 100_000);
      Check.within("late-rate", lateRate, 0, 0.5);
      Check.within("max-late-days", maxLateDays, 1, 29);
      Check.within("write-partitions", writePartitions, 1, 1000);
    }
  }

  /** How often customers answer surveys and what their comments hold. */
  public record SurveyRates(
      double caseRate,
      double orderRate,
      double relationshipRate,
      double commentRate,
      double personalDataRate) implements Serializable {
    public SurveyRates {
      Check.within("surveys.case-rate", caseRate, 0, 1);
      Check.within("surveys.order-rate", orderRate, 0, 1);
      Check.within("surveys.relationship-rate", relationshipRate, 0, 1);
      Check.within("surveys.comment-rate", commentRate, 0, 1);
      Check.within("surveys.personal-data-rate", personalDataRate, 0, 1);
    }
  }

  /** The monthly employee pulse. */
  public record EngagementPulse(int responsesPerUnitMonth, int historyMonths) implements Serializable {
    public EngagementPulse {
      Check.within("engagement.responses-per-unit-month", responsesPerUnitMonth, 3, 1000);
      Check.within("engagement.history-months", historyMonths, 0, 24);
    }
  }

  /** The effects planted in the data and written to ground_truth.json. */
  public record Planted(
      Hurricane hurricane,
      Transfers transfers,
      double engagementNpsSlope,
      Renewal renewal,
      Referrals referrals,
      CoPurchase coPurchase) implements Serializable {
    public Planted {
      requireNonNull(hurricane, "hurricane is null");
      requireNonNull(transfers, "transfers is null");
      requireNonNull(renewal, "renewal is null");
      requireNonNull(referrals, "referrals is null");
      requireNonNull(coPurchase, "coPurchase is null");
      Check.within("planted.engagement.nps-slope", engagementNpsSlope, -60, 60);
      SurveyModel.checkPlantedEffects(transfers, engagementNpsSlope);
    }
  }

  /** (a) hurricane SKUs selling k times their usual rate before landfall. */
  public record Hurricane(
      int count, int warningDays, double multiplier, double baseRate, List<String> skus, List<String> controlSkus)
      implements Serializable {
    public Hurricane {
      Check.within("planted.hurricane.count", count, 0, 100);
      Check.within("planted.hurricane.warning-days", warningDays, 1, 14);
      Check.within("planted.hurricane.multiplier", multiplier, 1, 100);
      Check.within("planted.hurricane.base-rate", baseRate, 0.001, 0.5);
      if (multiplier * baseRate > 1) {
        throw new IllegalArgumentException(PREFIX + "planted.hurricane.multiplier x base-rate is "
            + multiplier * baseRate + ", must be at most 1: lower one of them");
      }
      skus = List.copyOf(skus);
      controlSkus = List.copyOf(controlSkus);
      Check.notEmpty("planted.hurricane.skus", skus);
      Check.notEmpty("planted.hurricane.control-skus", controlSkus);
    }
  }

  /** (b) transfers turning customers into detractors, in percentage points per transfer after the first. */
  public record Transfers(double promoterDrop, double detractorRise, int maxTransfers, double pingPongRate)
      implements Serializable {
    public Transfers {
      Check.within("planted.transfers.promoter-drop", promoterDrop, 0, 30);
      Check.within("planted.transfers.detractor-rise", detractorRise, 0, 30);
      Check.within("planted.transfers.max-transfers", maxTransfers, 1, 8);
      Check.within("planted.transfers.ping-pong-rate", pingPongRate, 0, 1);
    }
  }

  /** (d) B2B renewal chance by breadth of engagement; the per-step effects in percentage points. */
  public record Renewal(double baseRate, double perContact, double perDepartment) implements Serializable {
    public Renewal {
      Check.within("planted.renewal.base-rate", baseRate, 0, 1);
      Check.within("planted.renewal.per-contact", perContact, 0, 20);
      Check.within("planted.renewal.per-department", perDepartment, 0, 20);
      double best = baseRate + (perContact * (Accounts.MAX_CONTACTS - 1)
          + perDepartment * (Accounts.MAX_DEPARTMENTS - 1)) / 100;
      if (best > 1) {
        throw new IllegalArgumentException(PREFIX + "planted.renewal gives the broadest account a renewal chance of "
            + best + ", must be at most 1: lower base-rate, per-contact or per-department");
      }
    }

    /** The chance that an account with these many active contacts and departments renews. */
    double chance(int activeContacts, int departments) {
      return baseRate + (perContact * (activeContacts - 1) + perDepartment * (departments - 1)) / 100;
    }
  }

  /** (e) referrals per 30 days. */
  public record Referrals(double promoterRate, double otherRate) implements Serializable {
    public Referrals {
      Check.within("planted.referrals.promoter-rate", promoterRate, 0, 10);
      Check.within("planted.referrals.other-rate", otherRate, 0, 10);
    }
  }

  /** (f) item pairs bought together with a stated lift. */
  public record CoPurchase(double lift, double support, List<String> pairs, List<String> controlPairs)
      implements Serializable {
    public CoPurchase {
      Check.within("planted.co-purchase.lift", lift, 1, 50);
      Check.within("planted.co-purchase.support", support, 0.001, 0.3);
      if (lift * support > 1) {
        throw new IllegalArgumentException(PREFIX + "planted.co-purchase.lift x support is " + lift * support
            + ", must be at most 1: lower one of them");
      }
      pairs = List.copyOf(pairs);
      controlPairs = List.copyOf(controlPairs);
      for (String pair : pairs) {
        Check.pair("planted.co-purchase.pairs", pair);
      }
      for (String pair : controlPairs) {
        Check.pair("planted.co-purchase.control-pairs", pair);
      }
    }
  }

  /** The range checks of the records above, with messages that name the key. */
  static final class Check {
    private Check() {}

    static void within(String key, double value, double min, double max) {
      if (!(value >= min && value <= max)) {
        throw new IllegalArgumentException(PREFIX + key + " is " + format(value) + ", must be within ["
            + format(min) + ", " + format(max) + "]");
      }
    }

    static void notEmpty(String key, List<String> values) {
      if (values.isEmpty()) {
        throw new IllegalArgumentException(PREFIX + key + " is empty, must list at least one SKU");
      }
    }

    static void pair(String key, String pair) {
      String[] parts = pair.split(":");
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank() || parts[0].equals(parts[1])) {
        throw new IllegalArgumentException(PREFIX + key + " holds \"" + pair
            + "\", must be two different SKUs as \"a:b\"");
      }
    }

    private static String format(double value) {
      return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
  }
}
