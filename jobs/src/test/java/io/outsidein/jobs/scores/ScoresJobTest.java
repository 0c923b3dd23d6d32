package io.outsidein.jobs.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.ExitCodes;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import io.outsidein.jobs.testing.TestOrder;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The scores stage on the shared acceptance warehouse (the night that built it ran it): every checked cell's n
 * and score equal a plain SQL query over silver answers and the journeys, cell by cell, for each dimension and
 * window; the run log says what was scored and what no CX rule matched; the catalog documents every column.
 */
@Order(TestOrder.READS_A_SHARED_WORLD)
class ScoresJobTest {
  private static final String SCORECARD = AcceptanceWarehouse.GOLD + ".cx_scorecard_daily";

  /**
   * Per answer, the touchpoint it rates, written out in SQL apart from the stage's own code: the last step of its
   * case (else its order) at or before the answer, the last department named by then, the order's store, the
   * region before the store number, the customer's segment, and the area of the default CX rules.
   */
  private static final String ANSWERS = "WITH cases AS (SELECT case_id, max_by(steps, started_at) AS steps FROM "
      + AcceptanceWarehouse.GOLD + ".journeys WHERE kind = 'case' AND case_id IS NOT NULL GROUP BY case_id), "
      + "orders AS (SELECT order_id, max_by(named_struct('steps', steps, 'store', store_id), started_at) AS o FROM "
      + AcceptanceWarehouse.GOLD + ".journeys WHERE kind = 'order' AND order_id IS NOT NULL GROUP BY order_id), "
      + "segments AS (SELECT customer_id, max(segment) AS segment FROM " + AcceptanceWarehouse.SILVER
      + ".customers GROUP BY customer_id), "
      + "joined AS (SELECT s.*, to_date(s.submitted_at) AS d, g.segment, "
      + "  CASE WHEN c.case_id IS NOT NULL THEN c.steps ELSE o.o.steps END AS steps, "
      + "  CASE WHEN c.case_id IS NOT NULL THEN NULL ELSE o.o.store END AS order_store "
      + "  FROM " + AcceptanceWarehouse.SILVER + ".surveys s LEFT JOIN cases c ON s.case_id = c.case_id "
      + "  LEFT JOIN orders o ON (s.case_id IS NULL OR c.case_id IS NULL) AND s.order_id = o.order_id "
      + "  LEFT JOIN segments g ON s.customer_id = g.customer_id), "
      + "stepped AS (SELECT *, coalesce(element_at(filter(steps, x -> x.at <= submitted_at), -1), "
      + "  element_at(steps, -1)) AS last, element_at(filter(transform(filter(steps, x -> x.at <= submitted_at), "
      + "  x -> x.department), v -> v IS NOT NULL), -1) AS department FROM joined), "
      + "rated AS (SELECT d, survey_type, score, segment, department, last.channel AS channel, "
      + "  last.channel || ':' || last.event_type AS touchpoint, order_store AS store, "
      + "  nullif(regexp_extract(order_store, '^(.+)-[0-9]+$', 1), '') AS region, "
      + "  CASE WHEN survey_type = 'relationship' THEN 'recommend' "
      + "    WHEN last.event_type IN ('referral', 'review') THEN 'recommend' "
      + "    WHEN last.event_type IN ('returned', 'return_request', 'refund') THEN 'return' "
      + "    WHEN department = 'returns' THEN 'return' WHEN department = 'billing' THEN 'pay' "
      + "    WHEN last.event_type IN ('payment', 'invoice') THEN 'pay' "
      + "    WHEN department IN ('tech_support', 'orders', 'accounts', 'loyalty') THEN 'get_help' "
      + "    WHEN last.event_type IN ('contact', 'transfer', 'resolve', 'complaint') THEN 'get_help' "
      + "    WHEN last.event_type IN ('shipped', 'delivered', 'pickup') THEN 'receive' "
      + "    WHEN last.event_type IN ('add_to_cart', 'checkout', 'purchase') THEN 'buy' "
      + "    WHEN last.event_type IN ('page_view', 'search', 'store_visit') THEN 'discover' "
      + "    WHEN last.event_type IN ('login', 'signup', 'logout') THEN 'use' ELSE 'unmapped' END AS cx_area, "
      + "  'all' AS `all` FROM stepped) ";

