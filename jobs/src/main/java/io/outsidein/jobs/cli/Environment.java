package io.outsidein.jobs.cli;

import com.typesafe.config.Config;
import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.io.StorageProbe;
import io.outsidein.common.privacy.PrivacyConfigurationException;
import io.outsidein.common.privacy.PseudonymKey;
import io.outsidein.common.privacy.Pseudonymizer;
import io.outsidein.common.runlog.RunLogWriter;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.stage.ConfiguredStage;
import io.outsidein.common.stage.Stage;
import io.outsidein.common.tables.OpsTables;
import io.outsidein.jobs.generate.SampleDataSettings;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command runs in: every setting, typed and checked, the SparkSession, the Delta table writer, the
 * pseudonymiser and the run log. All sections (platform, each stage's, the generator's) are read and the key
 * resolved before Spark starts, so a bad configuration fails in a second with exit 2, before any stage runs.
 */
final class Environment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Environment.class);

  private final Config config;
  private final OutsideinSettings settings;
  private final List<ConfiguredStage<?>> stages;
  private final SampleDataSettings generator;
  private final PseudonymKey key;
  private final java.time.Duration runLockExpiry;
  private final PrintStream out;
  private SparkSession spark;
  /** Whether this environment started the session (and so stops it); an embedding caller keeps its own. */
  private boolean ownsSession;

  private Environment(Config config, OutsideinSettings settings, List<ConfiguredStage<?>> stages,
      SampleDataSettings generator, PseudonymKey key, java.time.Duration runLockExpiry, PrintStream out) {
    this.config = config;
    this.runLockExpiry = runLockExpiry;
    this.settings = settings;
    this.stages = List.copyOf(stages);
    this.generator = generator;
    this.key = key;
    this.out = out;
  }

  static Environment open(CommonOptions options, PrintStream out) {
    Config config = new ConfigLoader().load(options.confFile(), options.overrides);
    ConfigReader root = OutsideinSettings.root(config);
    OutsideinSettings settings = OutsideinSettings.from(root);
    // Before anything else is read: a stage's bad setting is then logged where the user looks for it.
    LogFolder.use(settings.storage().logs());
    ConfigLoader.describe(config).forEach(line -> LOG.info("config: {}", line));
    List<ConfiguredStage<?>> stages = Stages.nightly().stream().<ConfiguredStage<?>>map(s -> configure(s, root))
        .toList();
    SampleDataSettings generator = SampleDataSettings.read(root);
    java.time.Duration runLockExpiry = root.section("run-lock").durationIn("expire-after",
        java.time.Duration.ofMinutes(2), java.time.Duration.ofDays(7));
    PseudonymKey key;
    try {
      key = PseudonymKey.resolve(System.getenv(), settings.privacy().keyVariable(), settings.privacy().minKeyLength(),
          settings.profile().allowsDevelopmentKey());
    } catch (PrivacyConfigurationException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
    if (key.isDevelopmentKey()) {
      out.println("Note: " + settings.privacy().keyVariable() + " is not set; using the development pseudonym key "
          + "(profile local only). Set it for real data.");
    }
    return new Environment(config, settings, stages, generator, key, runLockExpiry, out);
  }

  private static <S> ConfiguredStage<S> configure(Stage<S> stage, ConfigReader root) {
    return ConfiguredStage.of(stage, root);
  }

  /** How long a run's lock lives without being refreshed: a killed run's lock expires after it. */
  java.time.Duration runLockExpiry() {
    return runLockExpiry;
  }

  /** The whole configuration, for a command's own section. */
  Config config() {
    return config;
  }

  OutsideinSettings settings() {
    return settings;
  }

  /** The night's stages with their settings, in order. */
  List<ConfiguredStage<?>> stages() {
    return stages;
  }

  /** The stage called {@code name}. */
  ConfiguredStage<?> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No stage " + name));
  }

  /**
   * Every table of the warehouse, in the night's order: each stage's reads and writes, the run log, the
   * quarantine and the erasure tables. What maintain keeps in shape and an erasure searches.
   */
  Map<TableName, TableDefinition> allTables() {
    var catalog = settings.catalog();
    Map<TableName, TableDefinition> tables =
        new LinkedHashMap<>();
    for (ConfiguredStage<?> stage : stages) {
      stage.stage().reads(catalog).forEach(t -> tables.putIfAbsent(t.name(), t));
      stage.stage().writes(catalog).forEach(t -> tables.putIfAbsent(t.name(), t));
    }
    for (var table : List.of(OpsTables.runLog(catalog), OpsTables.quarantine(catalog),
        OpsTables.erasedSubjects(catalog), OpsTables.erasureLog(catalog))) {
      tables.putIfAbsent(table.name(), table);
    }
    return tables;
  }

  SampleDataSettings generator() {
    return generator;
  }

  Pseudonymizer pseudonymizer() {
    return new Pseudonymizer(key);
  }

  SparkSession spark() {
    if (spark == null) {
      ownsSession = SparkSession.getDefaultSession().isEmpty();
      if (ownsSession) {
        CatalogServer.of(settings.storage()).ifPresent(server -> server.ensureRunning(out));
      }
      spark = SparkSessionFactory.create(settings);
      spark.sparkContext().setLogLevel("WARN");
      reachObjectStorage();
    }
    return spark;
  }

  /** Says which endpoint a run reaches, and reaches it once before any stage does. */
  private void reachObjectStorage() {
    List<String> remote = java.util.stream.Stream.of(settings.storage().raw(), settings.storage().warehouse())
        .filter(StorageProbe::isObjectStorage).distinct().toList();
    if (remote.isEmpty()) {
      return;
    }
    out.println("Object storage: " + String.join(", ", remote) + " through " + settings.s3().describeEndpoint());
    StorageProbe probe = new StorageProbe(spark.sparkContext().hadoopConfiguration(), settings.s3());
    remote.forEach(probe::reach);
  }

  DeltaTables tables() {
    return new DeltaTables(spark(), SparkSessionFactory.uri(settings.storage().warehouse()));
  }

  RunLogWriter runLog() {
    return new RunLogWriter(spark(), tables(), OpsTables.runLog(settings.catalog()));
  }

  @Override
  public void close() {
    if (spark != null && ownsSession) {
      spark.stop();
    }
  }
}
