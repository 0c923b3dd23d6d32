package io.outsidein.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.NightsAgreement;
import io.outsidein.jobs.testing.TinyWorld;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The run contract over a month, as a schedule runs it (issue 15): thirty nights one at a time, from an empty
 * warehouse, give the same tables as one backfill of the thirty days. The world is small, but its horizons are
 * the defaults (identity 30 days, abandonment 14, the survey window 7, events up to 5 days late), every source is
 * delivered, and each night reaches back into what the nights before it wrote, its state included.
 *
 * <p>On demand: thirty nights of fixed Spark and Delta work are about half an hour, twice the suite's budget.
 * {@code mvn -B -o test -pl jobs -Dtest=ThirtyNightsTest -Doutsidein.thirty-nights=true
 * [-Doutsidein.thirty-nights.customers=150]}; BENCHMARKS.md records a run. {@link NightsAgreeTest} checks the
 * same contract on four days in every build.
 */
@EnabledIfSystemProperty(named = "outsidein.thirty-nights", matches = "true")
class ThirtyNightsTest {
  private static final LocalDate FROM = LocalDate.of(2026, 6, 1);
  private static final LocalDate TO = FROM.plusDays(29);

  @Test
  void thirtyNightsOneAtATimeEqualOneBackfillOfTheMonth() {
    TinyWorld world = TinyWorld.generatedOver("month", FROM, TO, List.of(
        "outsidein.generate.customers=" + Integer.getInteger("outsidein.thirty-nights.customers", 150),
        "outsidein.generate.max-late-days=5",
        "outsidein.journeys.identity-horizon=30d",
        "outsidein.journeys.abandon-after=14d",
        "outsidein.journeys.survey-attach-window=7d",
        "outsidein.journeys.max-customers-per-device=3"));
    long started = System.nanoTime();
    world.nightly("month_backfill", List.of(), "--from", FROM.toString(), "--to", TO.toString());
    System.out.printf("BENCHMARK thirty nights: backfill of %s to %s %.1f s%n", FROM, TO, seconds(started));
    for (LocalDate night = FROM; !night.isAfter(TO); night = night.plusDays(1)) {
      long nightStarted = System.nanoTime();
      world.nightly("month_daily", List.of(), "nightly", "--date", night.toString());
      System.out.printf("BENCHMARK thirty nights: night %s %.1f s%n", night, seconds(nightStarted));
    }
    NightsAgreement.assertSameTables("month_daily", "month_backfill");
    assertThat(TestSpark.session().sql("SELECT count(DISTINCT journey_date) FROM gold_month_backfill.journeys")
        .first().getLong(0)).isGreaterThanOrEqualTo(30);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
