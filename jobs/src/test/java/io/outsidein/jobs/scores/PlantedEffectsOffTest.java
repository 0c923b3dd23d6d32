package io.outsidein.jobs.scores;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.ExitCodes;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The other half of the truths (c) and (d): the acceptance world generated again with the engagement and renewal
 * effects switched off in the generator's settings; then none of the links may be significant. A second world
 * costs the suite's time budget, so this runs on demand and its figures are in BENCHMARKS.md:
 * {@code mvn -B test -pl jobs -Dtest=PlantedEffectsOffTest -Dscores.truth.off=true}.
 */
@EnabledIfSystemProperty(named = "scores.truth.off", matches = "true")
class PlantedEffectsOffTest {
  @Test
  void withTheEffectsSwitchedOffNoLinkIsSignificant() {
    AcceptanceWarehouse off = AcceptanceWarehouse.variant("off", List.of(
        "outsidein.generate.planted.engagement.nps-slope=0",
        "outsidein.generate.planted.renewal.per-contact=0",
        "outsidein.generate.planted.renewal.per-department=0"));
    assertThat(off.nightlyExit()).isEqualTo(ExitCodes.SUCCESS);
    List<Row> links = TestSpark.session().sql("SELECT 'unit' AS kind, direction AS link, estimate, ci_low, ci_high, "
        + "p_value, q_value, significant FROM gold_off.unit_engagement_links UNION ALL SELECT 'account', predictor, "
        + "estimate, ci_low, ci_high, p_value, q_value, significant FROM gold_off.account_engagement_links")
        .collectAsList();
    links.forEach(r -> System.out.println("TRUTH-OFF " + r));
    assertThat(links).hasSize(4);
    assertThat(links).allSatisfy(r -> assertThat(r.getBoolean(7)).as(r.toString()).isFalse());
  }
}
