package io.outsidein.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.NightsAgreement;
import io.outsidein.jobs.testing.TestOrder;
import io.outsidein.jobs.testing.TinyWorld;
import java.time.LocalDate;
import java.util.List;
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
    NightsAgreement.assertSameTables("daily", "backfill");
    assertThat(TestSpark.session().sql("SELECT count(DISTINCT journey_date) FROM gold_backfill.journeys").first()
        .getLong(0)).isGreaterThanOrEqualTo(4);
  }
}
