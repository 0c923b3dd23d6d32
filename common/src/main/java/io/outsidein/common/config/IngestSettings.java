package io.outsidein.common.config;

import io.outsidein.common.schema.Source;
import java.time.Duration;
import java.time.ZoneId;
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
      Map<String, String> columns = s.stringMap("columns");
      for (String canonical : columns.keySet()) {
        if (!source.fieldNames().contains(canonical)) {
          throw s.invalid("columns." + canonical, "the key must be a canonical field of " + source.id() + ": "
              + source.fieldNames());
        }
      }
      List<String> key = s.stringList("key");
      for (String field : key) {
        if (!source.fieldNames().contains(field)) {
          throw s.invalid("key", "canonical fields of " + source.id() + " from " + source.fieldNames()
              + " (empty: the contract's natural key " + source.naturalKey() + ")");
        }
      }
      ZoneId timeZone = s.zone("time-zone");
      ZoneId deliveryZone = s.string("delivery-zone").isBlank() ? timeZone : s.zone("delivery-zone");
      sources.put(source, new SourceSettings(timeZone, deliveryZone, columns,
          key.isEmpty() ? source.naturalKey() : key, share < 0 ? globalShare : share));
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
}
