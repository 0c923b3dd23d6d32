package io.outsidein.jobs.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.tables.CustomerTables;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.Frames;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Each answer's logic on hand-made frames shaped like real exports: a return line, a guest purchase, a channel
 * the costs do not list, customers tied on recency, a referred customer who bought.
 */
class CustomerScoresTest {
  private static final LocalDate RUN = LocalDate.of(2026, 4, 30);

  static CustomerSettings settings(String... overrides) {
    return CustomerSettings.read(OutsideinSettings.root(new ConfigLoader().load(Optional.empty(),
        List.of(overrides))));
  }

  private static Dataset<Row> orderLines() {
    return TestSpark.session().sql("SELECT order_id, CAST(t AS TIMESTAMP) AS order_time, customer_id, sku, "
        + "quantity, CAST(price AS DECIMAL(12, 2)) AS unit_price FROM VALUES "
        + "('o1', '2026-04-01 10:00:00', 'c1', 'a', 2, 10.0), ('o1', '2026-04-01 10:00:00', 'c1', 'b', 1, 30.0), "
        + "('o2', '2026-04-20 23:30:00', 'c1', 'a', 1, 10.0), "
        // A return of one line of o1, delivered as its own line with a negative quantity.
        + "('o1', '2026-04-05 09:00:00', 'c1', 'b', -1, 30.0), "
        + "('o3', '2026-04-10 12:00:00', 'c2', 'a', 5, 10.0), "
        // A guest purchase belongs to no customer.
        + "('o4', '2026-04-11 12:00:00', NULL, 'a', 9, 10.0) "
        + "AS v(order_id, t, customer_id, sku, quantity, price)");
  }

  /** Interactions as the stage reads them: counted per customer, day and channel. */
  private static Dataset<Row> activity() {
    return CustomerActivity.daily(TestSpark.session().sql("SELECT customer_id, channel, event_type, DATE'2026-04-05' AS event_date "
        + "FROM VALUES "
        + "('c1', 'call_center', 'contact'), ('c1', 'call_center', 'transfer'), ('c1', 'web', 'contact'), "
        // fax is in no cost list: it costs `other`.
        + "('c2', 'fax', 'contact'), ('c2', 'web', 'page_view'), "
        + "('c3', 'social', 'referral'), ('c4', 'web', 'referral'), (NULL, 'call_center', 'contact') "
        + "AS v(customer_id, channel, event_type)"));
  }

  @Test
  void valueNetsReturnsAndLeavesGuestsOut() {
    Frames.assertSameRows(TestSpark.session().sql("SELECT * FROM VALUES "
        + "('c1', 2L, 60.0D, 30.0D, 30.0D, 9.0D, DATE'2026-04-20', 1L), "
        + "('c2', 1L, 50.0D, 0.0D, 50.0D, 15.0D, DATE'2026-04-10', 0L) "
        + "AS t(customer_id, orders, revenue, refunds, net_revenue, margin, last_order_date, returned_lines)"),
        new CustomerValue(settings()).of(orderLines()));
  }

  @Test
  void costToServePricesEachContactByItsChannelAndEachTransfer() {
    // Defaults: call_center 4.00 + 8 min, web 0.20 + 0 min, other 2.00 + 5 min; 0.75 a minute; transfer 3.00.
    Frames.assertSameRows(TestSpark.session().sql("SELECT * FROM VALUES "
        + "('c1', 2L, 4.2D, 6.0D, 1L, 3.0D), ('c2', 1L, 2.0D, 3.75D, 0L, 0.0D) "
        + "AS t(customer_id, contacts, contact_cost, handling_cost, transfers, transfer_cost)"),
        new CostToServe(settings()).of(activity()));
  }

  @Test
  void rfmQuintilesShareTiesAndLeaveNonBuyersOut() {
    // Ten buyers: recency 1..10 days with two tied at 3, orders and revenue rising with the id; one non-buyer.
    Dataset<Row> customers = TestSpark.session().sql("SELECT * FROM VALUES "
        + "('b01', 1, 1L, 10.0), ('b02', 2, 2L, 20.0), ('b03', 3, 3L, 30.0), ('b04', 3, 4L, 40.0), "
        + "('b05', 5, 5L, 50.0), ('b06', 6, 6L, 60.0), ('b07', 7, 7L, 70.0), ('b08', 8, 8L, 80.0), "
        + "('b09', 9, 9L, 90.0), ('b10', 10, 10L, 100.0), ('n1', NULL, 0L, 0.0) "
        + "AS t(customer_id, recency_days, orders, net_revenue)");
    // Recency descending: b10 has rank 1 -> quintile 1; b03 and b04 share rank 7 -> floor(5 x 6 / 10) + 1 = 4.
    Frames.assertSameRows(TestSpark.session().sql("SELECT * FROM VALUES "
        + "('b01', 5, 1, 1, '511'), ('b02', 5, 1, 1, '511'), ('b03', 4, 2, 2, '422'), ('b04', 4, 2, 2, '422'), "
        + "('b05', 3, 3, 3, '333'), ('b06', 3, 3, 3, '333'), ('b07', 2, 4, 4, '244'), ('b08', 2, 4, 4, '244'), "
        + "('b09', 1, 5, 5, '155'), ('b10', 1, 5, 5, '155'), ('n1', NULL, NULL, NULL, NULL) "
        + "AS t(customer_id, r_score, f_score, m_score, rfm)"), Rfm.score(customers));
  }

