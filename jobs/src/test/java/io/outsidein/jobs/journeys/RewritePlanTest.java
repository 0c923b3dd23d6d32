package io.outsidein.jobs.journeys;

import static io.outsidein.jobs.journeys.JourneyFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window a run reads, the dates it rewrites kind by kind, and where answers may move: pure date arithmetic. */
class RewritePlanTest {
  private static final LocalDate D = LocalDate.of(2026, 9, 30);

  @Test
  void theWindowReachesTwoJourneyHorizonsBackAndOneForward() {
    JourneyWindow window = JourneyWindow.of(List.of(D, D.minusDays(2)), SETTINGS);
    // horizon 30 days, identity horizon 30, a session reaches 1 day (4 hours, rounded up), one day of margin
    assertThat(window.firstCaseDate()).isEqualTo(D.minusDays(2 + 30));
    assertThat(window.start()).isEqualTo(D.minusDays(2 + 30 + 30 + 1 + 1));
    assertThat(window.end()).isEqualTo(D.plusDays(30 + 1));
    assertThat(window.lastCaseDate()).as("a case that started later may run past the end").isEqualTo(D.plusDays(1));
    assertThat(JourneyWindow.days(Duration.ofHours(36))).isEqualTo(2);
    assertThat(JourneyWindow.days(Duration.ofDays(3))).isEqualTo(3);
  }

  @Test
  void eachKindRewritesItsOwnDatesAndNothingTheWindowCannotBuildWhole() {
    JourneyWindow window = JourneyWindow.of(List.of(D), SETTINGS);
    RewritePlan plan = RewritePlan.of(window, List.of(D.minusDays(1), window.start()),
        List.of(D.minusDays(10), D.minusDays(31)), List.of(D.minusDays(20), D.minusDays(40), D.plusDays(5)));
    assertThat(plan.sessionDates()).containsExactly(D.minusDays(1), D);
    assertThat(plan.otherDates()).containsExactly(D.minusDays(20), D.minusDays(10), D);
    assertThat(plan.changeDates()).containsExactly(window.start(), D.minusDays(31), D.minusDays(10),
        D.minusDays(1), D);
    assertThat(plan.predicate()).isEqualTo("(kind = 'session' AND journey_date IN (DATE'2026-09-29', "
        + "DATE'2026-09-30')) OR (kind <> 'session' AND journey_date IN (DATE'2026-09-10', DATE'2026-09-20', "
        + "DATE'2026-09-30'))");
    assertThat(plan.plus(List.of(D.minusDays(5)), List.of()).sessionDates())
        .containsExactly(D.minusDays(5), D.minusDays(1), D);
    assertThat(new RewritePlan(List.of(), List.of(), List.of()).predicate())
        .isEqualTo("(kind = 'session' AND false) OR (kind <> 'session' AND false)");
  }

  @Test
  void answersAreDecidedWithinTheAttachWindowOfAChangeAndReadTwiceAsFar() {
    SurveyScope scope = SurveyScope.of(List.of(D), Duration.ofDays(7));
    assertThat(scope.covered().first()).isEqualTo(D.minusDays(16));
    assertThat(scope.covered().last()).isEqualTo(D.plusDays(16));
    assertThat(scope.decidable().first()).isEqualTo(D.minusDays(8));
    assertThat(scope.decidable().last()).isEqualTo(D.plusDays(8));
    assertThat(SurveyScope.of(List.of(), Duration.ofDays(7)).covered()).isEmpty();
  }
}
