package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.Frames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customer models on small frames: training rows labelled by what happened after the cut-off, a model that
 * finds a planted signal and explains it faithfully, the cadence of retraining, the AUC floor, too few to train.
 */
class CustomerModelsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 4, 30);

  /**
   * Conversion training rows of {@code n} past prospects: the odds of converting rise with page views when
   * {@code signal}, else the label is a coin with a chance of {@code rate}.
   */
  private static Dataset<Row> prospects(int n, boolean signal, double rate) {
    String label = signal ? "rand(11) < 1 / (1 + exp(2.5 - 0.25 * page_views))" : "rand(11) < " + rate;
    return TestSpark.session().range(0, n, 1, 1).selectExpr("concat('c', id) AS customer_id",
            "CASE WHEN id % 3 = 0 THEN 'premium' ELSE 'consumer' END AS segment",
            "CASE WHEN id % 2 = 0 THEN 'web' ELSE 'store' END AS acquisition_channel",
            "CAST(id % 40 AS DOUBLE) AS days_known", "CAST(floor(rand(3) * 12) AS DOUBLE) AS events",
            "CAST(floor(rand(5) * 6) AS DOUBLE) AS active_days", "CAST(floor(rand(7) * 21) AS DOUBLE) AS page_views",
            "CAST(floor(rand(9) * 2) AS DOUBLE) AS contacts", "CAST(id % 5 = 0 AS DOUBLE) AS promoter",
            "CAST(id % 7 = 0 AS DOUBLE) AS detractor")
        .withColumn("label", org.apache.spark.sql.functions.expr(label).cast("double"));
  }

  private static CustomerModels models(Path store, String... overrides) {
    return new CustomerModels(CustomerScoresTest.settings(overrides),
        new ModelStore(TestSpark.session(), store.toUri().toString()));
  }

  @Test
  void aModelFindsThePlantedSignalSavesItselfAndExplainsEachScoreFaithfully(@TempDir Path store) {
    Dataset<Row> rows = prospects(3000, true, 0).cache();
    CustomerModels.Outcome outcome = models(store).run(CustomerModel.CONVERSION, DAY, () -> rows, rows.drop("label"));

    assertThat(outcome.trainedNow()).isTrue();
    assertThat(outcome.used()).isTrue();
    assertThat(outcome.version()).isEqualTo("conversion@2026-04-30");
    ModelTraining.Evaluation e = outcome.evaluation();
    assertThat(e.testN()).isBetween(800L, 1000L);
    assertThat(e.trainN() + e.testN()).isEqualTo(3000);
    assertThat(e.auc()).isGreaterThan(0.7);
    assertThat(e.low()).isLessThan(e.auc()).isGreaterThan(0.6);
    assertThat(e.high()).isGreaterThan(e.auc());
    assertThat(outcome.describe()).contains("conversion model conversion@2026-04-30 (trained tonight): held-out AUC");
    assertThat(store.resolve("conversion/2026-04-30/" + ModelStore.PROPERTIES)).exists();
    assertThat(Files.isDirectory(store.resolve("conversion/2026-04-30/pipeline"))).isTrue();

    // The propensity is the saved model's; the explanation's log-odds, from the same weights, give it back.
    ModelStore saved = new ModelStore(TestSpark.session(), store.toUri().toString());
    ModelExplanation terms = ModelExplanation.of(CustomerModel.CONVERSION,
        saved.pipeline(saved.latest(CustomerModel.CONVERSION, DAY).orElseThrow()));
    Dataset<Row> native_ = rows.select(col("customer_id"), lit(1.0).divide(lit(1.0).plus(exp(terms.logOdds()
        .multiply(-1)))).as("native"), col("page_views"));
    List<Row> compared = outcome.scores().join(native_, "customer_id")
        .select("conversion_propensity", "native", "page_views", "conversion_why", "model_version").collectAsList();
    assertThat(compared).hasSize(3000);
    for (Row r : compared) {
      assertThat(r.getDouble(0)).isCloseTo(r.getDouble(1), within(1e-9));
      assertThat(r.getString(4)).isEqualTo("conversion@2026-04-30");
    }
    // Page views raise the odds: the most active prospects name them first, with the factor.
    Row busiest = outcome.scores().join(rows, "customer_id").orderBy(col("page_views").desc(), col("customer_id"))
        .select("conversion_why", "conversion_propensity").first();
    assertThat(busiest.getList(0).get(0).toString()).startsWith("page_views 20 (mean ").contains("): odds x");
    assertThat(busiest.getDouble(1)).isGreaterThan(0.5);
  }

  @Test
  void aSavedModelIsReusedWithinTheCadenceAndRetrainedAfterIt(@TempDir Path store) {
    Dataset<Row> rows = prospects(1500, true, 0).cache();
    CustomerModels models = models(store, "outsidein.customers.models.retrain-every=7d");
    assertThat(models.run(CustomerModel.CONVERSION, DAY, () -> rows, rows.drop("label")).trainedNow()).isTrue();

    CustomerModels.Outcome reused = models.run(CustomerModel.CONVERSION, DAY.plusDays(6), () -> {
      throw new AssertionError("retrained within the cadence");
    }, rows.drop("label"));
    assertThat(reused.trainedNow()).isFalse();
    assertThat(reused.version()).isEqualTo("conversion@2026-04-30");
    assertThat(reused.scores().where(col("conversion_propensity").isNull()).count()).isZero();
    assertThat(reused.describe()).contains("(reused)");

    CustomerModels.Outcome retrained = models.run(CustomerModel.CONVERSION, DAY.plusDays(7), () -> rows,
        rows.drop("label"));
    assertThat(retrained.trainedNow()).isTrue();
    assertThat(retrained.version()).isEqualTo("conversion@2026-05-07");
    // A backfill before the first version trains one of its own.
    assertThat(models.run(CustomerModel.CONVERSION, DAY.minusDays(1), () -> rows, rows.drop("label")).version())
        .isEqualTo("conversion@2026-04-29");
  }

  @Test
  void aModelUnderTheAucFloorScoresNoOneUntilItIsRetrained(@TempDir Path store) {
    Dataset<Row> rows = prospects(3000, false, 0.3).cache();
    CustomerModels models = models(store, "outsidein.customers.models.auc-floor=0.6");
    CustomerModels.Outcome coin = models.run(CustomerModel.CONVERSION, DAY, () -> rows, rows.drop("label"));
    assertThat(coin.evaluation().auc()).isLessThan(0.6);
    assertThat(coin.evaluation().low()).isLessThan(0.5);
    assertThat(coin.used()).isFalse();
    assertThat(coin.scores()).isNull();
    assertThat(coin.describe()).contains("not used: under customers.models.auc-floor 0.60");
    assertThat(store.resolve("conversion/2026-04-30/" + ModelStore.PROPERTIES)).exists();

    CustomerModels.Outcome nextNight = models.run(CustomerModel.CONVERSION, DAY.plusDays(1), () -> {
      throw new AssertionError("retrained within the cadence");
    }, rows.drop("label"));
    assertThat(nextNight.used()).isFalse();
    assertThat(nextNight.scores()).isNull();
    assertThat(CustomerModels.scores(TestSpark.session(), List.of(coin, nextNight)).count()).isZero();
  }

  @Test
  void tooFewPastConvertersTrainNothingAndSayHowMany(@TempDir Path store) {
    Dataset<Row> rows = prospects(400, false, 0.05).cache();
    CustomerModels.Outcome outcome = models(store).run(CustomerModel.CONVERSION, DAY, () -> rows,
        rows.drop("label"));
    assertThat(outcome.version()).isNull();
    assertThat(outcome.scores()).isNull();
    assertThat(outcome.describe()).startsWith("conversion model not trained: ")
        .contains("fewer than customers.models.min-class 30");
    assertThat(store.resolve("conversion")).doesNotExist();
  }

  @Test
  void theAucIntervalIsHanleyAndMcNeils() {
    // A = 0.5, 100 and 100: se^2 = (0.25 + 2 x 99 x (1/3 - 1/4)) / 10^4 = 0.001675, z se = 0.0802.
    double[] interval = ModelTraining.hanleyMcNeil(0.5, 100, 100, 0.95);
    assertThat(interval[0]).isCloseTo(0.5 - 0.0802, within(1e-4));
    assertThat(interval[1]).isCloseTo(0.5 + 0.0802, within(1e-4));
    assertThat(ModelTraining.hanleyMcNeil(0.99, 20, 20, 0.95)[1]).isEqualTo(1.0);
  }

  @Test
  void trainingRowsAreLabelledByWhatHappenedAfterTheCutoffAndSeeNothingOfIt() {
    SparkSession spark = TestSpark.session();
    LocalDate cutoff = LocalDate.of(2026, 4, 10);
    Dataset<Row> people = spark.sql("SELECT customer_id, segment, acquisition_channel, CAST(d AS DATE) AS "
        + "signup_date FROM VALUES ('p1', 'consumer', 'web', '2026-03-01'), ('p2', 'consumer', NULL, '2026-04-01'), "
        + "('p3', 'premium', 'store', '2026-04-01'), ('late', 'consumer', 'web', '2026-04-12'), "
        + "('b1', 'consumer', 'web', '2026-01-01'), ('b2', 'premium', 'web', '2026-01-01') "
        + "AS t(customer_id, segment, acquisition_channel, d)");
    Dataset<Row> lines = spark.sql("SELECT order_id, CAST(t AS TIMESTAMP) AS order_time, customer_id, quantity, "
        + "CAST(10.0 AS DECIMAL(12, 2)) AS unit_price FROM VALUES "
        // p1 converts after the cut-off; p2 never; p3 bought before it (not a prospect then); late signed up after.
        + "('o1', '2026-04-20 10:00:00', 'p1', 1), ('o2', '2026-04-05 10:00:00', 'p3', 1), "
        + "('o3', '2026-04-13 10:00:00', 'late', 1), "
        // b1 buys again after the cut-off; b2 only returns a line after it: it churned.
        + "('o4', '2026-03-20 10:00:00', 'b1', 2), ('o5', '2026-04-25 10:00:00', 'b1', 1), "
        + "('o6', '2026-03-25 10:00:00', 'b2', 1), ('o6', '2026-04-15 10:00:00', 'b2', -1) "
        + "AS v(order_id, t, customer_id, quantity)");
    Dataset<Row> activity = CustomerActivity.daily(spark.sql("SELECT customer_id, CAST(d AS DATE) AS event_date, "
        + "event_type, channel FROM VALUES ('p1', '2026-04-09', 'page_view', 'web'), "
        + "('p1', '2026-04-10', 'page_view', 'web'), ('p1', '2026-04-10', 'page_view', 'app'), "
        + "('p1', '2026-04-11', 'page_view', 'web'), ('p1', '2026-03-01', 'contact', 'web') "
        + "AS t(customer_id, d, event_type, channel)"));
    Dataset<Row> surveys = spark.sql("SELECT response_id, CAST(t AS TIMESTAMP) AS submitted_at, customer_id, "
        + "survey_type, score FROM VALUES ('r1', '2026-04-01 10:00:00', 'b1', 'relationship', 10), "
        + "('r2', '2026-04-11 10:00:00', 'b1', 'nps', 2) AS v(response_id, t, customer_id, survey_type, score)");
    Dataset<Row> firstOrders = lines.groupBy("customer_id")
        .agg(org.apache.spark.sql.functions.min(org.apache.spark.sql.functions.to_date(col("order_time")))
            .as("first_order_date"));
    ModelFeatures features = new ModelFeatures(CustomerScoresTest.settings());
    Dataset<Row> asOf = features.asOf(people, lines, activity, surveys, cutoff);

    // Lookback 30 days: p1's contact of 1 March is too old, its page view of 11 April too new; b1's latest answer
    // by the cut-off is the relationship 10 (the nps 2 comes a day later), its order of 20 March 21 days old.
    // p1's three views fall on two days (two channels on 10 April): two active days.
    Frames.assertSameRows(spark.sql("SELECT * FROM VALUES "
            + "('p1', 'web', 40D, 3D, 2D, 3D, 0D, 90D, 0D, 0D), ('p2', 'unknown', 9D, 0D, 0D, 0D, 0D, 90D, 0D, 0D), "
            + "('b1', 'web', 99D, 0D, 0D, 0D, 1D, 21D, 1D, 0D) AS t(customer_id, acquisition_channel, days_known, "
            + "events, active_days, page_views, orders, recency_days, promoter, detractor)"),
        asOf.where(col("customer_id").isin("p1", "p2", "b1")).select("customer_id", "acquisition_channel",
            "days_known", "events", "active_days", "page_views", "orders", "recency_days", "promoter", "detractor"));
    Frames.assertSameRows(spark.sql("SELECT * FROM VALUES ('p1', 1D), ('p2', 0D) AS t(customer_id, label)"),
        CustomerModel.CONVERSION.training(asOf, people, firstOrders, lines, cutoff, DAY)
            .select("customer_id", "label"));
    // p3 bought before the cut-off and never again: churned, like b2, whose only later line is a return.
    Frames.assertSameRows(spark.sql("SELECT * FROM VALUES ('b1', 0D), ('b2', 1D), ('p3', 1D) AS t(customer_id, label)"),
        CustomerModel.CHURN.training(asOf, people, firstOrders, lines, cutoff, DAY).select("customer_id", "label"));
    assertThat(CustomerModel.CONVERSION.scorable(features.asOf(people, lines, activity, surveys, DAY),
        firstOrders).select("customer_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactly("p2");
  }
}
