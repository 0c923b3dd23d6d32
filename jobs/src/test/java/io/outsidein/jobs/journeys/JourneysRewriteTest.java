package io.outsidein.jobs.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.io.DeltaTables;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.schema.Source;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.ingest.IngestJob;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Incremental runs rewrite exactly what changed: each kind its own dates, nothing else lost. */
class JourneysRewriteTest {
  private static final LocalDate OPENED = LocalDate.of(2026, 8, 22);
  private static final LocalDate TODAY = LocalDate.of(2026, 9, 1);

  @Test
  void aCaseTouchedTodayRewritesItsOpeningDayWithoutLosingThatDaysSessions() {
    SparkSession spark = TestSpark.session();
    Path warehouse = TestSpark.newFolder("rewrite-warehouse");
    OutsideinSettings settings = OutsideinSettings.from(new ConfigLoader().load(Optional.empty(), List.of(
        "outsidein.storage.warehouse=" + warehouse,
        "outsidein.catalog.silver-database=silver_rewrite",
        "outsidein.catalog.gold-database=gold_rewrite",
        "outsidein.catalog.ops-database=ops_rewrite")));
    DeltaTables tables = new DeltaTables(spark, warehouse.toUri().toString());
    JourneyFixtures history = new JourneyFixtures()
        .view("v1", "2026-08-22T08:00:00Z", "c1")
        .view("v2", "2026-08-22T20:00:00Z", "c2")
        .caseEvent("k1", "2026-08-22T09:00:00Z", "c1", "contact", "case-1", "billing");
    write(spark, tables, settings, Source.INTERACTIONS, history.events());
    write(spark, tables, settings, Source.ORDER_LINES, history.orderLines());
    write(spark, tables, settings, Source.SURVEYS, history.surveys());
    JourneysJob job = new JourneysJob(spark, settings, tables);
    job.run(run("first", OPENED), OPENED.datesUntil(TODAY.plusDays(1)).toList());
    assertThat(kinds("journey_date = DATE'" + OPENED + "'")).containsExactly("case", "session", "session", "session");
    assertThat(status()).isEqualTo("open");

    // Today: the case is resolved (an event of today only), and someone browses.
    JourneyFixtures today = new JourneyFixtures()
        .caseEvent("k2", "2026-09-01T10:00:00Z", "c1", "resolve", "case-1", "billing")
        .view("v3", "2026-09-01T11:00:00Z", "c3");
    write(spark, tables, settings, Source.INTERACTIONS, today.events());
    job.run(run("second", TODAY), List.of(TODAY));

    assertThat(kinds("journey_date = DATE'" + OPENED + "'")).containsExactly("case", "session", "session", "session");
    assertThat(status()).isEqualTo("resolved");
    assertThat(kinds("journey_date = DATE'" + TODAY + "'")).containsExactly("session", "session");
  }

  private static RunContext run(String id, LocalDate day) {
    return new RunContext(id, day, day, Instant.parse(day.plusDays(1) + "T02:00:00Z"));
  }

  private static void write(SparkSession spark, DeltaTables tables, OutsideinSettings settings, Source source,
      Dataset<Row> rows) {
    TableDefinition table = IngestJob.silverTable(settings, source);
    tables.ensure(table);
    rows.write().format("delta").mode("append").insertInto(table.name().sql());
  }

  private static List<String> kinds(String where) {
    return TestSpark.session().sql("SELECT kind FROM gold_rewrite.journeys WHERE " + where + " ORDER BY kind")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static String status() {
    return TestSpark.session().sql("SELECT case_status FROM gold_rewrite.journeys WHERE kind = 'case'").first()
        .getString(0);
  }
}