  @Test
  void anAdvocateIsAPromoterWhoReferredAndTheWhyNamesTheLargestMoneyFirst() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> master = spark.sql("SELECT *, DATE'2026-01-01' AS signup_date FROM VALUES "
        + "('c1', 'consumer', 'web', NULL), ('c2', 'consumer', 'referral', 'c3'), "
        + "('c3', 'premium', 'store', NULL), ('c4', 'consumer', 'web', NULL), ('c5', 'consumer', 'web', NULL) "
        + "AS t(customer_id, segment, acquisition_channel, referred_by)");
    // c3: promoter whose referred c2 bought; c4: referred (an event) but a passive; c5: promoter, no referral.
    Dataset<Row> surveys = spark.sql("SELECT response_id, CAST(t AS TIMESTAMP) AS submitted_at, customer_id, "
        + "survey_type, score FROM VALUES "
        + "('r1', '2026-04-02 10:00:00', 'c3', 'nps', 3), ('r2', '2026-04-20 10:00:00', 'c3', 'relationship', 10), "
        + "('r3', '2026-04-20 10:00:00', 'c4', 'nps', 8), ('r4', '2026-04-21 10:00:00', 'c5', 'nps', 9), "
        + "('r5', '2026-04-21 10:00:00', 'c1', 'ces', 6), ('r6', '2026-04-22 10:00:00', 'c1', 'ces', 3) "
        + "AS v(response_id, t, customer_id, survey_type, score)");
    Dataset<Row> scores = new CustomerScores(settings()).build(master, orderLines(), activity(), surveys,
        orderLines().select("customer_id"), CustomerModels.scores(spark, List.of()),
        new CustomerScores(settings()).windowStart(RUN), RUN,
        Instant.parse("2026-05-01T02:00:00Z")).cache();
    assertThat(scores.schema().fields()).extracting(f -> f.name() + " " + f.dataType().simpleString())
        .containsExactly(java.util.Arrays.stream(CustomerTables.CUSTOMER_SCORES.fields())
            .map(f -> f.name() + " " + f.dataType().simpleString()).toArray(String[]::new));
    Frames.assertSameRows(spark.sql("SELECT * FROM VALUES "
        + "('c1', NULL, false, 0L, 0L, 0.0D, false, 2L, 4.5D), "
        + "('c2', NULL, false, 0L, 0L, 0.0D, false, 0L, NULL), "
        + "('c3', 10, true, 1L, 1L, 50.0D, true, 0L, NULL), "
        + "('c4', 8, false, 1L, 0L, 0.0D, false, 0L, NULL), "
        + "('c5', 9, true, 0L, 0L, 0.0D, false, 0L, NULL) "
        + "AS t(customer_id, nps_latest, promoter, referrals, referred_customers, referred_value, advocate, ces_n, "
        + "ces_mean)"), scores);

