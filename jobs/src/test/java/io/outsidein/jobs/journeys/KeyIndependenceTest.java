package io.outsidein.jobs.journeys;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.StageHarness;
import io.outsidein.jobs.testing.TableSnapshot;
import io.outsidein.jobs.testing.TestOrder;
import io.outsidein.jobs.testing.TinyWorld;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Another pseudonym key changes the ids and nothing else. A second key maps every pseudonym to another one, one
 * to one: the tiny world's silver is mapped so (customers, devices, agents) and the journeys, their answers and
 * ownership are built from both; mapped back, every column but a session's journey_id (a hash of its owner)
 * agrees. Before the ties were broken on key-independent fields, an answer naming no journey took a case or a
 * session depending on which journey_id hashed lower.
 */
@Order(TestOrder.READS_A_SHARED_WORLD)
class KeyIndependenceTest {
  private static Column secondKey(Column pseudonym) {
    return sha2(concat(pseudonym, lit("|second key")), 256);
  }

  @Test
  void anotherPseudonymKeyChangesTheIdsAndNothingElse() {
    TinyWorld.get();
    JourneySettings settings = StageHarness.of(TinyWorld.get().settings("backfill", List.of()))
        .settings(new JourneysJob());
    Dataset<Row> interactions = TestSpark.session().table("silver_backfill.interactions");
    Dataset<Row> orderLines = TestSpark.session().table("silver_backfill.order_lines");
    Dataset<Row> surveys = TestSpark.session().table("silver_backfill.surveys");
    Gold first = build(settings, interactions, orderLines, surveys);
    Gold second = build(settings,
        interactions.withColumn("customer_id", secondKey(col("customer_id")))
            .withColumn("anonymous_id", secondKey(col("anonymous_id")))
            .withColumn("agent_id", secondKey(col("agent_id"))),
        orderLines.withColumn("customer_id", secondKey(col("customer_id"))),
        surveys.withColumn("customer_id", secondKey(col("customer_id"))));

    assertThat(first.journeys().where(col("survey_response_id").isNotNull()).count()).isPositive();
    TableSnapshot.assertSameRows("journeys under two keys", comparable(second.journeys()),
        comparable(first.journeys()
            .withColumn("customer_id", secondKey(col("customer_id")))
            .withColumn("device_id", secondKey(col("device_id")))
            .withColumn("steps", expr("transform(steps, s -> named_struct('at', s.at, 'event_id', s.event_id, "
                + "'channel', s.channel, 'event_type', s.event_type, 'department', s.department, "
                + "'agent_id', sha2(concat(s.agent_id, '|second key'), 256), 'case_id', s.case_id, "
                + "'order_id', s.order_id, 'sku', s.sku, 'amount', s.amount))"))));
    TableSnapshot.assertSameRows("ownership under two keys", second.ownership(), first.ownership());
  }

  private record Gold(Dataset<Row> journeys, Dataset<Row> ownership) {}

  private static Gold build(JourneySettings settings, Dataset<Row> interactions, Dataset<Row> orderLines,
      Dataset<Row> surveys) {
    JourneyBuilder builder = new JourneyBuilder(settings);
    List<LocalDate> dates = TinyWorld.FROM.datesUntil(TinyWorld.TO.plusDays(1)).toList();
    Dataset<Row> built = builder.build(interactions, orderLines, dates, Instant.parse("2026-05-05T00:00:00Z"))
        .journeys().cache();
    Dataset<Row> journeys = builder.attachSurveys(built, surveys).journeys().drop(JourneyBuilder.touchedColumn())
        .cache();
    return new Gold(journeys, new Ownership(settings).build(journeys));
  }

  /** A session's journey_id hashes its owner: left out; every other column is compared. */
  private static Dataset<Row> comparable(Dataset<Row> journeys) {
    return journeys.withColumn("journey_id", expr("CASE WHEN kind = 'session' THEN NULL ELSE journey_id END"));
  }
}