  private static final List<String> METRIC_SQL = List.of(
      "nps", "count_if(survey_type IN ('nps', 'relationship')), 100.0 * (count_if(survey_type IN ('nps', "
          + "'relationship') AND score >= 9) - count_if(survey_type IN ('nps', 'relationship') AND score <= 6)) "
          + "/ count_if(survey_type IN ('nps', 'relationship'))",
      "csat", "count_if(survey_type = 'csat'), 100.0 * count_if(survey_type = 'csat' AND score >= 4) "
          + "/ count_if(survey_type = 'csat')",
      "csat_mean", "count_if(survey_type = 'csat'), avg(CASE WHEN survey_type = 'csat' THEN score END)",
      "ces", "count_if(survey_type = 'ces'), avg(CASE WHEN survey_type = 'ces' THEN score END)",
      "ces_share", "count_if(survey_type = 'ces'), 100.0 * count_if(survey_type = 'ces' AND score >= 5) "
          + "/ count_if(survey_type = 'ces')");

  @BeforeAll
  static void warehouse() {
    assertThat(AcceptanceWarehouse.get().nightlyExit()).isEqualTo(ExitCodes.SUCCESS);
  }

  @Test
  void everyCheckedCellEqualsAPlainQueryOverSilver() {
    SparkSession spark = TestSpark.session();
    // Per dimension and window, on the last date: the cell with the most answers, and one suppressed cell.
    List<Row> picked = spark.sql("SELECT score_date, window_days, dimension, dimension_value, metric, n, score, "
        + "suppressed FROM (SELECT *, row_number() OVER (PARTITION BY dimension, window_days, suppressed "
        + "ORDER BY n DESC, metric, dimension_value) AS r FROM " + SCORECARD + " WHERE score_date = DATE'"
        + AcceptanceWarehouse.TO + "' AND n > 0) WHERE r = 1").collectAsList();
    assertThat(picked.stream().map(r -> r.getString(2)).distinct())
        .containsExactlyInAnyOrderElementsOf(Scorecard.DIMENSIONS);
    assertThat(picked.stream().map(r -> r.getInt(1)).distinct()).containsExactlyInAnyOrder(1, 7, 28);
    assertThat(picked).anySatisfy(r -> assertThat(r.getBoolean(7)).isTrue());
    spark.sql(ANSWERS + "SELECT * FROM rated").cache().createOrReplaceTempView("plain_rated");
    for (Row cell : picked) {
      String metric = cell.getString(4);
      String sql = "SELECT " + METRIC_SQL.get(METRIC_SQL.indexOf(metric) + 1) + " FROM plain_rated WHERE `"
          + cell.getString(2) + "` = '" + cell.getString(3) + "' AND d BETWEEN date_sub(DATE'" + cell.getDate(0)
          + "', " + (cell.getInt(1) - 1) + ") AND DATE'" + cell.getDate(0) + "'";
      Row plain = spark.sql(sql).first();
      assertThat(cell.getLong(5)).as("n of %s", cell).isEqualTo(plain.getLong(0));
      if (cell.getBoolean(7)) {
        assertThat(cell.isNullAt(6)).as("score of suppressed %s", cell).isTrue();
      } else {
        assertThat(cell.getDouble(6)).as("score of %s", cell)
            .isCloseTo(((Number) plain.get(1)).doubleValue(), within(1e-9));
      }
    }
  }

