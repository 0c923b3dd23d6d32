package io.outsidein.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.ExitCodes;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import io.outsidein.jobs.testing.HeadlessChromium;
import io.outsidein.jobs.testing.TestOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The publish stage on the shared acceptance warehouse (the night that built it ran it last): its dash tables are
 * honest, and its dashboard, opened from disk in a real headless Chromium, draws every chart without a console
 * error and shows the numbers the tables hold. A screenshot is kept in target/screenshots.
 */
@Order(TestOrder.READS_A_SHARED_WORLD)
class DashboardTest {
  private static final String PARTITION = "run_date = DATE'" + AcceptanceWarehouse.TO + "'";
  private static final List<String> CHARTS = List.of("chart-trend-nps", "chart-trend-csat", "chart-trend-ces",
      "chart-cx_area", "chart-channel", "chart-ownership", "chart-transfers", "chart-customers", "chart-context",
      "chart-engagement", "chart-renewal");
  private static final Pattern TABLE = Pattern.compile(
      "<table data-table=\"([a-z_]+)\" data-key-cols=\"([a-z_|]+)\">(.*?)</table>", Pattern.DOTALL);
  private static final Pattern ROW = Pattern.compile("<tr data-key=\"([^\"]*)\">(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern CELL = Pattern.compile(
      "<td data-col=\"([a-z_0-9]+)\"(?: data-col-high=\"([a-z_0-9]+)\")?[^>]*>(.*?)</td>", Pattern.DOTALL);
  private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9,]*(?:\\.([0-9]+))?");

  private static HeadlessChromium.Page page;

  @BeforeAll
  static void openTheDashboard() {
    assertThat(AcceptanceWarehouse.get().nightlyExit()).isEqualTo(ExitCodes.SUCCESS);
    Path html = dashboard();
    assertThat(html).isRegularFile();
    assertThat(html.resolveSibling(DashboardPage.CHART_LIBRARY)).isRegularFile();
    HeadlessChromium chromium = new HeadlessChromium(TestSpark.newFolder("chromium"));
    page = chromium.dom(html);
    Path screenshots = Path.of("target", "screenshots");
    try {
      Files.createDirectories(screenshots);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    chromium.screenshot(html, screenshots.resolve("dashboard.png"), 1280, 5600);
  }

  private static Path dashboard() {
    String warehouse = AcceptanceWarehouse.get().overrides().stream()
        .filter(o -> o.startsWith("outsidein.storage.warehouse=")).findFirst().orElseThrow().split("=", 2)[1];
    return Path.of(warehouse, "dashboard", "index.html");
  }

  private static List<Row> rows(String table) {
    return TestSpark.session().sql("SELECT * FROM " + AcceptanceWarehouse.GOLD + "." + table + " WHERE " + PARTITION)
        .collectAsList();
  }

  @Test
  void everyChartIsDrawnAndTheConsoleIsClean() {
    assertThat(page.dom()).contains("data-errors=\"0\"").contains("data-charts=\"" + CHARTS.size() + "\"");
    for (String chart : CHARTS) {
      Matcher element = Pattern.compile("<div class=\"chart\" id=\"" + chart + "\"([^>]*)>(.*?)</div></div>",
          Pattern.DOTALL).matcher(page.dom());
      assertThat(element.find()).as(chart).isTrue();
      assertThat(element.group(1)).as(chart).contains("data-rendered=\"true\"");
      assertThat(element.group(2)).as(chart + " drew on a canvas").contains("<canvas");
    }
    // Chromium logs each console message of the page as a CONSOLE line; the page logs nothing when all is well.
    assertThat(page.log().lines().filter(l -> l.contains(":CONSOLE")).toList()).isEmpty();
    assertThat(page.dom()).doesNotContain("https://").contains("<script src=\"echarts.min.js\">");
  }

  @Test
  void theDashTablesAreHonest() {
    for (String table : List.of("dash_scorecard", "dash_ownership", "dash_transfers", "dash_customers",
        "dash_context_lift", "dash_links", "dash_renewal", "dash_insights", "dash_freshness")) {
      assertThat(rows(table)).as(table).isNotEmpty();
    }
    for (Row r : rows("dash_customers")) {
      boolean suppressed = r.<Boolean>getAs("suppressed");
      assertThat(suppressed).as("%s", r).isEqualTo(r.<Long>getAs("customers") < 30);
      if (suppressed) {
        assertThat((Object) r.getAs("share")).as("%s", r).isNull();
      } else {
        assertThat(r.<Double>getAs("share")).as("%s", r).isEqualTo((double) r.<Long>getAs("count")
            / r.<Long>getAs("customers"), org.assertj.core.data.Offset.offset(1e-12))
            .isBetween(r.<Double>getAs("ci_low") - 1e-12, r.<Double>getAs("ci_high") + 1e-12);
      }
    }
    // The departments' counts over the window are the sums of gold.ownership's days.
    Row sums = TestSpark.session().sql("SELECT sum(cases_touched), sum(nps_n) FROM " + AcceptanceWarehouse.GOLD
        + ".ownership WHERE ownership_date > date_sub(DATE'" + AcceptanceWarehouse.TO + "', 28)").first();
    Row dash = TestSpark.session().sql("SELECT sum(cases_touched), sum(nps_n) FROM " + AcceptanceWarehouse.GOLD
        + ".dash_ownership WHERE " + PARTITION).first();
    assertThat(dash.getLong(0)).isEqualTo(sums.getLong(0)).isPositive();
    assertThat(dash.getLong(1)).isEqualTo(sums.getLong(1));
    for (Row r : rows("dash_ownership")) {
      if (!r.<Boolean>getAs("suppressed")) {
        assertThat(r.<Double>getAs("nps")).as("%s", r)
            .isBetween(r.<Double>getAs("nps_low") - 1e-9, r.<Double>getAs("nps_high") + 1e-9);
      }
    }
    // Cases with transfers are counted once, three or more together.
    Row cases = TestSpark.session().sql("SELECT count(1), count_if(transfers >= 3) FROM " + AcceptanceWarehouse.GOLD
        + ".journeys WHERE kind = 'case' AND journey_date > date_sub(DATE'" + AcceptanceWarehouse.TO + "', 28)")
        .first();
    List<Row> transfers = rows("dash_transfers");
    assertThat(transfers.stream().mapToLong(r -> r.<Long>getAs("cases")).sum()).isEqualTo(cases.getLong(0));
    assertThat(transfers.stream().filter(r -> r.<Integer>getAs("transfers") == 3).mapToLong(r -> r.<Long>getAs("cases"))
        .sum()).isEqualTo(cases.getLong(1));
  }

  @Test
  void theNumbersShownAreThoseInTheTables() {
    Map<String, List<String>> keyColumns = new HashMap<>();
    Map<String, Map<String, Map<String, String[]>>> shown = shownTables(page.dom(), keyColumns);
    int compared = 0;
    for (String table : List.of("dash_ownership", "dash_transfers", "dash_customers", "dash_context_lift",
        "dash_links", "dash_renewal", "dash_insights", "dash_engagement", "dash_freshness", "dash_scorecard")) {
      Map<String, Map<String, String[]>> byKey = shown.get(table);
      List<Row> rows = rows(table);
      if (table.equals("dash_scorecard")) {
        java.sql.Date latest = rows.stream().map(r -> r.<java.sql.Date>getAs("score_date"))
            .max(java.util.Comparator.naturalOrder()).orElseThrow();
        rows = rows.stream().filter(r -> r.getAs("score_date").equals(latest)).toList();
      }
      assertThat(byKey).as(table + " shown").isNotNull();
      assertThat(byKey).as(table + " rows shown").hasSize(rows.size());
      for (Row row : rows) {
        String key = keyColumns.get(table).stream().map(c -> String.valueOf((Object) row.getAs(c)))
            .collect(java.util.stream.Collectors.joining("|"));
        assertThat(byKey).as(table + ": no row shown for " + row).containsKey(key);
        for (Map.Entry<String, String[]> cell : byKey.get(key).entrySet()) {
          compare(table, row, cell.getKey(), cell.getValue());
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(500);
    for (Row insight : rows("dash_insights")) {
      assertThat(page.dom()).contains("<li data-key=\"" + insight.getAs("insight_id") + "\">")
          .contains(DashboardPage.escape(insight.getAs("sentence")) + "</li>");
    }
  }

  /** One cell: its text against the row's value (an interval against both ends), within the rounding shown. */
  private static void compare(String table, Row row, String column, String[] cell) {
    String text = cell[1];
    String what = table + "." + column + " shown '" + text + "' for " + row;
    Object value = row.getAs(column);
    if (text.equals("suppressed")) {
      assertThat(row.<Boolean>getAs("suppressed")).as(what).isTrue();
      return;
    }
    if (text.isEmpty()) {
      assertThat(value).as(what).isNull();
      return;
    }
    if (!(value instanceof Number)) {
      assertThat(text).as(what).isEqualTo(String.valueOf(value));
      return;
    }
    double scale = text.endsWith("%") ? 100 : 1;
    Matcher numbers = NUMBER.matcher(text);
    List<Object> expected = new ArrayList<>(List.of(value));
    if (cell[0] != null) {
      expected.add(row.getAs(cell[0]));
    }
    for (Object bound : expected) {
      assertThat(numbers.find()).as(what).isTrue();
      double shownValue = Double.parseDouble(numbers.group().replace(",", ""));
      int decimals = numbers.group(1) == null ? 0 : numbers.group(1).length();
      assertThat(shownValue).as(what).isCloseTo(((Number) bound).doubleValue() * scale,
          org.assertj.core.data.Offset.offset(0.5 * Math.pow(10, -decimals) + 1e-9));
    }
  }

  /** table -> row key -> column -> {upper-end column or null, text}. */
  private static Map<String, Map<String, Map<String, String[]>>> shownTables(String dom,
      Map<String, List<String>> keyColumns) {
    Map<String, Map<String, Map<String, String[]>>> tables = new HashMap<>();
    Matcher table = TABLE.matcher(dom);
    while (table.find()) {
      Map<String, Map<String, String[]>> rows = new HashMap<>();
      keyColumns.put(table.group(1), List.of(table.group(2).split("\\|")));
      Matcher row = ROW.matcher(table.group(3));
      while (row.find()) {
        Map<String, String[]> cells = new HashMap<>();
        Matcher cell = CELL.matcher(row.group(2));
        while (cell.find()) {
          cells.put(cell.group(1), new String[] {cell.group(2), unescape(cell.group(3))});
        }
        rows.put(unescape(row.group(1)), cells);
      }
      tables.put(table.group(1), rows);
    }
    return tables;
  }

  private static String unescape(String html) {
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
  }
}
