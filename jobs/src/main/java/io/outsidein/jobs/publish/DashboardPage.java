package io.outsidein.jobs.publish;

import static io.outsidein.jobs.publish.DashCell.interval;
import static io.outsidein.jobs.publish.DashCell.number;
import static io.outsidein.jobs.publish.DashCell.percent;
import static io.outsidein.jobs.publish.DashCell.percentInterval;
import static io.outsidein.jobs.publish.DashCell.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * The static dashboard of one run date, as one HTML page: every section's numbers as a table (drawn from the dash
 * tables' rows, with intervals and suppressed cells said), charts drawn in the browser by ECharts from the same
 * rows embedded as JSON, each insight as its sentence, the run date and the data's freshness. Pure: rows in, a
 * string out; {@link DashboardWriter} puts it on storage beside the chart library.
 */
final class DashboardPage {
  /** The chart library's file, written beside the page. */
  static final String CHART_LIBRARY = "echarts.min.js";

  private final LocalDate runDate;
  private final Map<String, List<Row>> tables;

  DashboardPage(LocalDate runDate, Map<String, List<Row>> tables) {
    this.runDate = runDate;
    this.tables = Map.copyOf(tables);
  }

  String html() {
    StringBuilder page = new StringBuilder(64 * 1024);
    page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>outsidein dashboard ")
        .append(runDate).append("</title>\n<style>\n").append(resource("dashboard.css")).append("</style>\n")
        .append("<script src=\"").append(CHART_LIBRARY).append("\"></script>\n</head>\n<body>\n")
        .append("<h1>Customer experience, as of ").append(runDate).append("</h1>\n")
        .append("<p class=\"meta\">Run date <span id=\"run-date\">").append(runDate).append("</span>. Every rate "
            + "has its n and its 95 % interval; groups too small to show are marked suppressed.</p>\n")
        .append("<pre id=\"errors\" hidden></pre>\n");

    section(page, "freshness", "Freshness of the data", "The latest day with data of every table the dashboard "
        + "stands on.");
    table(page, "dash_freshness", rows("dash_freshness", byText("table_name")), List.of("table_name"),
        List.of(text("table_name", "table"), text("latest_date", "latest day with data")));

    LocalDate latestScore = rows("dash_scorecard", byText("score_date")).stream()
        .map(r -> r.getDate(r.fieldIndex("score_date")).toLocalDate()).max(Comparator.naturalOrder()).orElse(runDate);
    section(page, "scorecard", "Scorecard by CX area and channel", "Scores over " + windowDays() + "-day windows, "
        + "over time for all answers, and by CX area and channel on " + latestScore + ", with the change against the "
        + "window before.");
    charts(page, "chart-trend-nps", "chart-trend-csat", "chart-trend-ces", "chart-cx_area", "chart-channel");
    table(page, "dash_scorecard", rows("dash_scorecard", byText("metric", "dimension", "dimension_value")).stream()
            .filter(r -> r.getDate(r.fieldIndex("score_date")).toLocalDate().equals(latestScore)).toList(),
        List.of("metric", "dimension", "dimension_value"),
        List.of(text("metric", "metric"), text("dimension", "by"), text("dimension_value", "value"),
            number("n", "n", 0), number("score", "score", 1), interval("ci_low", "ci_high", "interval", 1),
            number("change", "change", 1), interval("change_ci_low", "change_ci_high", "change interval", 1),
            number("q_value", "q", 3)));

    section(page, "ownership", "Ownership: everyone keeps sending me somewhere else", "Per department over the last "
        + windowDays() + " days: cases, hand-overs, cases bounced back, first-contact resolution and NPS; and the "
        + "detractor share of cases by how often they were transferred.");
    charts(page, "chart-ownership", "chart-transfers");
    table(page, "dash_ownership", rows("dash_ownership", byText("department")), List.of("department"),
        List.of(text("department", "department"), number("cases_touched", "cases", 0),
            number("transfers_out", "transfers out", 0), number("ping_pongs", "ping-pong", 0),
            percent("fcr_rate", "FCR"), percentInterval("fcr_low", "fcr_high", "FCR interval"),
            number("nps_n", "NPS n", 0), number("nps", "NPS", 1), interval("nps_low", "nps_high", "NPS interval", 1)));
    table(page, "dash_transfers", rows("dash_transfers", byNumber("transfers")), List.of("transfers"),
        List.of(number("transfers", "transfers (3 = 3+)", 0), number("cases", "cases", 0), number("nps_n", "NPS n", 0),
            percent("detractor_share", "detractors"),
            percentInterval("detractor_low", "detractor_high", "interval")));

    section(page, "customers", "Five questions about customers", "Most valuable (the top share of buyers by net "
        + "value), costing more than they are worth, advocates, prospects that look like the best customers, "
        + "likely to leave: per segment.");
    charts(page, "chart-customers");
    table(page, "dash_customers", rows("dash_customers", byText("question", "segment")), List.of("question", "segment"),
        List.of(text("question", "question"), text("segment", "segment"), number("customers", "customers", 0),
            number("count", "yes", 0), percent("share", "share"), percentInterval("ci_low", "ci_high", "interval"),
            number("net_value", "their net value", 2)));

    section(page, "context", "Items that sell more in a context (the Pop-Tarts table)", "Significant rises only, "
        + "the strongest by the lower end of their interval first.");
    charts(page, "chart-context");
    table(page, "dash_context_lift", rows("dash_context_lift", byText("context_type").thenComparing(
            Comparator.comparing((Row r) -> r.getInt(r.fieldIndex("rank"))))), List.of("context_type", "item"),
        List.of(text("context_type", "context"), number("rank", "rank", 0), text("item", "item"),
            text("scope", "scope"), number("observed", "units sold", 0), number("expected", "expected", 1),
            number("rate_ratio", "rate ratio", 2), interval("ci_low", "ci_high", "interval", 2),
            number("q_value", "q", 4)));

    section(page, "engagement", "Staff engagement and customer NPS a month later", "Each unit's engagement in a "
        + "month against its customers' NPS the month after, and the links estimated across units and months.");
    charts(page, "chart-engagement");
    table(page, "dash_links", rows("dash_links", byText("link")), List.of("link"),
        List.of(text("link", "link"), number("estimate", "estimate", 2), interval("ci_low", "ci_high", "interval", 2),
            number("q_value", "q", 4), number("n", "n", 0), text("measure", "measure")));
    table(page, "dash_engagement", rows("dash_engagement", byText("month", "unit_id")), List.of("month", "unit_id"),
        List.of(text("month", "month"), text("unit_id", "unit"), number("responses", "staff answers", 0),
            number("engagement", "engagement", 2),
            interval("engagement_ci_low", "engagement_ci_high", "interval", 2),
            number("next_nps_n", "NPS n next month", 0), number("next_nps", "NPS next month", 1),
            interval("next_nps_ci_low", "next_nps_ci_high", "interval", 1)));

    section(page, "renewal", "B2B accounts: breadth against renewal", "Renewal rate by the account's active "
        + "contacts (the estimated links are in the engagement section's table).");
    charts(page, "chart-renewal");
    table(page, "dash_renewal", rows("dash_renewal", byNumber("active_contacts")), List.of("active_contacts"),
        List.of(number("active_contacts", "active contacts (6 = 6+)", 0), number("accounts", "accounts", 0),
            number("renewed", "renewed", 0), percent("renewal_rate", "renewal rate"),
            percentInterval("renewal_low", "renewal_high", "interval")));

    section(page, "insights", "Top insights", "The strongest findings of the latest insights run, in words; new "
        + "this week marked.");
    List<Row> insights = rows("dash_insights", byNumber("rank"));
    page.append("<ol class=\"insights\">\n");
    for (Row r : insights) {
      page.append("<li data-key=\"").append(escape(r.getString(r.fieldIndex("insight_id")))).append("\">");
      if (Boolean.TRUE.equals(r.get(r.fieldIndex("new_this_week")))) {
        page.append("<span class=\"new\">new</span>");
      }
      page.append(escape(r.getString(r.fieldIndex("sentence")))).append("</li>\n");
    }
    page.append("</ol>\n");
    if (insights.isEmpty()) {
      page.append("<p>No significant finding in the latest run.</p>\n");
    }
    table(page, "dash_insights", insights, List.of("insight_id"),
        List.of(number("rank", "rank", 0), text("kind", "kind"), number("effect", "effect", 2),
            interval("ci_low", "ci_high", "interval", 2), number("q_value", "q", 4), number("n", "n", 0),
            text("first_seen", "first seen")));

    page.append("<script type=\"application/json\" id=\"dash-data\">").append(RowsJson.of(tables))
        .append("</script>\n<script>\n").append(resource("dashboard.js")).append("</script>\n</body></html>\n");
    return page.toString();
  }

