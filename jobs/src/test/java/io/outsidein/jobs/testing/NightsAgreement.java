package io.outsidein.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The run contract's second half, as whole rows: nights run one at a time leave the same tables as one backfill
 * of their range (owners, steps, case figures, the answer that rates each journey, the journeys' state).
 */
public final class NightsAgreement {
  /** The tables compared as they are, in {@code silver_<name>}, {@code gold_<name>} and {@code ops_<name>}. */
  private static final List<String> TABLES = List.of("silver.interactions", "silver.order_lines", "silver.surveys",
      "gold.journeys", "gold.ownership", "gold.cx_scorecard_daily", "gold.unit_engagement",
      // The journeys' and the customers' state: a night keeps it as the backfill would have made it.
      "ops.journey_identity_marks", "ops.journey_events", "ops.customer_activity");

  private NightsAgreement() {}

  /** The tables of the nights' databases ({@code nights}) equal those of the backfill's ({@code backfill}). */
  public static void assertSameTables(String nights, String backfill) {
    for (String table : TABLES) {
      String[] name = table.split("\\.");
      Dataset<Row> backfilled = TestSpark.session().table(name[0] + "_" + backfill + "." + name[1]);
      assertThat(backfilled.count()).as(table).isPositive();
      TableSnapshot.assertSameRows(table + ", nights one at a time against one backfill",
          TestSpark.session().table(name[0] + "_" + nights + "." + name[1]), backfilled);
    }
    // Merged per customer, so every night rewrites each customer's row: only its write time may differ.
    TableSnapshot.assertSameRows("gold.customer_scores, nights one at a time against one backfill",
        TestSpark.session().table("gold_" + nights + ".customer_scores").drop("scored_at"),
        TestSpark.session().table("gold_" + backfill + ".customer_scores").drop("scored_at"));
  }
}
