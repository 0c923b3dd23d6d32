package io.outsidein.jobs.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.tables.CustomerTables;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.ExitCodes;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import io.outsidein.jobs.testing.TestOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The customers stage on the shared acceptance warehouse (the night that built it ran it): one row per customer,
 * money that reconciles with plain SQL over silver, advocates who are promoters that referred, the run log and the
 * catalog's comments.
 */
@Order(TestOrder.READS_A_SHARED_WORLD)
class CustomersJobTest {
  private static final String SCORES = AcceptanceWarehouse.GOLD + ".customer_scores";
  private static final String WINDOW = "BETWEEN date_sub(DATE'" + AcceptanceWarehouse.TO + "', 89) AND DATE'"
      + AcceptanceWarehouse.TO + "'";

  @BeforeAll
  static void warehouse() {
    assertThat(AcceptanceWarehouse.get().nightlyExit()).isEqualTo(ExitCodes.SUCCESS);
  }

  @Test
  void everyCustomerHasOneRowAndTheMoneyReconcilesWithSilver() {
    SparkSession spark = TestSpark.session();
    Row counts = spark.sql("SELECT count(1), count(DISTINCT customer_id), sum(revenue), sum(refunds), "
        + "sum(contacts), sum(transfers), count_if(orders > 0), count_if(costly), min(run_date), max(run_date) FROM "
        + SCORES).first();
    assertThat(counts.getLong(0)).isEqualTo(counts.getLong(1));
    assertThat(spark.sql("SELECT count(DISTINCT customer_id) FROM " + AcceptanceWarehouse.SILVER + ".customers "
        + "WHERE customer_id NOT IN (SELECT customer_id FROM " + SCORES + ")").first().getLong(0)).isZero();
    Row lines = spark.sql("SELECT CAST(sum(CASE WHEN quantity > 0 THEN quantity * unit_price END) AS DOUBLE), "
        + "CAST(coalesce(sum(CASE WHEN quantity < 0 THEN -quantity * unit_price END), 0) AS DOUBLE) FROM "
        + AcceptanceWarehouse.SILVER + ".order_lines WHERE customer_id IS NOT NULL AND to_date(order_time) " + WINDOW)
        .first();
    assertThat(counts.getDouble(2)).isCloseTo(lines.getDouble(0), within(0.01));
    assertThat(counts.getDouble(3)).isCloseTo(lines.getDouble(1), within(0.01));
    Row events = spark.sql("SELECT count_if(event_type = 'contact'), count_if(event_type = 'transfer') FROM "
        + AcceptanceWarehouse.SILVER + ".interactions WHERE customer_id IS NOT NULL AND event_date " + WINDOW).first();
    assertThat(counts.getLong(4)).isEqualTo(events.getLong(0));
    assertThat(counts.getLong(5)).isEqualTo(events.getLong(1));
    assertThat(counts.getLong(6)).isGreaterThan(100);
    assertThat(counts.getLong(7)).isPositive();
    assertThat(counts.getDate(8).toLocalDate()).isEqualTo(AcceptanceWarehouse.TO);
    assertThat(counts.getDate(9).toLocalDate()).isEqualTo(AcceptanceWarehouse.TO);
  }

  @Test
  void advocatesArePromotersWhoReferredAndTheGeneratedReferralsAreFound() {
    SparkSession spark = TestSpark.session();
    Row advocates = spark.sql("SELECT count_if(advocate), count_if(advocate AND NOT promoter), "
        + "count_if(advocate AND referrals = 0 AND referred_customers = 0), sum(referred_customers) FROM " + SCORES)
        .first();
    assertThat(advocates.getLong(0)).isPositive();
    assertThat(advocates.getLong(1)).isZero();
    assertThat(advocates.getLong(2)).isZero();
    assertThat(advocates.getLong(3)).isEqualTo(spark.sql("SELECT count(1) FROM " + AcceptanceWarehouse.SILVER
        + ".customers WHERE referred_by IS NOT NULL").first().getLong(0));
    // The why of the most valuable customer names their margin.
    Row top = spark.sql("SELECT why FROM " + SCORES + " ORDER BY value_rank, customer_id LIMIT 1").first();
    assertThat(top.<String>getList(0)).anySatisfy(reason -> assertThat(reason).startsWith("value: margin"));
  }