  private int windowDays() {
    return rows("dash_scorecard", byText("metric")).stream().map(r -> r.getInt(r.fieldIndex("window_days")))
        .findFirst().orElse(0);
  }

  private List<Row> rows(String table, Comparator<Row> order) {
    return tables.getOrDefault(table, List.of()).stream().sorted(order).toList();
  }

  private static Comparator<Row> byText(String... columns) {
    Comparator<Row> order = Comparator.comparing(r -> String.valueOf(r.get(r.fieldIndex(columns[0]))));
    for (int i = 1; i < columns.length; i++) {
      String column = columns[i];
      order = order.thenComparing(r -> String.valueOf(r.get(r.fieldIndex(column))));
    }
    return order;
  }

  private static Comparator<Row> byNumber(String column) {
    return Comparator.comparingDouble(r -> ((Number) r.get(r.fieldIndex(column))).doubleValue());
  }

  private static void section(StringBuilder page, String id, String title, String words) {
    page.append("<h2 id=\"").append(id).append("\">").append(escape(title)).append("</h2>\n<p>")
        .append(escape(words)).append("</p>\n");
  }

  private static void charts(StringBuilder page, String... ids) {
    page.append("<div class=\"charts\">");
    for (String id : ids) {
      page.append("<div class=\"chart\" id=\"").append(id).append("\"></div>");
    }
    page.append("</div>\n");
  }

