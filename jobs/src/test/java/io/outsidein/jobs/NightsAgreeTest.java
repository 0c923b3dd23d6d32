package io.outsidein.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.TableSnapshot;
import io.outsidein.jobs.testing.TestOrder;
import io.outsidein.jobs.testing.TinyWorld;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The run contract on the tiny world, whose horizons are crossed within it: nights one at a time after a
 * backfill give the same tables as one backfill of the whole range, compared as whole rows: owners, steps, case figures, the
 * answer that rates each journey. Its nights run beside the world's own backfill ({@link TinyWorldRerunTest}),
 * not after it.
 */
@Order(TestOrder.BUILDS_A_SHARED_WORLD)
class NightsAgreeTest {
  @Test
  void nightsOneAtATimeAfterABackfillEqualOneBackfillOfTheRange() {
    TinyWorld world = TinyWorld.generated();
    // The first two days as a backfill, then the last two nights one at a time, as a schedule runs them: each
    // night's logins, late events (up to two days late) and answers reach back across the horizons (identity two
    // days, abandonment and the survey window one) into what the backfill or the night before wrote, its state
    // included. Two nights rather than four: each costs a whole night's fixed Spark and Delta work.
    world.nightly("daily", List.of(), "nightly", "--from", TinyWorld.FROM.toString(), "--to",
        TinyWorld.FROM.plusDays(1).toString());
    for (LocalDate night = TinyWorld.FROM.plusDays(2); !night.isAfter(TinyWorld.TO); night = night.plusDays(1)) {
      world.nightly("daily", List.of(), "nightly", "--date", night.toString());
    }
    TinyWorld.get();
    for (String table : List.of("silver.interactions", "silver.order_lines", "silver.surveys", "gold.journeys",
        "gold.ownership", "gold.cx_scorecard_daily", "gold.unit_engagement",
        // The journeys' state: a night keeps it as the backfill would have made it.
        "ops.journey_identity_marks", "ops.journey_events")) {
      String[] name = table.split("\\.");
      Dataset<Row> backfilled = TestSpark.session().table(name[0] + "_backfill." + name[1]);
      assertThat(backfilled.count()).as(table).isPositive();
      TableSnapshot.assertSameRows(table + ", nights one at a time against one backfill",
          TestSpark.session().table(name[0] + "_daily." + name[1]), backfilled);
    }
    // Merged per customer: the night updates every customer the backfill wrote; only when differs.
    TableSnapshot.assertSameRows("gold.customer_scores, nights one at a time against one backfill",
        TestSpark.session().table("gold_daily.customer_scores").drop("scored_at"),
        TestSpark.session().table("gold_backfill.customer_scores").drop("scored_at"));
    assertThat(TestSpark.session().sql("SELECT count(DISTINCT journey_date) FROM gold_backfill.journeys").first()
        .getLong(0)).isGreaterThanOrEqualTo(4);
  }
}