  @Test
  void theRunLogSaysWhatWasScoredAndTheCatalogDocumentsEveryColumn() {
    SparkSession spark = TestSpark.session();
    Row logged = spark.sql("SELECT rows_read, rows_written, message FROM " + AcceptanceWarehouse.OPS + ".run_log "
        + "WHERE stage = 'scores'").first();
    assertThat(logged.getLong(0)).isEqualTo(spark.sql("SELECT count(1) FROM " + AcceptanceWarehouse.SILVER
        + ".surveys WHERE to_date(submitted_at) BETWEEN date_sub(DATE'" + AcceptanceWarehouse.FROM + "', 55) AND DATE'"
        + AcceptanceWarehouse.TO + "'").first().getLong(0));
    assertThat(logged.getLong(1)).isEqualTo(spark.sql("SELECT count(1) FROM " + SCORECARD).first().getLong(0));
    assertThat(logged.getString(2)).containsPattern("in the CX area unmapped").contains("score dates");
    assertThat(spark.sql("SELECT DISTINCT score_date FROM " + SCORECARD).count())
        .isEqualTo(java.time.temporal.ChronoUnit.DAYS.between(AcceptanceWarehouse.FROM, AcceptanceWarehouse.TO) + 1);
    List<Row> described = spark.sql("DESCRIBE TABLE " + SCORECARD).collectAsList();
    for (String column : io.outsidein.common.tables.ScoreTables.CX_SCORECARD_DAILY.fieldNames()) {
      assertThat(described).as(column).anySatisfy(r -> {
        assertThat(r.getString(0)).isEqualTo(column);
        assertThat(r.getString(2)).isNotBlank();
      });
    }
  }

  @SuppressWarnings("unchecked")
  private static double planted(String effect, String key) {
    Map<String, Object> truth = (Map<String, Object>) AcceptanceWarehouse.get().truth().planted().get(effect);
    return ((Number) truth.get(key)).doubleValue();
  }

  private static Row link(String table, String column, String value) {
    return TestSpark.session().sql("SELECT estimate, ci_low, ci_high, p_value, q_value, significant FROM "
        + AcceptanceWarehouse.GOLD + "." + table + " WHERE run_date = DATE'" + AcceptanceWarehouse.TO + "' AND "
        + column + " = '" + value + "'").first();
  }

  /** (c): engagement in month m moves the unit's customer NPS in m+1, by the planted size; not the reverse. */
  @Test
  void engagementMovesNextMonthsNpsByThePlantedSize() {
    double slope = planted("engagement_to_nps", "nps_points_per_engagement_point");
    Row forward = link("unit_engagement_links", "direction", UnitEngagement.ENGAGEMENT_TO_NPS);
    assertThat(forward.getDouble(0)).as("estimate").isPositive();
    assertThat(slope).as("planted slope within [%s, %s]", forward.get(1), forward.get(2))
        .isBetween(forward.getDouble(1), forward.getDouble(2));
    Row reverse = link("unit_engagement_links", "direction", UnitEngagement.NPS_TO_ENGAGEMENT);
    assertThat(reverse.getBoolean(5)).as("reverse direction significant").isFalse();
  }

  /** (d): renewal rises with breadth; the intervals cover the planted points per contact and per department. */
  @Test
  void renewalRisesWithBreadthByThePlantedSizes() {
    Row contacts = link("account_engagement_links", "predictor", AccountEngagement.CONTACTS);
    Row departments = link("account_engagement_links", "predictor", AccountEngagement.DEPARTMENTS);
    double perContact = planted("b2b_breadth_to_renewal", "per_contact_pp");
    double perDepartment = planted("b2b_breadth_to_renewal", "per_department_pp");
    assertThat(contacts.getDouble(0)).isPositive();
    assertThat(departments.getDouble(0)).isPositive();
    assertThat(perContact).as("per contact within [%s, %s]", contacts.get(1), contacts.get(2))
        .isBetween(contacts.getDouble(1), contacts.getDouble(2));
    assertThat(perDepartment).as("per department within [%s, %s]", departments.get(1), departments.get(2))
        .isBetween(departments.getDouble(1), departments.getDouble(2));
  }
}
