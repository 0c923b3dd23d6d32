package io.outsidein.jobs.testing;

import com.typesafe.config.Config;
import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.privacy.PseudonymKey;
import io.outsidein.common.privacy.Pseudonymizer;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.stage.Stage;
import io.outsidein.common.stage.StageContext;
import io.outsidein.common.stage.StageResult;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.generate.SampleDataSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one stage in the test JVM's session the way the command line does (its tables ensured, its settings read
 * from the same configuration), without the command line around it: a configuration of {@code --set}-style
 * overrides, and the development pseudonym key unless another is given.
 */
public final class StageHarness {
  private final Config config;
  private final OutsideinSettings settings;
  private final Pseudonymizer pseudonymizer;

  private StageHarness(Config config, Pseudonymizer pseudonymizer) {
    this.config = config;
    this.settings = OutsideinSettings.from(config);
    this.pseudonymizer = pseudonymizer;
  }

  public static StageHarness of(List<String> overrides) {
    return new StageHarness(new ConfigLoader().load(Optional.empty(), overrides),
        new Pseudonymizer(PseudonymKey.development()));
  }

  /** The same configuration, pseudonymised with another key. */
  public StageHarness withPseudonymizer(Pseudonymizer other) {
    return new StageHarness(config, other);
  }

  public OutsideinSettings settings() {
    return settings;
  }

  public CatalogSettings catalog() {
    return settings.catalog();
  }

  public ConfigReader root() {
    return OutsideinSettings.root(config);
  }

  public <S> S settings(Stage<S> stage) {
    return stage.settings(root());
  }

  public SampleDataSettings generator() {
    return SampleDataSettings.read(root());
  }

  public DeltaTables tables() {
    return new DeltaTables(TestSpark.session(), SparkSessionFactory.uri(settings.storage().warehouse()));
  }

  public Pseudonymizer pseudonymizer() {
    return pseudonymizer;
  }

  /** Ensures the stage's tables and runs it with its settings from this configuration. */
  public <S> StageResult run(Stage<S> stage, RunContext run, ChangedDates changed) {
    return run(stage, settings(stage), run, changed);
  }

  /** The same with settings given (e.g. a copy with a threshold changed). */
  public <S> StageResult run(Stage<S> stage, S stageSettings, RunContext run, ChangedDates changed) {
    DeltaTables tables = tables();
    List<TableDefinition> all = new ArrayList<>(stage.reads(catalog()));
    all.addAll(stage.writes(catalog()));
    all.forEach(tables::ensure);
    return stage.run(new StageContext(run, TestSpark.session(), settings, tables, pseudonymizer), stageSettings,
        changed);
  }
}
