package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line as a data engineer meets it: exit codes and the one sentence that explains them. Isolated:
 * it captures the process's standard output and error, which a class running beside it would write into.
 */
@Isolated
class MainTest {
  private static Path raw;
  private static Path warehouse;

  /** What a command printed and returned. */
  record Outcome(int exitCode, String out, String err) {}

  @BeforeAll
  static void deliveries() throws IOException {
    TestSpark.session();
    raw = TestSpark.newFolder("cli-raw");
    warehouse = TestSpark.newFolder("cli-warehouse");
    Path day = Files.createDirectories(raw.resolve("interactions/dt=2026-03-08"));
    Files.writeString(day.resolve("part-0.json"), String.join("\n",
        "{\"event_id\":\"e1\",\"event_time\":\"2026-03-08T10:00:00Z\",\"customer_id\":\"C1\",\"channel\":\"web\",\"event_type\":\"login\"}",
        "{\"event_id\":\"e2\",\"event_time\":\"not a time\",\"customer_id\":\"C1\",\"channel\":\"web\",\"event_type\":\"login\"}",
        "{broken"));
  }

  private static Outcome run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static String[] withStorage(String database, String... args) {
    List<String> all = new ArrayList<>(List.of("--set", "outsidein.storage.raw=" + raw,
        "--set", "outsidein.storage.warehouse=" + warehouse,
        "--set", "outsidein.catalog.silver-database=silver_" + database,
        "--set", "outsidein.catalog.gold-database=gold_" + database,
        "--set", "outsidein.catalog.ops-database=ops_" + database));
    // Later --set wins: the caller's own settings come last.
    all.addAll(0, List.of(args).subList(0, firstSet(args)));
    all.addAll(List.of(args).subList(firstSet(args), args.length));
    return all.toArray(new String[0]);
  }

