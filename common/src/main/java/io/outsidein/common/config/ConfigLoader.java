package io.outsidein.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.outsidein.common.schema.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads the configuration of a run: the defaults of every {@code reference.conf} on the classpath, then an
 * environment file ({@code --conf}), then {@code --set key=value} overrides, later ones winning. Rejects a key
 * that reference.conf does not declare, so that a typo fails at start-up instead of being ignored all night.
 */
public final class ConfigLoader {
  /** Where free-form keys are allowed: their names are Spark's, a delivery's or a synonym's, not ours. */
  private static final List<Pattern> OPEN_MAPS = List.of(
      Pattern.compile("outsidein\\.spark\\.extra\\..+"),
      // Only under a source that exists: a misspelt source name is an unknown key, not a mapping of nothing.
      Pattern.compile("outsidein\\.ingest\\.sources\\.(" + Arrays.stream(Source.values()).map(Source::id)
          .collect(Collectors.joining("|")) + ")\\.(columns|feeds)\\..+"),
      Pattern.compile("outsidein\\.ingest\\.synonyms\\..+"));
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|token|credential|access\\.key).*");
  private static final String SET_ORIGIN = "command line --set";

  private final Config reference;

  public ConfigLoader() {
    this(ConfigFactory.defaultReference());
  }

  ConfigLoader(Config reference) {
    this.reference = reference;
  }

  /**
   * @param file an environment file such as conf/local.conf, or empty for the defaults alone
   * @param overrides {@code key=value} pairs from the command line
   */
  public Config load(Optional<Path> file, List<String> overrides) {
    Config fromFile = file.map(ConfigLoader::parseFile).orElse(ConfigFactory.empty());
    Config fromCommandLine = parseOverrides(overrides);
    Config user = fromCommandLine.withFallback(fromFile);
    Config merged;
    try {
      merged = user.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new ConfigurationException("Cannot resolve the configuration: " + e.getMessage(), e);
    }
    rejectUnknownKeys(user.resolveWith(merged));
    return merged;
  }

  private static Config parseFile(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new ConfigurationException("Configuration file " + path + " does not exist (--conf)");
    }
    try {
      return ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ConfigurationException("Cannot parse configuration file " + path + ": " + e.getMessage(), e);
    }
  }

  private static Config parseOverrides(List<String> overrides) {
    Config result = ConfigFactory.empty();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException("Cannot read --set " + override + ": expected key=value");
      }
      String key = override.substring(0, eq).trim();
      String value = override.substring(eq + 1).trim();
      result = ConfigFactory.empty(SET_ORIGIN).withValue(key, overrideValue(key, value)).withFallback(result);
    }
    return result;
  }

  private static ConfigValue overrideValue(String key, String value) {
    // A HOCON value when it parses as one (numbers, lists, durations); else the plain string, e.g. local[*].
    try {
      ConfigValue parsed = ConfigFactory.parseString("v = " + value, ConfigParseOptions.defaults()
          .setOriginDescription(SET_ORIGIN)).getValue("v");
      return parsed;
    } catch (ConfigException e) {
      return ConfigValueFactory.fromAnyRef(value, SET_ORIGIN);
    } catch (RuntimeException e) {
      throw new ConfigurationException("Cannot read --set " + key + "=" + value + ": " + e.getMessage(), e);
    }
  }

  private void rejectUnknownKeys(Config user) {
    for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
      String key = entry.getKey();
      if (isOpen(key) || reference.hasPathOrNull(key)) {
        continue;
      }
      throw ConfigurationException.unknownKey(key, ConfigReader.describe(entry.getValue()), suggestion(key));
    }
  }

  private static boolean isOpen(String key) {
    return OPEN_MAPS.stream().anyMatch(p -> p.matcher(key).matches());
  }

  /**
   * The key meant: the first segment that does not exist where it stands, replaced by its closest sibling
   * ({@code sources.orderlines.columns.qty} gives {@code sources.order_lines.columns.qty}), else the closest
   * whole key.
   */
  private String suggestion(String key) {
    String[] segments = key.split("\\.");
    String parent = "";
    for (int i = 0; i < segments.length; i++) {
      String path = parent.isEmpty() ? segments[i] : parent + "." + segments[i];
      if (!reference.hasPathOrNull(path)) {
        String misspelt = segments[i];
        Set<String> siblings = parent.isEmpty() ? reference.root().keySet() : reference.getConfig(parent).root().keySet();
        Optional<String> closest = EditDistance.closest(siblings, misspelt);
        if (closest.isPresent() && i < segments.length - 1) {
          String rest = String.join(".", Arrays.copyOfRange(segments, i + 1, segments.length));
          return "; did you mean " + (parent.isEmpty() ? "" : parent + ".") + closest.get() + "." + rest + "?";
        }
        break;
      }
      if (!(reference.getValue(path) instanceof ConfigObject)) {
        break;
      }
      parent = path;
    }
    Set<String> known = reference.entrySet().stream().map(Map.Entry::getKey).collect(Collectors.toSet());
    return known.stream()
        .min(Comparator.comparingInt(k -> EditDistance.between(k, key)))
        .filter(k -> EditDistance.between(k, key) <= Math.max(3, key.length() / 5))
        .map(k -> "; did you mean " + k + "?")
        .orElse("");
  }

  /**
   * The effective configuration as sorted {@code key = value (origin)} lines, for the log at start-up, with
   * values of keys that look secret masked.
   */
  public static List<String> describe(Config config) {
    Map<String, String> lines = new TreeMap<>();
    if (!config.hasPath("outsidein")) {
      return List.of();
    }
    for (Map.Entry<String, ConfigValue> entry : config.getConfig("outsidein").entrySet()) {
      String key = "outsidein." + entry.getKey();
      String value = SECRET_KEY.matcher(key).matches() ? "****" : entry.getValue().render();
      lines.put(key, key + " = " + value + " (" + ConfigReader.describe(entry.getValue()) + ")");
    }
    return new ArrayList<>(lines.values());
  }
}
