package io.outsidein.jobs.cli;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.privacy.PrivacyConfigurationException;
import io.outsidein.common.privacy.PseudonymKey;
import io.outsidein.common.privacy.Pseudonymizer;
import io.outsidein.common.runlog.OpsTables;
import io.outsidein.common.runlog.RunLogWriter;
import io.outsidein.common.spark.SparkSessionFactory;
import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command runs in: validated settings, the SparkSession, the Delta table writer, the pseudonymiser and
 * the run log. Settings are loaded and the key resolved before Spark starts, so a bad configuration fails in
 * a second with exit 2 instead of after the session's start-up.
 */
final class Environment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Environment.class);

  private final OutsideinSettings settings;
  private final PseudonymKey key;
  private SparkSession spark;
  /** Whether this environment started the session (and so stops it); an embedding caller keeps its own. */
  private boolean ownsSession;

  private Environment(OutsideinSettings settings, PseudonymKey key) {
    this.settings = settings;
    this.key = key;
  }

  static Environment open(CommonOptions options, PrintStream out) {
    OutsideinSettings settings = OutsideinSettings.from(new ConfigLoader().load(options.confFile(), options.overrides));
    ConfigLoader.describe(settings.config()).forEach(line -> LOG.info("config: {}", line));
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
    return new Environment(settings, key);
  }

  OutsideinSettings settings() {
    return settings;
  }

  Pseudonymizer pseudonymizer() {
    return new Pseudonymizer(key);
  }

  SparkSession spark() {
    if (spark == null) {
      ownsSession = SparkSession.getDefaultSession().isEmpty();
      spark = SparkSessionFactory.create(settings);
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
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
