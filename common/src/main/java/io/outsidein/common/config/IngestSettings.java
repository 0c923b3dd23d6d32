package io.outsidein.common.config;

import com.typesafe.config.Config;
import io.outsidein.common.schema.Source;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Settings of raw to silver: lateness, skew, retention, the quality gate, enumerations and per-source delivery. */
public record IngestSettings(
    int lookbackDays,
    Duration maxFutureSkew,
    int quarantineRetentionDays,
    double maxQuarantineShare,
    int readParallelism,
    Map<Source, SourceSettings> sources,
    Map<String, List<String>> enums,
    Map<String, Map<String, String>> synonyms) {

  private static final Set<String> FEED_KEYS = Set.of("path", "time-zone", "delivery-zone", "columns", "key");
  private static final Set<String> ENUMS = Set.of("channel", "event_type", "survey_type", "segment", "acquisition_channel",
      "context_event_type");

  public IngestSettings {
    sources = Map.copyOf(sources);
    enums = Map.copyOf(enums);
    synonyms = Map.copyOf(synonyms);
  }

  public SourceSettings source(Source source) {
    return sources.get(source);
  }

  /** The known values of an enumeration such as {@code channel}. */
  public List<String> enumValues(String name) {
    List<String> values = enums.get(name);
    if (values == null) {
      throw new IllegalArgumentException("No enumeration " + name);
    }
    return values;
  }

  /** Delivered value (lower case) to canonical value, for an enumerated field; empty when none configured. */
  public Map<String, String> synonymsOf(String field) {
    return synonyms.getOrDefault(field, Map.of());
  }

  /** Reads {@code outsidein.ingest}; {@code ingest} is that section. */
  public static IngestSettings read(ConfigReader ingest) {
    double globalShare = ingest.doubleIn("max-quarantine-share", 0.0, 1.0);
    Map<Source, SourceSettings> sources = new EnumMap<>(Source.class);
    for (Source source : Source.values()) {
      ConfigReader s = ingest.section("sources." + source.id());
      double share = s.doubleIn("max-quarantine-share", -1.0, 1.0);
      FeedSettings defaults = feed(source, s, FeedSettings.DEFAULT, source.id(), null);
      List<FeedSettings> feeds = new ArrayList<>();
      Config declared = s.config().getConfig("feeds");
      for (String name : new java.util.TreeSet<>(declared.root().keySet())) {
        if (!FeedSettings.NAME.matcher(name).matches()) {
          throw s.invalid("feeds." + name, "a feed name of lower-case letters, digits, _ and - (" + FeedSettings.NAME
              + ")");
        }
        feeds.add(feed(source, s.section("feeds." + name), name, source.id() + "/" + name, defaults));
      }
      boolean orderLines = source == Source.ORDER_LINES;
      sources.put(source, new SourceSettings(feeds.isEmpty() ? List.of(defaults) : feeds,
          share < 0 ? globalShare : share,
          orderLines && keep(s, "returns"), orderLines && keep(s, "guest-purchases")));
    }
    Map<String, List<String>> enums = new LinkedHashMap<>();
    for (String name : ENUMS) {
      List<String> values = ingest.stringList("enums." + name);
      if (values.isEmpty()) {
        throw ingest.invalid("enums." + name, "must list at least one value");
      }
      enums.put(name, values);
    }
    Map<String, Map<String, String>> synonyms = new LinkedHashMap<>();
    for (String field : ingest.config().getConfig("synonyms").root().keySet()) {
      synonyms.put(field, ingest.section("synonyms").stringMap(field));
    }
    return new IngestSettings(
        ingest.intIn("lookback-days", 0, 3650),
        ingest.durationIn("max-future-skew", Duration.ZERO, Duration.ofDays(7)),
        ingest.intIn("quarantine-retention-days", 1, 36500),
        globalShare,
        ingest.intIn("read-parallelism", 0, 100_000),
        sources,
        enums,
        synonyms);
  }

  /**
   * A feed's delivery: its own keys where set, else the source's ({@code inherited}); the source's own keys
   * when {@code inherited} is null.
   */
  private static FeedSettings feed(Source source, ConfigReader f, String name, String defaultPath,
      FeedSettings inherited) {
    if (inherited != null) {
      for (String key : f.config().root().keySet()) {
        if (!FEED_KEYS.contains(key)) {
          throw f.invalid(key, "a key of a feed: " + FEED_KEYS);
        }
      }
    }
    boolean own = inherited == null;
    Map<String, String> columns = own || f.config().hasPathOrNull("columns") ? f.stringMap("columns")
        : inherited.columns();
    for (String canonical : columns.keySet()) {
      if (!source.fieldNames().contains(canonical)) {
        throw f.invalid("columns." + canonical, "the key must be a canonical field of " + source.id() + ": "
            + source.fieldNames());
      }
    }
    List<String> key = own || f.config().hasPath("key") ? f.stringList("key") : inherited.key();
    for (String field : key) {
      if (!source.fieldNames().contains(field)) {
        throw f.invalid("key", "canonical fields of " + source.id() + " from " + source.fieldNames()
            + " (empty: the contract's natural key " + source.naturalKey() + ")");
      }
    }
    ZoneId timeZone = own || f.config().hasPath("time-zone") ? f.zone("time-zone") : inherited.timeZone();
    ZoneId deliveryZone;
    if (own || f.config().hasPath("delivery-zone")) {
      deliveryZone = f.string("delivery-zone").isBlank() ? timeZone : f.zone("delivery-zone");
    } else {
      // A feed that sets its own time zone but no delivery zone delivers its days in its own zone.
      deliveryZone = f.config().hasPath("time-zone") ? timeZone : inherited.deliveryZone();
    }
    String path = own || !f.config().hasPath("path") ? defaultPath : f.nonEmptyString("path");
    return new FeedSettings(name, path, timeZone, deliveryZone, columns, key.isEmpty() ? source.naturalKey() : key);
  }

  private static boolean keep(ConfigReader source, String key) {
    String value = source.string(key);
    if (!value.equals("keep") && !value.equals("quarantine")) {
      throw source.invalid(key, "keep or quarantine");
    }
    return value.equals("keep");
  }
}