    Row c1 = scores.where("customer_id = 'c1'").first();
    // Margin 9.00; cost 4.20 + 6.00 (contacts) + 3.00 (transfer) + 7.50 (a returned line) = 20.70.
    assertThat(c1.<Double>getAs("cost_to_serve")).isCloseTo(20.70, within(1e-9));
    assertThat(c1.<Double>getAs("net_value")).isCloseTo(-11.70, within(1e-9));
    assertThat(c1.<Double>getAs("cost_to_value")).isCloseTo(2.3, within(1e-9));
    assertThat(c1.<Boolean>getAs("costly")).isTrue();
    assertThat(c1.<Integer>getAs("recency_days")).isEqualTo(10);
    assertThat(c1.<Double>getAs("contacts_per_order")).isCloseTo(1.0, within(1e-12));
    // Returns (7.50 + 30.00 refunded) weigh most, then the contacts (10.20), then the margin (9.00).
    assertThat(c1.getList(c1.fieldIndex("why"))).containsExactly(
        "cost: 1 returned lines 7.50, refunds 30.00", "cost: 2 contacts 10.20", "value: margin 9.00 from 2 orders");
    Row c2 = scores.where("customer_id = 'c2'").first();
    assertThat(c2.<Integer>getAs("value_rank")).isEqualTo(1);
    assertThat(c2.<Boolean>getAs("costly")).isFalse();
    Row c3 = scores.where("customer_id = 'c3'").first();
    assertThat(c3.getList(c3.fieldIndex("why"))).containsExactly("advocacy: referred 1 customers, net revenue 50.00");
    // No margin but a cost: costly; neither: not.
    assertThat(scores.where("customer_id = 'c5'").first().<Boolean>getAs("costly")).isFalse();
    assertThat(scores.where("customer_id = 'c5'").first().getList(c3.fieldIndex("why"))).isEmpty();
  }

  /**
   * The top fifth of two buyers is c2 (consumer, acquired by referral); the prospects c3, c4, c5 never bought.
   * With Laplace smoothing: premium 1/3 among the top against 1/4 among buyers (1.33x), store 1/4 against 1/5
   * (1.25x), consumer 2/3 against 3/4, web 1/4 against 2/5; every first weeks unknown (1x). So c3 scores
   * (4/3 x 5/4) / (1 + 4/3 x 5/4) = 0.625 and c4 (8/9 x 5/8) / (1 + 5/9) = 0.357.
   */
  @Test
  void aProspectScoresByHowMuchItLooksLikeTheTopCustomers() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> master = spark.sql("SELECT *, DATE'2026-01-01' AS signup_date, CAST(NULL AS STRING) AS referred_by "
        + "FROM VALUES ('c1', 'consumer', 'web'), ('c2', 'consumer', 'referral'), ('c3', 'premium', 'store'), "
        + "('c4', 'consumer', 'web'), ('c5', 'consumer', 'web') AS t(customer_id, segment, acquisition_channel)");
    Dataset<Row> surveys = spark.sql("SELECT 'r1' AS response_id, TIMESTAMP'2026-04-02 10:00:00' AS submitted_at, "
        + "'c1' AS customer_id, 'ces' AS survey_type, 5 AS score");
    Dataset<Row> scores = new CustomerScores(settings()).build(master, orderLines(), activity(), surveys,
        orderLines().select("customer_id"), CustomerModels.scores(spark, List.of()),
        new CustomerScores(settings()).windowStart(RUN), RUN,
        Instant.parse("2026-05-01T02:00:00Z")).cache();
    Frames.assertSameRows(spark.sql("SELECT * FROM VALUES ('c1', false, 'unknown'), ('c2', false, 'unknown'), "
        + "('c3', true, 'unknown'), ('c4', true, 'unknown'), ('c5', true, 'unknown') "
        + "AS t(customer_id, prospect, first_weeks)"), scores);
    Row c3 = scores.where("customer_id = 'c3'").first();
    assertThat(c3.<Double>getAs("lookalike_score")).isCloseTo(0.625, within(1e-9));
    assertThat(c3.getList(c3.fieldIndex("lookalike_why"))).containsExactly(
        "segment = premium: 1.33x as common among the top customers",
        "acquisition_channel = store: 1.25x as common among the top customers");
    Row c4 = scores.where("customer_id = 'c4'").first();
    assertThat(c4.<Double>getAs("lookalike_score")).isCloseTo(5.0 / 14, within(1e-9));
    assertThat(c4.getList(c4.fieldIndex("lookalike_why"))).isEmpty();
    assertThat(scores.where("customer_id = 'c1'").first().isNullAt(c3.fieldIndex("lookalike_score"))).isTrue();
  }

  @Test
  void firstWeeksCountTheFourteenDaysFromSignupOnlyWhenTheyAreInTheWindow() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> master = spark.sql("SELECT customer_id, CAST(d AS DATE) AS signup_date FROM VALUES "
        + "('new', '2026-04-10'), ('quiet', '2026-04-12'), ('old', '2026-01-05') AS t(customer_id, d)");
    // Six events on days 1 to 14 from signup (active), one on day 15 that does not count; old is before the window.
    Dataset<Row> interactions = spark.sql("SELECT customer_id, CAST(d AS DATE) AS event_date, 'web' AS channel, "
        + "'page_view' AS event_type FROM VALUES "
        + "('new', '2026-04-10'), ('new', '2026-04-10'), ('new', '2026-04-15'), ('new', '2026-04-20'), "
        + "('new', '2026-04-22'), ('new', '2026-04-23'), ('new', '2026-04-24'), ('old', '2026-04-11') "
        + "AS t(customer_id, d)");
    Frames.assertSameRows(spark.sql("SELECT * FROM VALUES ('new', 'active'), ('quiet', 'none'), ('old', 'unknown') "
        + "AS t(customer_id, first_weeks)"),
        new Lookalike(settings()).firstWeeks(master, CustomerActivity.daily(interactions),
            LocalDate.of(2026, 2, 1)));
  }
}
