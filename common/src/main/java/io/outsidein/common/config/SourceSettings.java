package io.outsidein.common.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * How one source is delivered: the zone of its zone-less timestamps, the zone of its delivery days, its column
 * names where they differ from the canonical ones, and its data-quality gate.
 *
 * @param deliveryZone the zone of the delivery day ({@code dt=} folder): a day's deliveries end at midnight
 *     there, and the future skew and the lookback are measured from that day
 * @param columns canonical field name to delivered column name; a field not listed is delivered as named
 * @param key the canonical fields that identify a record of this source: records with one key are one
 *     record delivered again (a duplicate) when their content agrees, and a conflict when it does not
 * @param maxQuarantineShare the gate for this source, already resolved against the global one
 */
public record SourceSettings(ZoneId timeZone, ZoneId deliveryZone, Map<String, String> columns,
    List<String> key, double maxQuarantineShare) {
  public SourceSettings {
    columns = Map.copyOf(columns);
    key = List.copyOf(key);
  }

  /** The delivered column name of a canonical field. */
  public String deliveredName(String canonical) {
    return columns.getOrDefault(canonical, canonical);
  }
}
