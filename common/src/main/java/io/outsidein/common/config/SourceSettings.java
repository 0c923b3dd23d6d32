package io.outsidein.common.config;

import java.time.ZoneId;
import java.util.Map;

/**
 * How one source is delivered: the zone of its zone-less timestamps, the zone of its delivery days, its column
 * names where they differ from the canonical ones, and its data-quality gate.
 *
 * @param deliveryZone the zone of the delivery day ({@code dt=} folder): a day's deliveries end at midnight
 *     there, and the future skew and the lookback are measured from that day
 * @param columns canonical field name to delivered column name; a field not listed is delivered as named
 * @param maxQuarantineShare the gate for this source, already resolved against the global one
 */
public record SourceSettings(ZoneId timeZone, ZoneId deliveryZone, Map<String, String> columns,
    double maxQuarantineShare) {
  public SourceSettings {
    columns = Map.copyOf(columns);
  }

  /** The delivered column name of a canonical field. */
  public String deliveredName(String canonical) {
    return columns.getOrDefault(canonical, canonical);
  }
}
