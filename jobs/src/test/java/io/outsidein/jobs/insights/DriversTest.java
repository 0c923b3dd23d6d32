package io.outsidein.jobs.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Drivers on answers built so that the true effects are known exactly, and the department comparison by hand. */
class DriversTest {
  private static final StructType RATED = new StructType().add("journey_kind", DataTypes.StringType)
      .add("segment", DataTypes.StringType).add("cx_area", DataTypes.StringType)
      .add("survey_type", DataTypes.StringType)
      .add("metric", DataTypes.StringType).add("points", DataTypes.DoubleType)
      .add("attributes", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
      .add("departments", DataTypes.createArrayType(DataTypes.StringType))
      .add("transferred", DataTypes.DoubleType).add("further_transfers", DataTypes.DoubleType)
      .add("repeat_contacts", DataTypes.DoubleType).add("channel_switches", DataTypes.DoubleType)
      .add("unresolved", DataTypes.DoubleType).add("days_to_resolve", DataTypes.DoubleType)
      .add("late", DataTypes.DoubleType).add("days_late", DataTypes.DoubleType).add("returned", DataTypes.DoubleType)
      .add("order_contacts", DataTypes.DoubleType);

  /**
   * Every combination of the case facts, twice, with noise +e and -e: the noise is orthogonal to every fact, so
   * least squares returns the true coefficients exactly, with errors that are not zero.
   */
  private static List<Row> cases() {
    List<Row> rows = new ArrayList<>();
    int cell = 0;
    for (int further = 0; further <= 3; further++) {
      for (int transferred = further > 0 ? 1 : 0; transferred <= 1; transferred++) {
        for (int repeat = 0; repeat <= 2; repeat++) {
          for (int switches = 0; switches <= 1; switches++) {
            for (int days : new int[] {-1, 0, 1, 3}) {
              double unresolved = days < 0 ? 1 : 0;
              double resolveDays = Math.max(days, 0);
              double truth = 20 - 5 * transferred - 14 * further - 8 * repeat - 30 * unresolved - 2 * resolveDays;
              double noise = 10 + cell++ % 7;
              for (int sign : new int[] {1, -1}) {
                for (String segment : new String[] {"retail", "business"}) {
                  rows.add(RowFactory.create("case", segment, "service", "nps", "nps", truth + sign * noise,
                      Map.of("wait_time", 3 + sign - further / 2), null, (double) transferred, (double) further,
                      (double) repeat, (double) switches, unresolved, resolveDays, null, null, null, null));
                }
              }
            }
          }
        }
      }
    }
    for (int i = 0; i < 20; i++) {
      rows.add(RowFactory.create("order", "retail", "delivery", "nps", "nps", i % 2 == 0 ? 100.0 : -100.0, null, null,
          null, null, null, null, null, null, (double) (i % 2), (double) (i % 3), 0.0, 1.0));
    }
    return rows;
  }

  private static Row driver(List<Row> rows, String segment, String driver) {
    return driver(rows, segment, Drivers.ALL, driver);
  }

  private static Row driver(List<Row> rows, String segment, String area, String driver) {
    return rows.stream().filter(r -> r.getAs("segment").equals(segment) && r.getAs("cx_area").equals(area)
            && r.getAs("driver").equals(driver))
        .findFirst().orElseThrow(() -> new AssertionError("no " + segment + " " + area + " " + driver));
  }

  @Test
  void journeyFactsAreRecoveredWithTheOthersHeldEqualPerSegmentAndSmallGroupsAreLeftOut() {
    List<Row> input = cases();
    Dataset<Row> rated = TestSpark.session().createDataFrame(input, RATED);
    List<Row> rows = new Drivers(new DriverSettings(Duration.ofDays(90), 100, 30), 0.95)
        .drivers(TestSpark.session(), rated).collectAsList();
    Map<String, Double> truth = Map.of("transferred", -5.0, "further_transfers", -14.0, "repeat_contacts", -8.0,
        "channel_switches", 0.0, "unresolved", -30.0, "days_to_resolve", -2.0);
    for (String segment : List.of(Drivers.ALL, "retail", "business")) {
      for (Map.Entry<String, Double> e : truth.entrySet()) {
        Row row = driver(rows, segment, e.getKey());
        assertThat(row.<Double>getAs("estimate")).as(segment + " " + e.getKey()).isCloseTo(e.getValue(),
            within(1e-9));
        assertThat(row.<Double>getAs("ci_low")).isLessThan(e.getValue());
        assertThat(row.<Double>getAs("ci_high")).isGreaterThan(e.getValue());
        assertThat(row.<String>getAs("driver_type")).isEqualTo(Drivers.JOURNEY_FACT);
        assertThat(row.<String>getAs("direction")).isEqualTo(e.getValue() < 0 ? "lowers" : "raises");
      }
      assertThat(driver(rows, segment, "further_transfers").<Double>getAs("p_value")).isLessThan(1e-6);
      assertThat(driver(rows, segment, "channel_switches").<Double>getAs("p_value")).isGreaterThan(0.99);
    }
    long cases = input.stream().filter(r -> r.get(0).equals("case")).count();
    assertThat(driver(rows, Drivers.ALL, "further_transfers").<Long>getAs("n")).isEqualTo(cases);
    assertThat(driver(rows, "retail", "further_transfers").<Long>getAs("n")).isEqualTo(cases / 2);
    // Every case rates the service area: its fit is the all-customers fit, row for row.
    for (String fact : truth.keySet()) {
      assertThat(driver(rows, Drivers.ALL, "service", fact).<Double>getAs("ci_low"))
          .isCloseTo(driver(rows, Drivers.ALL, fact).<Double>getAs("ci_low"), within(1e-9));
    }
    // 20 order answers are under min-n: no order driver at all.
    assertThat(rows).noneMatch(r -> r.getAs("journey_kind").equals("order"));

    // The strength is the estimate in standard deviations; for the attribute, Pearson's r with Fisher's interval.
    Row sd = rated.where("journey_kind = 'case'").selectExpr("stddev_samp(further_transfers)", "stddev_samp(points)",
        "corr(CAST(attributes['wait_time'] AS DOUBLE), points)").first();
    Row further = driver(rows, Drivers.ALL, "further_transfers");
    assertThat(further.<Double>getAs("strength")).isCloseTo(-14 * sd.getDouble(0) / sd.getDouble(1), within(1e-9));
    Row wait = driver(rows, Drivers.ALL, "wait_time");
    double r = sd.getDouble(2);
    double z = 0.5 * Math.log((1 + r) / (1 - r));
    double se = 1 / Math.sqrt(cases - 3);
    assertThat(wait.<Double>getAs("strength")).isCloseTo(r, within(1e-9));
    assertThat(wait.<Double>getAs("strength_ci_low")).isCloseTo(Math.tanh(z - 1.959963984540054 * se), within(1e-9));
    assertThat(wait.<Double>getAs("strength_ci_high")).isCloseTo(Math.tanh(z + 1.959963984540054 * se),
        within(1e-9));
    assertThat(wait.<String>getAs("driver_type")).isEqualTo(Drivers.ATTRIBUTE);
  }

  @Test
  void aDepartmentIsComparedWithTheCasesThatDidNotPassThroughIt() {
    // Billing: 40 cases, 10 promoters and 20 detractors (NPS -25); the 60 others: 30 and 12 (NPS 30). A case
    // through billing twice counts once.
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      boolean billing = i < 40;
      int k = billing ? i : i - 40;
      double points = billing ? (k < 10 ? 100 : k < 30 ? -100 : 0) : (k < 30 ? 100 : k < 42 ? -100 : 0);
      rows.add(RowFactory.create("case", "retail", "service", "nps", "nps", points, null,
          billing ? List.of("sales", "billing", "billing") : List.of("sales"), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, null,
          null, null, null));
    }
    rows.add(RowFactory.create("case", "retail", "service", "csat", "csat", 0.0, null, List.of("billing"), 0.0, 0.0,
        0.0, 0.0, 0.0, 0.0, null, null, null, null));
    List<Row> effects = new DepartmentEffects(0.95, 30).effects(TestSpark.session().createDataFrame(rows, RATED))
        .orderBy("department").collectAsList();
    Row billing = effects.get(0);
    assertThat(billing.<String>getAs("department")).isEqualTo("billing");
    assertThat(billing.<Long>getAs("through_n")).isEqualTo(40L);
    assertThat(billing.<Long>getAs("others_n")).isEqualTo(60L);
    assertThat(billing.<Double>getAs("through_nps")).isCloseTo(-25.0, within(1e-9));
    assertThat(billing.<Double>getAs("others_nps")).isCloseTo(30.0, within(1e-9));
    assertThat(billing.<Double>getAs("effect")).isCloseTo(-55.0, within(1e-9));
    assertThat(billing.<Double>getAs("ci_high")).isLessThan(0);
    assertThat(billing.<Double>getAs("p_value")).isLessThan(0.01);
    // Every case passed through sales: no one to compare with, no test.
    Row sales = effects.get(1);
    assertThat(sales.<Long>getAs("others_n")).isZero();
    assertThat(sales.isNullAt(sales.fieldIndex("p_value"))).isTrue();
  }
}
