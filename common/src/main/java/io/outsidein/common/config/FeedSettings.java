package io.outsidein.common.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How one feed of a source is delivered: where its files land, the zone of its zone-less timestamps and of its
 * delivery days, its column names where they differ from the canonical ones, and the key that identifies its
 * records. A source has one feed unless two systems deliver it in different layouts (two shops, two survey
 * tools); every feed lands in the source's one silver table with its name recorded.
 *
 * @param name the feed's name, recorded in silver's {@code feed} column; {@value #DEFAULT} for a source
 *     that declares no feeds
 * @param path the folder of its {@code dt=} folders: relative to the raw root, or a full URI
 * @param deliveryZone the zone of the delivery day ({@code dt=} folder): a day's deliveries end at midnight
 *     there, and the future skew and the lookback are measured from that day
 * @param columns canonical field name to delivered column name; a field not listed is delivered as named
 * @param key the canonical fields that identify a record of this feed: records with one key are one record
 *     delivered again (a duplicate) when their content agrees, and a conflict when it does not. Records of two
 *     feeds never share a key
 */
public record FeedSettings(String name, String path, ZoneId timeZone, ZoneId deliveryZone,
    Map<String, String> columns, List<String> key) {
  /** The name of the one feed of a source that declares none. */
  public static final String DEFAULT = "default";
  /** Feed names: they are recorded in silver and may name a folder. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public FeedSettings {
    columns = Map.copyOf(columns);
    key = List.copyOf(key);
  }

  /** The delivered column name of a canonical field. */
  public String deliveredName(String canonical) {
    return columns.getOrDefault(canonical, canonical);
  }
}
