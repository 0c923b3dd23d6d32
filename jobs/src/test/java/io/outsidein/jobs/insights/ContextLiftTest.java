package io.outsidein.jobs.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The matched baseline on hand-built sales: two Gulf stores and one in the West trade every day for eight weeks.
 * Pop-Tarts sell 2 a day, 12 a day in the Gulf stores on the three days of a hurricane warning; shampoo sells 3 a
 * day, 30 on a holiday (every store). The warning's days are the holiday's weekdays' neighbours within the
 * baseline weeks, so a baseline that kept context days would expect too much shampoo.
 */
class ContextLiftTest {
  private static final LocalDate FIRST = LocalDate.of(2026, 3, 2);
  private static final LocalDate WARNING = LocalDate.of(2026, 4, 6);
  private static final LocalDate HOLIDAY = LocalDate.of(2026, 3, 30);

  /** Sales of one unit per basket: the plain Poisson case. */
  private static Map<String, Row> lift(List<Row> sales) {
    List<Row> baskets = new ArrayList<>();
    for (Row r : sales) {
      baskets.add(RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(3), r.get(3)));
    }
    return liftOfBaskets(baskets);
  }

  /** Sales rows store_id, sale_date, item, units, baskets, squares. */
  private static Map<String, Row> liftOfBaskets(List<Row> sales) {
    StructType salesSchema = new StructType().add("store_id", DataTypes.StringType)
        .add("sale_date", DataTypes.DateType).add("item", DataTypes.StringType).add("units", DataTypes.LongType)
        .add("baskets", DataTypes.LongType).add("squares", DataTypes.LongType);
    List<Row> days = new ArrayList<>();
    for (String store : List.of("gulf-001", "gulf-002", "west-001")) {
      for (LocalDate d = FIRST; d.isBefore(FIRST.plusWeeks(8)); d = d.plusDays(1)) {
        days.add(RowFactory.create(store, Date.valueOf(d)));
      }
    }
    Dataset<Row> tradingDays = TestSpark.session().createDataFrame(days, new StructType()
        .add("store_id", DataTypes.StringType).add("sale_date", DataTypes.DateType));
    Dataset<Row> stores = TestSpark.session().createDataFrame(List.of(RowFactory.create("gulf-001", "gulf"),
        RowFactory.create("gulf-002", "gulf"), RowFactory.create("west-001", "west"), RowFactory.create("x", null)),
        new StructType().add("store_id", DataTypes.StringType).add("region", DataTypes.StringType));
    Dataset<Row> contexts = TestSpark.session().createDataFrame(List.of(
        RowFactory.create("hurricane_warning", "region:gulf", Date.valueOf(WARNING), Date.valueOf(WARNING.plusDays(2))),
        RowFactory.create("holiday", "all", Date.valueOf(HOLIDAY), Date.valueOf(HOLIDAY))),
        new StructType().add("context_type", DataTypes.StringType).add("scope", DataTypes.StringType)
            .add("start_date", DataTypes.DateType).add("end_date", DataTypes.DateType));
    Map<String, Row> byPair = new HashMap<>();
    new ContextLift(new ContextLiftSettings(java.time.Duration.ofDays(90), 4, 5.0, 0.05), 0.95, 0.05)
        .lift(TestSpark.session().createDataFrame(sales, salesSchema), tradingDays, stores, contexts)
        .collectAsList().forEach(r -> byPair.put(r.getAs("context_type") + "/" + r.getAs("item"), r));
    return byPair;
  }

  private static List<Row> sales() {
    List<Row> rows = new ArrayList<>();
    for (String store : List.of("gulf-001", "gulf-002", "west-001")) {
      for (LocalDate d = FIRST; d.isBefore(FIRST.plusWeeks(8)); d = d.plusDays(1)) {
        boolean warned = store.startsWith("gulf") && !d.isBefore(WARNING) && !d.isAfter(WARNING.plusDays(2));
        rows.add(RowFactory.create(store, Date.valueOf(d), "pop-tarts", warned ? 12L : 2L));
        rows.add(RowFactory.create(store, Date.valueOf(d), "shampoo", d.equals(HOLIDAY) ? 30L : 3L));
      }
    }
    return rows;
  }

  @Test
  void theWarnedStoresSellSixTimesTheirUsualPopTartsAndNothingElseMoves() {
    Map<String, Row> lift = lift(sales());
    Row poptarts = lift.get("hurricane_warning/pop-tarts");
    assertThat(poptarts.<Long>getAs("observed")).isEqualTo(72L);
    assertThat(poptarts.<Double>getAs("expected")).isCloseTo(12.0, within(1e-9));
    assertThat(poptarts.<Double>getAs("rate_ratio")).isCloseTo(6.0, within(1e-9));
    assertThat(poptarts.<Double>getAs("ci_low")).isBetween(4.0, 6.0);
    assertThat(poptarts.<Double>getAs("ci_high")).isBetween(6.0, 10.0);
    assertThat(poptarts.<Boolean>getAs("significant")).isTrue();
    assertThat(poptarts.<Long>getAs("stores")).isEqualTo(2L);
    assertThat(poptarts.<Long>getAs("events")).isEqualTo(1L);
    assertThat(poptarts.<Long>getAs("days")).isEqualTo(3L);
    assertThat(poptarts.<String>getAs("scope")).isEqualTo("region:gulf");
    assertThat(poptarts.<String>getAs("model")).isEqualTo("poisson");
    // The holiday's 30 bottles are not in the warning's baseline: shampoo is exactly as usual.
    Row shampoo = lift.get("hurricane_warning/shampoo");
    assertThat(shampoo.<Double>getAs("rate_ratio")).isCloseTo(1.0, within(1e-9));
    assertThat(shampoo.<Boolean>getAs("significant")).isFalse();
    assertThat(lift.get("holiday/shampoo").<Double>getAs("rate_ratio")).isCloseTo(10.0, within(1e-9));
    assertThat(lift.get("holiday/shampoo").<Long>getAs("stores")).isEqualTo(3L);
    assertThat(lift.get("holiday/pop-tarts").<Double>getAs("p_value")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void overdispersedSalesWidenTheIntervalAndTooLittleExpectedIsNotTested() {
    List<Row> rows = new ArrayList<>();
    for (Row r : sales()) {
      LocalDate d = r.<Date>getAs(1).toLocalDate();
      boolean warned = r.getString(0).startsWith("gulf") && !d.isBefore(WARNING) && !d.isAfter(WARNING.plusDays(2));
      if (r.getString(2).equals("pop-tarts") && !warned) {
        // The same mean of 2 a day, in bursts: 0, 0, 6, 2, 0, 4, 2 over a week.
        rows.add(RowFactory.create(r.get(0), r.get(1), "pop-tarts", new long[] {0, 0, 6, 2, 0, 4, 2}[
            (int) ((d.toEpochDay() - FIRST.toEpochDay()) / 7 % 7)]));
      } else {
        rows.add(r);
      }
    }
    rows.add(RowFactory.create("gulf-001", Date.valueOf(WARNING), "rare-item", 1L));
    Map<String, Row> lift = lift(rows);
    Row poptarts = lift.get("hurricane_warning/pop-tarts");
    assertThat(poptarts.<String>getAs("model")).isEqualTo("quasi-poisson");
    assertThat(poptarts.<Double>getAs("dispersion")).isGreaterThan(1.5);
    Row rare = lift.get("hurricane_warning/rare-item");
    assertThat(rare.<Long>getAs("observed")).isEqualTo(1L);
    assertThat(rare.isNullAt(rare.fieldIndex("p_value"))).isTrue();
    assertThat(rare.<Boolean>getAs("significant")).isFalse();
  }

  @Test
  void oneBulkBasketIsOnePurchaseNotTwentyFour() {
    // Batteries: 2 baskets of one a day everywhere; on the warning's first day one gulf basket holds 24. As units
    // that is 26 against 2, but one customer's bulk buy is one event: the compound variance (24^2) keeps it from
    // being a finding. The same 24 units in 24 baskets is a rise.
    List<Row> bulk = new ArrayList<>();
    List<Row> many = new ArrayList<>();
    for (String store : List.of("gulf-001", "gulf-002", "west-001")) {
      for (LocalDate d = FIRST; d.isBefore(FIRST.plusWeeks(8)); d = d.plusDays(1)) {
        boolean spike = store.equals("gulf-001") && d.equals(WARNING);
        bulk.add(RowFactory.create(store, Date.valueOf(d), "batteries", spike ? 26L : 2L, spike ? 3L : 2L,
            spike ? 2L + 576L : 2L));
        many.add(RowFactory.create(store, Date.valueOf(d), "batteries", spike ? 26L : 2L, spike ? 26L : 2L,
            spike ? 26L : 2L));
      }
    }
    Row oneBasket = liftOfBaskets(bulk).get("hurricane_warning/batteries");
    Row manyBaskets = liftOfBaskets(many).get("hurricane_warning/batteries");
    assertThat(oneBasket.<Double>getAs("rate_ratio")).isCloseTo(manyBaskets.<Double>getAs("rate_ratio"),
        within(1e-9)).isCloseTo(36.0 / 12.0, within(1e-9));
    assertThat(oneBasket.<Boolean>getAs("significant")).isFalse();
    assertThat(oneBasket.<Double>getAs("ci_low")).isLessThan(1.0);
    assertThat(manyBaskets.<Boolean>getAs("significant")).isTrue();
  }
}
