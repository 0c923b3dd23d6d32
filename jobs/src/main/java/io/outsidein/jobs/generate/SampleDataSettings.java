package io.outsidein.jobs.generate;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.ConfigFactory;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.config.OutsideinSettings;
import java.time.LocalDate;
import java.util.List;

/**
 * The sample-data generator's settings ({@code outsidein.generate} in reference.conf, every key documented
 * there), read and checked at start-up like every other section: a bad value names its key, the value, its file
 * and what is allowed. {@link #forRange} gives the settings of one generation.
 */
public record SampleDataSettings(
    int customers,
    long seed,
    double badRate,
    GeneratorSettings.Volumes volumes,
    GeneratorSettings.SurveyRates surveys,
    GeneratorSettings.EngagementPulse engagement,
    GeneratorSettings.Planted planted) {

  public SampleDataSettings {
    requireNonNull(volumes, "volumes is null");
    requireNonNull(surveys, "surveys is null");
    requireNonNull(engagement, "engagement is null");
    requireNonNull(planted, "planted is null");
  }

  /** The reference defaults. */
  public static SampleDataSettings defaults() {
    return read(OutsideinSettings.root(ConfigFactory.defaultReference()));
  }

  /** Reads {@code outsidein.generate}; {@code outsidein} is the root section. */
  public static SampleDataSettings read(ConfigReader outsidein) {
    ConfigReader g = outsidein.section("generate");
    return new SampleDataSettings(
        g.intIn("customers", 20, 50_000_000),
        g.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        g.doubleIn("bad-rate", 0, 0.5),
        new GeneratorSettings.Volumes(
            g.doubleIn("prospect-share", 0, 10),
            g.doubleIn("new-customer-share", 0, 1),
            g.doubleIn("events-per-customer-day", 0.1, 200),
            g.intIn("stores-per-region", 1, 999),
            g.intIn("agents-per-department", 1, 1000),
            g.intIn("catalogue-size", 60, 100_000),
            g.doubleIn("late-rate", 0, 0.5),
            g.intIn("max-late-days", 1, 29),
            g.intIn("write-partitions", 1, 1000)),
        new GeneratorSettings.SurveyRates(
            g.doubleIn("surveys.case-rate", 0, 1),
            g.doubleIn("surveys.order-rate", 0, 1),
            g.doubleIn("surveys.relationship-rate", 0, 1),
            g.doubleIn("surveys.comment-rate", 0, 1),
            g.doubleIn("surveys.personal-data-rate", 0, 1)),
        new GeneratorSettings.EngagementPulse(
            g.intIn("engagement.responses-per-unit-month", 3, 1000),
            g.intIn("engagement.history-months", 0, 24)),
        planted(g.section("planted")));
  }

  private static GeneratorSettings.Planted planted(ConfigReader p) {
    GeneratorSettings.Hurricane hurricane = new GeneratorSettings.Hurricane(
        p.intIn("hurricane.count", 0, 100),
        p.intIn("hurricane.warning-days", 1, 14),
        p.doubleIn("hurricane.multiplier", 1, 100),
        p.doubleIn("hurricane.base-rate", 0.001, 0.5),
        skus(p, "hurricane.skus"),
        skus(p, "hurricane.control-skus"));
    if (hurricane.multiplier() * hurricane.baseRate() > 1) {
      throw p.invalid("hurricane.multiplier", "at most 1 / hurricane.base-rate (" + hurricane.baseRate()
          + "): the chance of a basket holding a planted SKU cannot pass 1");
    }
    GeneratorSettings.Transfers transfers = new GeneratorSettings.Transfers(
        p.doubleIn("transfers.promoter-drop", 0, 30),
        p.doubleIn("transfers.detractor-rise", 0, 30),
        p.intIn("transfers.max-transfers", 1, 8),
        p.doubleIn("transfers.ping-pong-rate", 0, 1));
    double slope = p.doubleIn("engagement.nps-slope", -60, 60);
    if (!SurveyModel.plantedEffectsFit(transfers, slope)) {
      throw p.invalid("transfers", "smaller promoter-drop, detractor-rise or max-transfers (with "
          + "engagement.nps-slope " + slope + "): they push a promoter or detractor chance out of [0, 1]");
    }
    GeneratorSettings.Renewal renewal = new GeneratorSettings.Renewal(
        p.doubleIn("renewal.base-rate", 0, 1),
        p.doubleIn("renewal.per-contact", 0, 20),
        p.doubleIn("renewal.per-department", 0, 20));
    if (renewal.best() > 1) {
      throw p.invalid("renewal", "a smaller base-rate, per-contact or per-department: the broadest account "
          + "would renew with chance " + renewal.best());
    }
    GeneratorSettings.CoPurchase coPurchase = new GeneratorSettings.CoPurchase(
        p.doubleIn("co-purchase.lift", 1, 50),
        p.doubleIn("co-purchase.support", 0.001, 0.3),
        pairs(p, "co-purchase.pairs"),
        pairs(p, "co-purchase.control-pairs"));
    if (coPurchase.lift() * coPurchase.support() > 1) {
      throw p.invalid("co-purchase.lift", "at most 1 / co-purchase.support (" + coPurchase.support()
          + "): the chance of a basket holding a planted pair cannot pass 1");
    }
    List<String> named = new java.util.ArrayList<>(hurricane.skus());
    named.addAll(hurricane.controlSkus());
    for (String pair : coPurchase.pairs()) {
      named.addAll(List.of(pair.split(":")));
    }
    for (String pair : coPurchase.controlPairs()) {
      named.addAll(List.of(pair.split(":")));
    }
    if (new java.util.HashSet<>(named).size() != named.size()) {
      throw p.invalid("co-purchase.pairs", "items that differ from each other, from the control pairs' and from "
          + "the hurricane and control SKUs");
    }
    return new GeneratorSettings.Planted(hurricane, transfers, slope, renewal,
        new GeneratorSettings.Referrals(p.doubleIn("referrals.promoter-rate", 0, 10),
            p.doubleIn("referrals.other-rate", 0, 10)),
        coPurchase);
  }

  private static List<String> skus(ConfigReader p, String path) {
    List<String> skus = p.stringList(path);
    if (skus.isEmpty()) {
      throw p.invalid(path, "at least one SKU");
    }
    return skus;
  }

  private static List<String> pairs(ConfigReader p, String path) {
    List<String> pairs = p.stringList(path);
    for (String pair : pairs) {
      String[] parts = pair.split(":");
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank() || parts[0].equals(parts[1])) {
        throw p.invalid(path, "pairs of two different SKUs written \"a:b\"");
      }
    }
    return pairs;
  }

  /** The settings of one generation over [from, to]. */
  public GeneratorSettings forRange(LocalDate from, LocalDate to) {
    return new GeneratorSettings(from, to, customers, seed, badRate, volumes, surveys, engagement, planted);
  }

  public SampleDataSettings withCustomers(int newCustomers) {
    return new SampleDataSettings(newCustomers, seed, badRate, volumes, surveys, engagement, planted);
  }

  public SampleDataSettings withBadRate(double newBadRate) {
    return new SampleDataSettings(customers, seed, newBadRate, volumes, surveys, engagement, planted);
  }
}
