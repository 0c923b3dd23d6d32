package io.outsidein.common.stage;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.io.TableDefinition;
import java.util.List;

/**
 * One step of the night, in the shape every step has: a name (its command, {@code outsidein <name>}), the
 * tables it reads and writes, its typed settings, and a run from a {@link StageContext} and the dates the
 * stages before it changed to a {@link StageResult}. The night is an ordered list of stages; a stage never
 * imports another: what two stages share (table contracts, statistics, the run log) lives in {@code common}.
 *
 * <p>Settings are read once, at start-up and before Spark starts, so that a bad value stops the command with
 * exit 2 naming the key before any stage has run. A stage keeps no state between runs.
 *
 * @param <S> the stage's typed settings
 */
public interface Stage<S> {
  /** The stage's name, as the command line, the run log and progress lines spell it, e.g. {@code journeys}. */
  String name();

  /** One sentence for {@code --help}: what the stage turns into what. */
  String description();

  /** The tables the stage reads; the dates changed in them are what the stage recomputes. */
  List<TableDefinition> reads(CatalogSettings catalog);

  /** The tables the stage writes; they exist (empty) before the stage runs. */
  List<TableDefinition> writes(CatalogSettings catalog);

  /**
   * Reads and checks the stage's section of the configuration.
   *
   * @param outsidein the {@code outsidein} section; errors name the full key, the value and its file
   */
  S settings(ConfigReader outsidein);

  /**
   * Runs the stage for a run's delivery dates.
   *
   * @param changed the dates that earlier stages changed, per table (empty for the first stage)
   * @return the run-log rows (the caller writes them) and the dates this stage changed, per table it wrote
   */
  StageResult run(StageContext context, S settings, ChangedDates changed);
}
