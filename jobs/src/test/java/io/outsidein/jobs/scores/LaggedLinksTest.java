package io.outsidein.jobs.scores;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.ExitCodes;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Truth (c) both ways: the reverse link (NPS in m moving engagement in m+1) needs three months of answers per unit,
 * which the suite's 45-day world does not have. This world runs the acceptance settings from January to mid-April
 * (three and a half months): engagement must move next month's NPS by the planted size, and NPS must not be found
 * to move next month's engagement. On demand, for the suite's time budget; figures in BENCHMARKS.md:
 * {@code mvn -B test -pl jobs -Dtest=LaggedLinksTest -Dscores.truth.lagged=true}.
 */
@EnabledIfSystemProperty(named = "scores.truth.lagged", matches = "true")
class LaggedLinksTest {
  @Test
  @SuppressWarnings("unchecked")
  void engagementMovesNextMonthsNpsAndNotTheOtherWayRound() {
    AcceptanceWarehouse world = AcceptanceWarehouse.variant("lag", List.of(), LocalDate.of(2026, 1, 1),
        LocalDate.of(2026, 4, 14));
    assertThat(world.nightlyExit()).isEqualTo(ExitCodes.SUCCESS);
    double planted = ((Number) ((Map<String, Object>) world.truth().planted().get("engagement_to_nps"))
        .get("nps_points_per_engagement_point")).doubleValue();
    List<Row> links = TestSpark.session().sql("SELECT direction, estimate, ci_low, ci_high, p_value, q_value, "
        + "significant, units, months, observations FROM gold_lag.unit_engagement_links ORDER BY direction")
        .collectAsList();
    links.forEach(r -> System.out.println("LAGGED " + r));
    Row forward = links.stream().filter(r -> r.getString(0).equals(UnitEngagement.ENGAGEMENT_TO_NPS)).findFirst()
        .orElseThrow();
    Row reverse = links.stream().filter(r -> r.getString(0).equals(UnitEngagement.NPS_TO_ENGAGEMENT)).findFirst()
        .orElseThrow();
    assertThat(forward.getDouble(1)).isPositive();
    assertThat(planted).isBetween(forward.getDouble(2), forward.getDouble(3));
    assertThat(reverse.isNullAt(1)).as("the reverse link is estimable on three months").isFalse();
    assertThat(reverse.getBoolean(6)).as(reverse.toString()).isFalse();
  }
}
