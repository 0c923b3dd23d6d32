package io.outsidein.jobs.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.schema.Source;
import io.outsidein.common.stage.ChangedDates;
import io.outsidein.common.tables.SilverTables;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.StageHarness;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The customers stage on a warehouse whose silver tables exist but hold nothing: no crash, no rows, and a run log
 * that says so, the models included.
 */
class CustomersEmptyWarehouseTest {
  @Test
  void anEmptyWarehouseScoresNoOneAndSaysWhy() {
    StageHarness harness = StageHarness.of(List.of(
        "outsidein.storage.warehouse=" + TestSpark.newFolder("empty-customers-warehouse"),
        "outsidein.catalog.silver-database=silver_cempty",
        "outsidein.catalog.gold-database=gold_cempty",
        "outsidein.catalog.ops-database=ops_cempty"));
    LocalDate day = LocalDate.of(2026, 6, 30);
    List<RunLogEntry> entries = harness.run(new CustomersJob(),
        new RunContext("cempty", day, day, Instant.parse("2026-07-01T02:00:00Z")),
        ChangedDates.of(SilverTables.of(harness.catalog(), Source.ORDER_LINES).name(), List.of(day))).entries();

    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).rowsWritten()).isZero();
    assertThat(entries.get(0).message()).startsWith("0 customers over 2026-04-02..2026-06-30")
        .contains("0 conversion propensities, 0 churn risks",
            "conversion model not trained: 0 positive and 0 negative past customers",
            "churn model not trained: 0 positive and 0 negative past customers");
    assertThat(TestSpark.session().table("gold_cempty.customer_scores").count()).isZero();
  }
}
