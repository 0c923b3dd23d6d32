package io.outsidein.jobs;

import io.outsidein.jobs.testing.TableSnapshot;
import io.outsidein.jobs.testing.TestOrder;
import io.outsidein.jobs.testing.TinyWorld;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The run contract on the tiny world's backfill: rerunning its last date (journeys, then scores) changes nothing,
 * row for row. Submitted first, it builds the backfill that {@link NightsAgreeTest} compares its nights with.
 */
@Order(TestOrder.BUILDS_A_SHARED_WORLD)
class TinyWorldRerunTest {
  @Test
  void aRerunOfTheLastDateChangesNothing() {
    TinyWorld world = TinyWorld.get();
    TableSnapshot journeys = TableSnapshot.of("gold_backfill.journeys");
    TableSnapshot ownership = TableSnapshot.of("gold_backfill.ownership");
    world.nightly("backfill", List.of(), "journeys", "--date", TinyWorld.TO.toString());
    journeys.assertUnchanged();
    ownership.assertUnchanged();

    List<TableSnapshot> scores = List.of("cx_scorecard_daily", "unit_engagement", "unit_engagement_links",
        "account_engagement", "account_engagement_links").stream()
        .map(t -> TableSnapshot.of("gold_backfill." + t)).toList();
    world.nightly("backfill", List.of(), "scores", "--date", TinyWorld.TO.toString());
    scores.forEach(TableSnapshot::assertUnchanged);

    // The dash tables: dash_freshness aside, whose rows say when they were published.
    List<TableSnapshot> dash = List.of("dash_scorecard", "dash_ownership", "dash_transfers", "dash_customers",
        "dash_context_lift", "dash_engagement", "dash_links", "dash_renewal", "dash_insights").stream()
        .map(t -> TableSnapshot.of("gold_backfill." + t)).toList();
    world.nightly("backfill", List.of(), "publish", "--date", TinyWorld.TO.toString());
    dash.forEach(TableSnapshot::assertUnchanged);
  }
}
