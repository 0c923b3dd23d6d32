package io.outsidein.jobs.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.tables.CustomerTables;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.ExitCodes;
import io.outsidein.jobs.testing.AcceptanceWarehouse;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The customers stage on the shared acceptance warehouse (the night that built it ran it): one row per customer,
 * money that reconciles with plain SQL over silver, advocates who are promoters that referred, the run log and the
 * catalog's comments.
 */
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
}
