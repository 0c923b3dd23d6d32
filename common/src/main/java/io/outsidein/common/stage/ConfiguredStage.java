package io.outsidein.common.stage;

import static java.util.Objects.requireNonNull;

import io.outsidein.common.config.ConfigReader;

/** A stage with its settings, read and checked at start-up: what the night runs. */
public record ConfiguredStage<S>(Stage<S> stage, S settings) {
  public ConfiguredStage {
    requireNonNull(stage, "stage is null");
    requireNonNull(settings, "settings is null");
  }

  /** Reads the stage's settings from the {@code outsidein} section; throws on a bad value. */
  public static <S> ConfiguredStage<S> of(Stage<S> stage, ConfigReader outsidein) {
    return new ConfiguredStage<>(stage, stage.settings(outsidein));
  }

  public String name() {
    return stage.name();
  }

  public StageResult run(StageContext context, ChangedDates changed) {
    return stage.run(context, settings, changed);
  }
}
