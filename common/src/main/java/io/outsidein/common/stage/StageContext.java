package io.outsidein.common.stage;

import static java.util.Objects.requireNonNull;

import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.privacy.Pseudonymizer;
import io.outsidein.common.runlog.RunContext;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage runs in: the run (its id, delivery dates and start time), the session, the platform
 * settings (storage, catalog), the Delta table writer and the pseudonymiser. Made once per command at the edge.
 */
public record StageContext(
    RunContext run, SparkSession spark, OutsideinSettings settings, DeltaTables tables, Pseudonymizer pseudonymizer) {
  public StageContext {
    requireNonNull(run, "run is null");
    requireNonNull(spark, "spark is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(tables, "tables is null");
    requireNonNull(pseudonymizer, "pseudonymizer is null");
  }
}
