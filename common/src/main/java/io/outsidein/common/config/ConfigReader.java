package io.outsidein.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values out of a resolved configuration and turns every wrong type or out-of-range value into a
 * {@link ConfigurationException} that names the key, the value, what is allowed and the file and line it came
 * from. Settings records read through it, so no setting carries a second default: reference.conf has them all.
 */
public final class ConfigReader {
  private final Config config;
  private final String prefix;

  public ConfigReader(Config config) {
    this(config, "");
  }

  private ConfigReader(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** A reader of the section at {@code path}, whose messages still name the full key. */
  public ConfigReader section(String path) {
    return new ConfigReader(config.getConfig(path), key(path) + ".");
  }

  /** The underlying configuration of this section (for open maps and sections read elsewhere). */
  public Config config() {
    return config;
  }

  public String string(String path) {
    try {
      return config.getString(path);
    } catch (ConfigException.WrongType e) {
      throw invalid(path, "must be a string");
    }
  }

  public String nonEmptyString(String path) {
    String value = string(path);
    if (value.isBlank()) {
      throw invalid(path, "must not be empty");
    }
    return value;
  }

  public int intIn(String path, int min, int max) {
    int value;
    try {
      value = config.getInt(path);
    } catch (ConfigException.WrongType e) {
      throw invalid(path, "must be a whole number from " + min + " to " + max);
    }
    if (value < min || value > max) {
      throw invalid(path, "must be a whole number from " + min + " to " + max);
    }
    return value;
  }

  public long longIn(String path, long min, long max) {
    long value;
    try {
      value = config.getLong(path);
    } catch (ConfigException.WrongType e) {
      throw invalid(path, "must be a whole number from " + min + " to " + max);
    }
    if (value < min || value > max) {
      throw invalid(path, "must be a whole number from " + min + " to " + max);
    }
    return value;
  }

  public double doubleIn(String path, double min, double max) {
    double value;
    try {
      value = config.getDouble(path);
    } catch (ConfigException.WrongType e) {
      throw invalid(path, "must be a number from " + min + " to " + max);
    }
    if (!(value >= min && value <= max)) {
      throw invalid(path, "must be a number from " + min + " to " + max);
    }
    return value;
  }

  public boolean bool(String path) {
    try {
      return config.getBoolean(path);
    } catch (ConfigException.WrongType e) {
      throw invalid(path, "must be true or false");
    }
  }

  public Duration durationIn(String path, Duration min, Duration max) {
    Duration value;
    try {
      value = config.getDuration(path);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw invalid(path, "must be a duration such as 30m, 2h or 1d");
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw invalid(path, "must be a duration from " + min + " to " + max);
    }
    return value;
  }

  /** A duration as configuration writes it: {@code 30m}, {@code 4h}, {@code 10d} (else ISO-8601). */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0";
    }
    if (duration.toDaysPart() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
      return duration.toDays() + "d";
    }
    if (duration.equals(Duration.ofHours(duration.toHours()))) {
      return duration.toHours() + "h";
    }
    if (duration.equals(Duration.ofMinutes(duration.toMinutes()))) {
      return duration.toMinutes() + "m";
    }
    return duration.toString();
  }

  public ZoneId zone(String path) {
    String value = string(path);
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw invalid(path, "must be a time-zone id such as UTC or America/New_York");
    }
  }

  public List<String> stringList(String path) {
    try {
      return List.copyOf(config.getStringList(path));
    } catch (ConfigException.WrongType e) {
      throw invalid(path, "must be a list of strings");
    }
  }

  /** An open map of string to string (e.g. column mappings, synonyms, extra Spark settings). */
  public Map<String, String> stringMap(String path) {
    Map<String, String> map = new LinkedHashMap<>();
    // Null clears a map set by an included file (HOCON merges objects): `columns = null`.
    if (config.hasPathOrNull(path) && config.getIsNull(path)) {
      return Map.of();
    }
    Config section;
    try {
      section = config.getConfig(path);
    } catch (ConfigException.WrongType e) {
      throw invalid(path, "must be an object of key = value");
    }
    // entrySet flattens nested objects into dotted keys, so "spark.driver.memory" = "4g" reads back whole.
    for (Map.Entry<String, ConfigValue> entry : section.entrySet()) {
      ConfigValue value = entry.getValue();
      if (value.valueType() == ConfigValueType.LIST || value.valueType() == ConfigValueType.OBJECT) {
        throw invalid(path + "." + entry.getKey(), "must be a plain value");
      }
      map.put(unquote(entry.getKey()), String.valueOf(value.unwrapped()));
    }
    return Map.copyOf(map);
  }

  private static String unquote(String key) {
    return key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
  }

  /** Whether {@code path} is set (to anything but null). */
  public boolean has(String path) {
    return config.hasPath(path);
  }

  /** The objects of a list, each a reader whose messages name its place: {@code scores.cx-areas[2].area}. */
  public List<ConfigReader> sections(String path) {
    List<? extends Config> list;
    try {
      list = config.getConfigList(path);
    } catch (ConfigException.WrongType e) {
      throw invalid(path, "must be a list of objects { ... }");
    }
    List<ConfigReader> readers = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      readers.add(new ConfigReader(list.get(i), key(path) + "[" + i + "]."));
    }
    return List.copyOf(readers);
  }

  /**
   * Stops at a key of this section that is not one of {@code known}, naming the closest. For objects inside
   * lists, which the loader's check of keys against reference.conf cannot see into.
   */
  public void requireOnly(Set<String> known) {
    for (String name : new TreeSet<>(config.root().keySet())) {
      if (!known.contains(name)) {
        String suggestion = EditDistance.closest(known, name).map(k -> "; did you mean " + key(k) + "?")
            .orElse("; known keys here: " + String.join(", ", new TreeSet<>(known)));
        throw ConfigurationException.unknownKey(key(name), describe(config.getValue(name)), suggestion);
      }
    }
  }

  public ConfigurationException invalid(String path, String allowed) {
    Object value = config.hasPathOrNull(path) && !config.getIsNull(path)
        ? config.getValue(path).render().replace('\n', ' ')
        : "null";
    return ConfigurationException.invalid(key(path), value, allowed, origin(path));
  }

  private String origin(String path) {
    return config.hasPath(path) ? describe(config.getValue(path)) : "not set";
  }

  static String describe(ConfigValue value) {
    String description = value.origin().description();
    if (description.startsWith("command line --set")) {
      return "command line --set";
    }
    // Typesafe describes a classpath default as "reference.conf @ jar:file:/...!/reference.conf: 12".
    int at = description.indexOf(" @ ");
    if (at > 0 && description.startsWith("reference.conf")) {
      int line = value.origin().lineNumber();
      return "default in reference.conf" + (line > 0 ? " line " + line : "");
    }
    return description;
  }

  private String key(String path) {
    return prefix + path;
  }
}