  private static int firstSet(String... args) {
    int i = List.of(args).indexOf("--set");
    return i < 0 ? args.length : i;
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Outcome outcome = run("--help");
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out()).contains("generate", "ingest", "journeys", "nightly", "demo", "runs", "sql",
        "Exit codes: 0 success, 1 a stage failed", "130/143 interrupted");
  }

  /** The night's description and each stage's command come from the stage list, not from a copy of it. */
  @Test
  void helpComesFromTheStageList() {
    // Help wraps at 80 columns, wherever the list of stages makes the line break fall.
    assertThat(run("nightly", "--help").out().replaceAll("\\s+", " "))
        .contains("Stages, in order: ingest -> journeys -> scores -> customers -> insights -> publish.");
    assertThat(run("demo", "--help").out().replaceAll("\\s+", " "))
        .contains("Stages, in order: generate -> ingest -> journeys -> scores -> customers -> insights -> publish.")
        .contains("Then print what was written: tables, row counts, quarantine by reason, and")
        .contains("where the warehouse is.");
    Outcome journeys = run("journeys", "--help");
    assertThat(journeys.exitCode()).isZero();
    assertThat(journeys.out()).contains("Usage: outsidein journeys", "--date", "--from", "--to",
        new io.outsidein.jobs.journeys.JourneysJob().description().substring(0, 40));
    assertThat(run("ingest", "--help").out()).contains("Raw to silver");
  }

  /** One key of each section, each wrong: exit 2 naming key, value and origin, before any stage has started. */
  @ParameterizedTest
  @ValueSource(strings = {"outsidein.storage.raw=", "outsidein.spark.shuffle-partitions=0",
      "outsidein.s3.ssl-enabled=maybe", "outsidein.catalog.silver-database=Silver",
      "outsidein.privacy.min-key-length=2", "outsidein.ingest.lookback-days=-1",
      "outsidein.journeys.inactivity-gap=0s", "outsidein.scores.min-n=0", "outsidein.customers.margin-rate=2",
      "outsidein.insights.baskets.max-size=1", "outsidein.insights.baskets.basket=trolley",
      "outsidein.insights.journey-patterns.kinds=[case, visit]", "outsidein.insights.drivers.min-n=1",
      "outsidein.generate.customers=5"})
  void aWrongValueInAnySectionStopsBeforeAnyStageRuns(String setting) {
    Outcome outcome = run(withStorage("sections", "nightly", "--date", "2026-03-08", "--set", setting));
    String key = setting.substring(0, setting.indexOf('='));
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(outcome.err()).startsWith("Invalid configuration: " + key + " = ")
        .contains("(command line --set); ").doesNotContain("\tat ");
    assertThat(outcome.out()).doesNotContain("started");
  }

  @Test
  void enumOptionsTakeAnyCase() {
    assertThat(run("sql", "SELECT 1 AS one", "--format", "csv").out()).isEqualTo("one\n1\n");
    assertThat(run("sql", "SELECT 1 AS one", "--format", "Csv").exitCode()).isZero();
  }

  @Test
  void aSqlErrorShowsItsWholeMessage() {
    Outcome bad = run("sql", "selec 1");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(bad.err()).contains("Failed: [PARSE_SYNTAX_ERROR] Syntax error at or near 'selec'")
        .contains("== SQL ==", "selec 1", "^^^");
  }

  /** A date nobody delivered for: every source says where it looked, and nothing else runs. */
  @Test
  void aDateWithNoDeliveriesSaysWhereItLookedAndSkipsTheWork() {
    Outcome outcome = run(withStorage("empty", "nightly", "--date", "2026-02-01"));
    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    for (String source : List.of("interactions", "order_lines", "surveys", "engagement", "context_events",
        "customers")) {
      assertThat(outcome.out()).contains("no file found under " + raw.toUri().toString().replaceAll("/$", "")
          + "/" + source + "/dt=2026-02-01");
    }
    assertThat(outcome.out()).contains("journeys nothing changed in silver_empty.interactions, "
        + "silver_empty.order_lines, silver_empty.surveys for deliveries 2026-02-01..2026-02-01: skipped");
  }

  @Test
  void aRawRootThatDoesNotExistIsExitTwoNamingIt() {
    List<String> args = new ArrayList<>(List.of(withStorage("noraw", "ingest", "--date", "2026-03-08")));
    args.addAll(List.of("--set", "outsidein.storage.raw=" + raw.resolve("no-such-folder")));
    Outcome outcome = run(args.toArray(new String[0]));
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(outcome.err()).contains("no-such-folder does not exist (outsidein.storage.raw)")
        .doesNotContain("\tat ");
  }

  @Test
  void csvOutputSaysWhenItStoppedAtTheLimit() {
    Outcome cut = run("sql", "SELECT id FROM range(5)", "--format", "csv", "--limit", "3");
    assertThat(cut.out()).isEqualTo("id\n0\n1\n2\n");
    assertThat(cut.err()).contains("Printed the first 3 rows; there are more");
    Outcome all = run("sql", "SELECT id FROM range(5)", "--format", "csv", "--limit", "0");
    assertThat(all.out()).isEqualTo("id\n0\n1\n2\n3\n4\n");
    assertThat(all.err()).doesNotContain("Printed the first");
  }

  @Test
  void badUsageIsExitTwo() {
    assertThat(run("ingest").exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(run("frobnicate").exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    Outcome backwards = run("ingest", "--from", "2026-03-09", "--to", "2026-03-08");
    assertThat(backwards.exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(backwards.err()).contains("--to 2026-03-08 is before --from 2026-03-09");
  }

  @Test
  void forgetWithoutAnyoneToForgetSaysSoAndStops() throws java.io.IOException {
    Outcome none = run("forget");
    assertThat(none.exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(none.err()).contains("forget needs at least one customer: --customer ID or --customers FILE");
    java.nio.file.Path empty = java.nio.file.Files.writeString(
        io.outsidein.common.testing.TestSpark.newFolder("forget-usage").resolve("ids.txt"), "# nobody\n\n");
    Outcome blank = run("forget", "--customers", empty.toString());
    assertThat(blank.exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(blank.err()).contains("(" + empty + " holds none)");
    Outcome missing = run("forget", "--customers", empty.resolveSibling("absent.txt").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(missing.err()).contains("Cannot read --customers").doesNotContain("\tat ");
  }

  @Test
  void badConfigurationIsExitTwoWithTheKey() {
    Outcome outcome = run("ingest", "--date", "2026-03-08", "--set", "outsidein.ingest.lookback-dayz=3");
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(outcome.err()).contains("Unknown configuration key outsidein.ingest.lookback-dayz")
        .doesNotContain("\tat ");
  }

  @Test
  void aProfileOtherThanLocalNeedsThePseudonymKey() {
    Outcome outcome = run("ingest", "--date", "2026-03-08", "--set", "outsidein.profile=s3",
        "--set", "outsidein.privacy.key-variable=OUTSIDEIN_TEST_KEY_THAT_IS_NOT_SET");
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(outcome.err()).contains("OUTSIDEIN_TEST_KEY_THAT_IS_NOT_SET");
  }

  @Test
  void aFailingStageIsExitOneWithOneSentence() {
    List<String> args = new ArrayList<>(List.of(withStorage("fail", "ingest", "--date", "2026-03-08")));
    args.addAll(List.of("--set", "outsidein.storage.raw=nosuchscheme://bucket/raw"));
    Outcome outcome = run(args.toArray(new String[0]));
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.STAGE_FAILED);
    assertThat(outcome.err()).contains("Stage ingest failed:").contains("nosuchscheme").doesNotContain("\tat ");
  }

  @Test
  void aBreachedGateIsExitThreeAndTheRunLogSaysWhy() {
    Outcome outcome = run(withStorage("gate", "nightly", "--date", "2026-03-08"));
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.QUALITY_GATE);
    assertThat(outcome.err()).contains("Data-quality gate breached in ingest")
        .contains("66.67% of interactions records quarantined");
    assertThat(outcome.out()).contains("interactions").contains("read          3");

    Outcome runs = run(withStorage("gate", "runs", "--format", "CSV"));
    assertThat(runs.exitCode()).isZero();
    assertThat(runs.out()).contains("run_id,stage,run_from,run_date,source,rows_read")
        .contains(",ingest,2026-03-08,2026-03-08,interactions,3,1,2,0,gate_breached,")
        .contains(",nightly,2026-03-08,2026-03-08,,0,0,0,0,gate_breached,");
  }

  @Test
  void sqlPrintsATableOrCsv() {
    Outcome csv = run("sql", "SELECT 1 AS one, 'a,b' AS two", "--format", "CSV");
    assertThat(csv.exitCode()).isZero();
    assertThat(csv.out()).isEqualTo("one,two\n1,\"a,b\"\n");
    Outcome table = run("sql", "SELECT 1 AS one");
    assertThat(table.out()).contains("one\n---\n1\n(1 rows)");
    Outcome bad = run("sql", "SELECT * FROM no_such_table");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(bad.err()).contains("no_such_table");
  }

  @Test
  void rulesOnGroceriesArePrintedAsArulesFindsThem() throws Exception {
    Path groceries = Path.of(MainTest.class.getResource("/groceries/groceries_long.csv.gz").toURI());
    Outcome outcome = run("rules", "--baskets", groceries.toString(), "--min-count", "99", "--min-confidence", "0.3",
        "--max-size", "10", "--format", "csv");
    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    List<String> lines = outcome.out().lines().toList();
    assertThat(lines).hasSize(126);
    assertThat(lines.get(0)).isEqualTo("antecedent,consequent,support_count,support,confidence,lift,p_value,q_value");
    // arules' highest lift at support 0.01 and confidence 0.3: {citrus fruit,other vegetables} => {root vegetables}.
    assertThat(lines.get(1)).startsWith("\"citrus fruit, other vegetables\",root vegetables,102,0.0103711235");
    assertThat(outcome.err()).contains("9,835 baskets").contains("at least 99 of them");
  }

  @Test
  void rulesReadAnExportWithQuotedLineBreaksRepeatedItemsAndBlankItems() throws IOException {
    Path file = TestSpark.newFolder("baskets").resolve("export.csv");
    StringBuilder csv = new StringBuilder("transaction_id,item\r\n");
    for (int t = 1; t <= 12; t++) {
      csv.append(t).append(",\"Pop-Tarts, strawberry\r\n8 pack\"\r\n");
      if (t <= 10) {
        csv.append(t).append(",water\r\n").append(t).append(",water\r\n"); // scanned twice: one item
      }
      csv.append(t).append(",\r\n"); // a line with no item
    }
    for (int t = 13; t <= 20; t++) {
      csv.append(t).append(",bread\r\n");
    }
    Files.writeString(file, csv.toString());
    Outcome outcome = run("rules", "--baskets", file.toString(), "--min-count", "3", "--min-confidence", "0.5",
        "--format", "csv");
    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    // 20 baskets; Pop-Tarts in 12, water in 10 (twice in each: once), together in 10: lift 10 x 20 / (12 x 10);
    // bread is never with another item; the blank items are no items.
    assertThat(outcome.err()).contains("20 baskets");
    // The item keeps its comma and its line break (the CSV reader may hand the break over as a bare LF).
    assertThat(outcome.out()).containsPattern("water,\"Pop-Tarts, strawberry\r?\n8 pack\",10,0.5,1.0,1.66666666666")
        .containsPattern("\"Pop-Tarts, strawberry\r?\n8 pack\",water,10,0.5,0.83333333333\\d*,1.66666666666")
        .doesNotContain("bread");
  }

  @Test
  void rulesSayWhatIsWrongWithTheFile() throws IOException {
    Outcome missing = run("rules", "--baskets", "/no/such/baskets.csv", "--min-count", "2", "--min-confidence", "0.5");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(missing.err()).contains("No basket file at /no/such/baskets.csv");
    Path wrong = TestSpark.newFolder("baskets").resolve("wrong.csv");
    Files.writeString(wrong, "order,sku\n1,a\n");
    Outcome columns = run("rules", "--baskets", wrong.toString(), "--min-count", "2", "--min-confidence", "0.5");
    assertThat(columns.exitCode()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(columns.err()).contains("has the columns [order, sku]; it needs transaction_id and item");
  }
}