  /**
   * A dash table as an HTML table: a row's {@code data-key} is its key columns (the table's {@code data-key-cols})
   * joined by '|', a cell's
   * {@code data-col} names the column it shows (an interval's lower end, and {@code data-col-high} its upper
   * end's). A rate of a suppressed row says "suppressed".
   */
  private static void table(StringBuilder page, String name, List<Row> rows, List<String> key, List<DashCell> cells) {
    if (rows.isEmpty()) {
      page.append("<p data-table=\"").append(name).append("\">No rows.</p>\n");
      return;
    }
    page.append("<table data-table=\"").append(name).append("\" data-key-cols=\"").append(String.join("|", key))
        .append("\"><tr>");
    for (DashCell cell : cells) {
      page.append("<th>").append(escape(cell.header())).append("</th>");
    }
    page.append("</tr>\n");
    for (Row row : rows) {
      boolean suppressed = hasColumn(row, "suppressed") && Boolean.TRUE.equals(row.get(row.fieldIndex("suppressed")));
      String rowKey = key.stream().map(k -> String.valueOf(row.get(row.fieldIndex(k))))
          .collect(Collectors.joining("|"));
      page.append("<tr data-key=\"").append(escape(rowKey)).append("\">");
      for (DashCell cell : cells) {
        boolean hidden = suppressed && cell.rate();
        String shown = hidden ? "suppressed" : cell.text().apply(row);
        boolean isText = !hidden && shown.chars().anyMatch(Character::isLetter) && !shown.contains("%");
        page.append("<td data-col=\"").append(cell.column()).append('"')
            .append(cell.high() == null ? "" : " data-col-high=\"" + cell.high() + "\"")
            .append(hidden ? " class=\"suppressed\"" : isText ? " class=\"text\"" : "").append('>')
            .append(escape(shown)).append("</td>");
      }
      page.append("</tr>\n");
    }
    page.append("</table>\n");
  }

  private static boolean hasColumn(Row row, String column) {
    for (StructField field : row.schema().fields()) {
      if (field.name().equals(column)) {
        return true;
      }
    }
    return false;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String resource(String name) {
    try (InputStream in = DashboardPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("The dashboard's " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
