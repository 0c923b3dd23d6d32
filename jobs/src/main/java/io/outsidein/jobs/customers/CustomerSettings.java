package io.outsidein.jobs.customers;

import io.outsidein.common.config.ConfigReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** The settings of the customers stage ({@code outsidein.customers} in reference.conf, documented there). */
public record CustomerSettings(
    Duration window,
    double marginRate,
    ChannelCosts contactCost,
    ChannelCosts handlingMinutes,
    double agentCostPerMinute,
    double transferCost,
    double returnCost,
    double costlyRatio,
    int whyReasons,
    Duration forecastHorizon,
    double forecastPriorDays,
    double lookalikeTopShare,
    ModelSettings models) {

  /** {@code customers.models}: the conversion and churn models, their training and their cadence. */
  public record ModelSettings(
      Duration retrainEvery,
      Duration lookback,
      Duration conversionHorizon,
      Duration churnHorizon,
      double holdoutShare,
      int minClass,
      double aucFloor,
      double regularization,
      double confidence) {
    static ModelSettings read(ConfigReader m) {
      return new ModelSettings(
          m.durationIn("retrain-every", Duration.ofDays(1), Duration.ofDays(3660)),
          m.durationIn("lookback", Duration.ofDays(1), Duration.ofDays(3660)),
          m.durationIn("conversion-horizon", Duration.ofDays(1), Duration.ofDays(3660)),
          m.durationIn("churn-horizon", Duration.ofDays(1), Duration.ofDays(3660)),
          m.doubleIn("holdout-share", 0.05, 0.95),
          m.intIn("min-class", 1, 1_000_000),
          m.doubleIn("auc-floor", 0, 1),
          m.doubleIn("regularization", 0, 1_000),
          m.doubleIn("confidence", 0.5, 0.9999));
    }
  }

  /** Costs by channel, with {@code other} for every channel not listed. */
  public record ChannelCosts(Map<String, Double> byChannel, double other) {
    public ChannelCosts {
      byChannel = Map.copyOf(byChannel);
    }

    static ChannelCosts read(ConfigReader costs, String path) {
      ConfigReader section = costs.section(path);
      Map<String, Double> byChannel = new LinkedHashMap<>();
      for (String channel : new TreeSet<>(section.config().root().keySet())) {
        if (!channel.equals("other")) {
          byChannel.put(channel, section.doubleIn(channel, 0, 1_000_000));
        }
      }
      return new ChannelCosts(byChannel, section.doubleIn("other", 0, 1_000_000));
    }
  }

  /** Reads {@code outsidein.customers}; {@code outsidein} is the root section. */
  public static CustomerSettings read(ConfigReader outsidein) {
    ConfigReader s = outsidein.section("customers");
    ConfigReader costs = s.section("costs");
    return new CustomerSettings(
        s.durationIn("window", Duration.ofDays(1), Duration.ofDays(3660)),
        s.doubleIn("margin-rate", 0, 1),
        ChannelCosts.read(costs, "contact"),
        ChannelCosts.read(costs, "handling-minutes"),
        costs.doubleIn("agent-cost-per-minute", 0, 1_000_000),
        costs.doubleIn("transfer", 0, 1_000_000),
        costs.doubleIn("return", 0, 1_000_000),
        s.doubleIn("costly-ratio", 0.000_001, 1_000_000),
        s.intIn("why-reasons", 1, 10),
        s.durationIn("forecast.horizon", Duration.ofDays(1), Duration.ofDays(3660)),
        s.doubleIn("forecast.prior-days", 0, 3660),
        s.doubleIn("lookalike.top-share", 0.001, 1),
        ModelSettings.read(s.section("models")));
  }
}
