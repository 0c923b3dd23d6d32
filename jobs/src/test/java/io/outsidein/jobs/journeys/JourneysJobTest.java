package io.outsidein.jobs.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.ExitCodes;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import io.outsidein.jobs.testing.TestOrder;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The stage end to end on the shared acceptance warehouse (generated, ingested and built by {@code nightly}):
 * journeys and ownership written through the catalog with their run-log counts, and the planted transfer effect (b)
 * visible with intervals. That a rerun of the last date changes nothing is checked on the tiny world, whose
 * horizons are crossed within it ({@code NightsAgreeTest}).
 */
@Order(TestOrder.BUILDS_A_SHARED_WORLD)
class JourneysJobTest {
  private static final String JOURNEYS = AcceptanceWarehouse.GOLD + ".journeys";
  private static AcceptanceWarehouse warehouse;

  @BeforeAll
  static void warehouse() {
    warehouse = AcceptanceWarehouse.get();
    assertThat(warehouse.nightlyExit()).isEqualTo(ExitCodes.SUCCESS);
  }

  @Test
  void everyKindIsWrittenWithItsRunLogCounts() {
    SparkSession spark = TestSpark.session();
    Row kinds = spark.sql("SELECT count_if(kind = 'session'), count_if(kind = 'case'), count_if(kind = 'order'), "
        + "count_if(survey_attach_rule IS NOT NULL), count(DISTINCT journey_id), count(1) FROM " + JOURNEYS).first();
    assertThat(kinds.getLong(0)).isGreaterThan(10_000);
    assertThat(kinds.getLong(1)).isGreaterThan(500);
    assertThat(kinds.getLong(2)).isGreaterThan(500);
    assertThat(kinds.getLong(3)).isPositive();
    assertThat(kinds.getLong(4)).isEqualTo(kinds.getLong(5));
    Row logged = spark.sql("SELECT rows_written, message FROM " + AcceptanceWarehouse.OPS + ".run_log WHERE stage = "
        + "'journeys' AND source = '" + JOURNEYS + "'").first();
    assertThat(logged.getLong(0)).isEqualTo(kinds.getLong(5));
    assertThat(logged.getString(1)).contains("sessions", "devices not stitched")
        .containsPattern("identity map of [1-9][0-9]* intervals");
    assertThat(spark.sql("SELECT count(1) FROM " + AcceptanceWarehouse.GOLD + ".ownership").first().getLong(0))
        .isPositive();
    // Column comments reach the catalog.
    List<Row> described = spark.sql("DESCRIBE TABLE " + AcceptanceWarehouse.GOLD + ".ownership").collectAsList();
    assertThat(described).anySatisfy(r -> {
      assertThat(r.getString(0)).isEqualTo("fcr_low");
      assertThat(r.getString(2)).contains("Wilson");
    });
  }

  @Test
  void thePlantedTransferEffectShowsWithIntervals() {
    SparkSession spark = TestSpark.session();
    List<Row> outcomes = spark.sql("SELECT transfers, nps_n, detractors, detractor_share, detractor_low, "
        + "detractor_high, promoter_share FROM " + AcceptanceWarehouse.GOLD + ".transfer_outcomes ORDER BY transfers")
        .collectAsList();
    String table = outcomes.toString();
    assertThat(outcomes).as(table).extracting(r -> r.getInt(0)).containsExactly(0, 1, 2, 3);
    assertThat(outcomes).as(table).allSatisfy(r -> assertThat(r.getDouble(3))
        .isBetween(r.getDouble(4), r.getDouble(5)));
    double[] detractors = outcomes.stream().mapToDouble(r -> r.getDouble(3)).toArray();
    // Planted (b): each transfer after the first raises the detractor share (groups of a hundred answers or so
    // are noisy one by one, so the claim is tested on two transfers and on the pooled groups below).
    assertThat(detractors[2]).as(table).isGreaterThan(Math.max(detractors[0], detractors[1]));
    // And not by chance: cases with two or more transfers against those with at most one, a two-sided test of
    // two proportions (pooled z) at the 1 % level.
    long fewN = outcomes.get(0).getLong(1) + outcomes.get(1).getLong(1);
    long fewD = outcomes.get(0).getLong(2) + outcomes.get(1).getLong(2);
    long manyN = outcomes.get(2).getLong(1) + outcomes.get(3).getLong(1);
    long manyD = outcomes.get(2).getLong(2) + outcomes.get(3).getLong(2);
    double few = (double) fewD / fewN;
    double many = (double) manyD / manyN;
    double pooled = (double) (fewD + manyD) / (fewN + manyN);
    double z = (many - few) / Math.sqrt(pooled * (1 - pooled) * (1.0 / fewN + 1.0 / manyN));
    double p = 2 * (1 - new NormalDistribution().cumulativeProbability(Math.abs(z)));
    assertThat(many).as(table).isGreaterThan(few);
    assertThat(p).as("2+ transfers against 0-1: z = " + z + "; " + table).isLessThan(0.01);
  }
}