  @Test
  void theRunLogSaysWhatWasScoredAndTheCatalogDocumentsEveryColumn() {
    SparkSession spark = TestSpark.session();
    Row logged = spark.sql("SELECT rows_read, message FROM " + AcceptanceWarehouse.OPS + ".run_log WHERE stage = "
        + "'customers'").first();
    assertThat(logged.getLong(0)).isEqualTo(spark.sql("SELECT count(1) FROM " + SCORES).first().getLong(0));
    // The warehouse holds about 45 days, not the 90 of the window: the hold-out halves what there is.
    long days = spark.sql("SELECT datediff(DATE'" + AcceptanceWarehouse.TO + "', greatest(min(event_date), "
        + "date_sub(DATE'" + AcceptanceWarehouse.TO + "', 89))) + 1 FROM " + AcceptanceWarehouse.SILVER
        + ".interactions WHERE event_date " + WINDOW).first().getInt(0);
    assertThat(logged.getString(1)).contains("costly", "advocates", "with an order", "prospects")
        .containsPattern("value_12m held out: the first " + days / 2 + " days predicted the last " + (days - days / 2)
            + " for [0-9]+ customers, mean absolute error [0-9.]+ \\(plain run rate [0-9.]+\\)");
    Row models = spark.sql("SELECT count_if(prospect), count_if(prospect AND lookalike_score BETWEEN 0 AND 1), "
        + "count_if(NOT prospect AND lookalike_score IS NOT NULL), count_if(prospect AND orders > 0), "
        + "count_if(value_12m IS NULL) FROM " + SCORES).first();
    assertThat(models.getLong(0)).isPositive();
    assertThat(models.getLong(1)).isEqualTo(models.getLong(0));
    assertThat(models.getLong(2)).isZero();
    assertThat(models.getLong(3)).isZero();
    assertThat(models.getLong(4)).isZero();
    List<Row> described = spark.sql("DESCRIBE TABLE " + SCORES).collectAsList();
    for (String column : CustomerTables.CUSTOMER_SCORES.fieldNames()) {
      assertThat(described).as(column).anySatisfy(r -> {
        assertThat(r.getString(0)).isEqualTo(column);
        assertThat(r.getString(2)).isNotBlank();
      });
    }
  }
  @Test
  void theConversionAndChurnModelsBeatACoinOnHeldOutCustomersAndScoreWhomTheyShould() {
    SparkSession spark = TestSpark.session();
    String message = spark.sql("SELECT message FROM " + AcceptanceWarehouse.OPS + ".run_log WHERE stage = "
        + "'customers'").first().getString(0);
    for (CustomerModel model : CustomerModel.values()) {
      Matcher m = Pattern.compile(model.id() + " model " + model.id() + "@" + AcceptanceWarehouse.TO
          + " \\(trained tonight\\): held-out AUC ([0-9.]+) \\(([0-9.]+)-([0-9.]+)\\) on ([0-9]+) customers "
          + "\\(([0-9]+) positive\\), trained on [0-9]+ \\([0-9]+ positive\\); used").matcher(message);
      assertThat(m.find()).as(message).isTrue();
      double auc = Double.parseDouble(m.group(1));
      double low = Double.parseDouble(m.group(2));
      // Planted truth: each model beats a constant (AUC 0.5) on customers it did not see.
      System.out.printf("TRUTH %s model: held-out AUC %.3f (%.3f-%.3f), n %s (%s positive)%n", model.id(), auc,
          low, Double.parseDouble(m.group(3)), m.group(4), m.group(5));
      assertThat(low).as(model.id()).isGreaterThan(0.5);
      assertThat(Path.of(warehouseFolder(), "models", model.id(), AcceptanceWarehouse.TO.toString(),
          ModelStore.PROPERTIES)).exists();
    }
    Row scored = spark.sql("SELECT count_if(prospect), count_if(conversion_propensity BETWEEN 0 AND 1), "
        + "count_if(conversion_propensity IS NOT NULL AND NOT prospect), count_if(orders > 0), "
        + "count_if(churn_risk BETWEEN 0 AND 1), count_if(churn_risk IS NOT NULL AND orders = 0), "
        + "count_if(conversion_propensity IS NOT NULL AND model_version = 'conversion@" + AcceptanceWarehouse.TO
        + "' AND size(conversion_why) > 0), count_if(churn_risk IS NOT NULL AND model_version = 'churn@"
        + AcceptanceWarehouse.TO + "'), count_if(model_version IS NULL AND (prospect OR orders > 0)) FROM "
        + SCORES).first();
    assertThat(scored.getLong(1)).isEqualTo(scored.getLong(0)).isPositive();
    assertThat(scored.getLong(2)).isZero();
    assertThat(scored.getLong(4)).isEqualTo(scored.getLong(3)).isPositive();
    assertThat(scored.getLong(5)).isZero();
    assertThat(scored.getLong(6)).isEqualTo(scored.getLong(0));
    assertThat(scored.getLong(7)).isEqualTo(scored.getLong(3));
    assertThat(scored.getLong(8)).isZero();
  }

