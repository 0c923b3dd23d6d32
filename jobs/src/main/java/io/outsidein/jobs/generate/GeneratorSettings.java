package io.outsidein.jobs.generate;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Everything one generation needs: the range of days and the {@link SampleDataSettings} read (and checked)
 * from {@code outsidein.generate} at start-up. Serializable: Spark ships it to the executors inside the
 * generating closures.
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
  }

  /** The reference defaults of {@code outsidein.generate} for the given range. */
  public static GeneratorSettings defaults(LocalDate from, LocalDate to) {
    return SampleDataSettings.defaults().forRange(from, to);
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
  }

  /** How often customers answer surveys and what their comments hold. */
  public record SurveyRates(
      double caseRate,
      double orderRate,
      double relationshipRate,
      double commentRate,
      double personalDataRate) implements Serializable {
  }

  /** The monthly employee pulse. */
  public record EngagementPulse(int responsesPerUnitMonth, int historyMonths) implements Serializable {
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
    }
  }

  /** (a) hurricane SKUs selling k times their usual rate before landfall. */
  public record Hurricane(
      int count, int warningDays, double multiplier, double baseRate, List<String> skus, List<String> controlSkus)
      implements Serializable {
    public Hurricane {
      skus = List.copyOf(skus);
      controlSkus = List.copyOf(controlSkus);
    }
  }

  /** (b) transfers turning customers into detractors, in percentage points per transfer after the first. */
  public record Transfers(double promoterDrop, double detractorRise, int maxTransfers, double pingPongRate)
      implements Serializable {
  }

  /** (d) B2B renewal chance by breadth of engagement; the per-step effects in percentage points. */
  public record Renewal(double baseRate, double perContact, double perDepartment) implements Serializable {
    /** The chance of the broadest account (every contact active, every department). */
    double best() {
      return chance(Accounts.MAX_CONTACTS, Accounts.MAX_DEPARTMENTS);
    }

    /** The chance that an account with these many active contacts and departments renews. */
    double chance(int activeContacts, int departments) {
      return baseRate + (perContact * (activeContacts - 1) + perDepartment * (departments - 1)) / 100;
    }
  }

  /** (e) referrals per 30 days. */
  public record Referrals(double promoterRate, double otherRate) implements Serializable {
  }

  /** (f) item pairs bought together with a stated lift. */
  public record CoPurchase(double lift, double support, List<String> pairs, List<String> controlPairs)
      implements Serializable {
    public CoPurchase {
      pairs = List.copyOf(pairs);
      controlPairs = List.copyOf(controlPairs);
    }
  }
}