  @Test
  void promotersReferAtTheRateTheGeneratorPlanted() {
    // Planted truth (e): latent promoters refer more. What the warehouse sees is the latest relationship answer,
    // which misplaces some customers' class; the generator states the ratio that leaves, and the estimate's
    // interval must cover it. Customers referred themselves never refer, so they are left out.
    @SuppressWarnings("unchecked")
    Map<String, Object> truth = (Map<String, Object>) AcceptanceWarehouse.get().truth().planted()
        .get("promoter_referrals");
    double planted = ((Number) truth.get("ratio_by_latest_relationship_answer")).doubleValue();
    Row rates = TestSpark.session().sql("WITH latest AS (SELECT customer_id, max_by(score, struct(submitted_at, "
        + "response_id)) >= 9 AS promoter FROM " + AcceptanceWarehouse.SILVER + ".surveys WHERE survey_type = "
        + "'relationship' GROUP BY customer_id), base AS (SELECT customer_id FROM " + AcceptanceWarehouse.SILVER
        + ".customers GROUP BY customer_id HAVING max(referred_by) IS NULL) "
        + "SELECT sum(CASE WHEN promoter THEN referrals END), sum(CASE WHEN promoter THEN days END), "
        + "sum(CASE WHEN NOT promoter THEN referrals END), sum(CASE WHEN NOT promoter THEN days END) FROM ("
        + "SELECT l.promoter, s.referrals, datediff(DATE'" + AcceptanceWarehouse.TO + "', greatest(s.signup_date, "
        + "DATE'" + AcceptanceWarehouse.FROM + "')) + 1 AS days FROM latest l JOIN base b USING (customer_id) "
        + "JOIN " + SCORES + " s USING (customer_id))").first();
    double promoterRate = rates.getLong(0) / (double) rates.getLong(1);
    double otherRate = rates.getLong(2) / (double) rates.getLong(3);
    double ratio = promoterRate / otherRate;
    // A ratio of two Poisson rates: log ratio +- z sqrt(1/a + 1/b).
    double half = 1.959964 * Math.sqrt(1.0 / rates.getLong(0) + 1.0 / rates.getLong(2));
    double low = ratio * Math.exp(-half);
    double high = ratio * Math.exp(half);
    System.out.printf("TRUTH referrals: promoters by latest relationship answer %.4f per 30 days (%d referrals), "
            + "others %.4f (%d); ratio %.2f (%.2f-%.2f), planted %.2f (latent classes %.2f)%n", promoterRate * 30,
        rates.getLong(0), otherRate * 30, rates.getLong(2), ratio, low, high, planted,
        ((Number) truth.get("ratio")).doubleValue());
    assertThat(low).isGreaterThan(1.0);
    assertThat(planted).isBetween(low, high);
  }

  private static String warehouseFolder() {
    return AcceptanceWarehouse.get().overrides().stream().filter(o -> o.startsWith("outsidein.storage.warehouse="))
        .map(o -> o.substring("outsidein.storage.warehouse=".length())).findFirst().orElseThrow();
  }
}
