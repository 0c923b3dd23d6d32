package io.outsidein.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LeastSquaresTest {
  // R's mtcars (Henderson and Velleman 1981): weight (1000 lb), miles per gallon, cylinders.
  private static final double[] WT = {2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44, 3.44, 4.07, 3.73,
      3.78, 5.25, 5.424, 5.345, 2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513, 3.17, 2.77,
      3.57, 2.78};
  private static final double[] MPG = {21, 21, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2,
      10.4, 10.4, 14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26, 30.4, 15.8, 19.7, 15, 21.4};
  private static final int[] CYL = {6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4,
      8, 6, 8, 4};

  private static Dataset<Row> mtcars() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < WT.length; i++) {
      rows.add(RowFactory.create(MPG[i], WT[i], CYL[i], 1.0));
    }
    return TestSpark.session().createDataFrame(rows, new StructType().add("mpg", DataTypes.DoubleType)
        .add("wt", DataTypes.DoubleType).add("cyl", DataTypes.IntegerType).add("one", DataTypes.DoubleType));
  }

  @Test
  void fitsTheTextbookRegressionWithRobustErrors() {
    // summary(lm(mpg ~ wt, data = mtcars)) in R: intercept 37.2851, slope -5.3445 (published in countless texts).
    // The robust errors are computed by hand from the HC1 formula n / (n - k) (X'X)^-1 X' diag(e^2) X (X'X)^-1:
    // 2.19498 and 0.65448 (the classical ones are 1.8776 and 0.5591).
    LeastSquares.Fit fit = new LeastSquares(0.95).fit(mtcars(), "mpg", List.of("wt"), true, Optional.empty())
        .orElseThrow();
    Coefficient slope = fit.coefficient("wt");
    assertThat(fit.coefficient(LeastSquares.INTERCEPT).estimate()).isCloseTo(37.2851, within(1e-4));
    assertThat(slope.estimate()).isCloseTo(-5.3445, within(1e-4));
    assertThat(fit.coefficient(LeastSquares.INTERCEPT).standardError()).isCloseTo(2.19498, within(1e-5));
    assertThat(slope.standardError()).isCloseTo(0.65448, within(1e-5));
    assertThat(slope.degreesOfFreedom()).isEqualTo(30);
    assertThat(slope.high()).isLessThan(0);
    assertThat(slope.pValue()).isLessThan(1e-6);
    assertThat(fit.observations()).isEqualTo(32);
  }

  @Test
  void clusteredErrorsCountClustersNotRows() {
    // The same model clustered by cylinders (3 clusters), CR1 = G/(G-1) (n-1)/(n-k), by hand: 0.96034 for the
    // slope, with 2 degrees of freedom.
    LeastSquares.Fit fit = new LeastSquares(0.95).fit(mtcars(), "mpg", List.of("wt"), true, Optional.of("cyl"))
        .orElseThrow();
    assertThat(fit.coefficient("wt").standardError()).isCloseTo(0.96034, within(1e-5));
    assertThat(fit.coefficient("wt").degreesOfFreedom()).isEqualTo(2);
    assertThat(fit.clusters()).isEqualTo(3);
  }

  @Test
  void noFitWithoutVariationOrRows() {
    LeastSquares ls = new LeastSquares(0.95);
    assertThat(ls.fit(mtcars(), "mpg", List.of("one"), true, Optional.empty())).isEmpty();
    assertThat(ls.fit(mtcars().limit(2), "mpg", List.of("wt"), true, Optional.empty())).isEmpty();
    assertThat(ls.fit(mtcars().where("cyl = 5"), "mpg", List.of("wt"), true, Optional.empty())).isEmpty();
    assertThat(ls.fitEach(mtcars().where("cyl = 5"), org.apache.spark.sql.functions.col("cyl"), "mpg",
        List.of("wt"), 1)).isEmpty();
    assertThat(ls.fit(mtcars().where("cyl = 4"), "mpg", List.of("wt"), true, Optional.of("cyl"))).isEmpty();
  }

  @Test
  void fitsEachGroupAsItsOwnRegressionInTwoPasses() {
    // Grouped by cylinders, each group's fit is the plain fit of its rows; "one" never varies within a group, so
    // it is left out instead of making every fit singular; the standard deviations are those of the group's rows.
    LeastSquares ls = new LeastSquares(0.95);
    java.util.Map<String, LeastSquares.Fit> fits = ls.fitEach(mtcars(), org.apache.spark.sql.functions.col("cyl"),
        "mpg", List.of("wt", "one"), 1);
    assertThat(fits).containsOnlyKeys("4", "6", "8");
    for (String cyl : List.of("4", "6", "8")) {
      LeastSquares.Fit alone = ls.fit(mtcars().where("cyl = " + cyl), "mpg", List.of("wt"), true, Optional.empty())
          .orElseThrow();
      LeastSquares.Fit grouped = fits.get(cyl);
      assertThat(grouped.has("one")).isFalse();
      assertThat(grouped.observations()).isEqualTo(alone.observations());
      for (String name : List.of(LeastSquares.INTERCEPT, "wt")) {
        assertThat(grouped.coefficient(name).estimate()).isCloseTo(alone.coefficient(name).estimate(),
            within(1e-9));
        assertThat(grouped.coefficient(name).standardError()).isCloseTo(alone.coefficient(name).standardError(),
            within(1e-9));
        assertThat(grouped.coefficient(name).pValue()).isCloseTo(alone.coefficient(name).pValue(), within(1e-9));
      }
      Row sd = mtcars().where("cyl = " + cyl).selectExpr("stddev_samp(wt)", "stddev_samp(mpg)").first();
      assertThat(grouped.standardDeviation("wt")).isCloseTo(sd.getDouble(0), within(1e-9));
      assertThat(grouped.standardDeviation("mpg")).isCloseTo(sd.getDouble(1), within(1e-9));
    }
    // A group of two rows has no more rows than coefficients: no fit for it, the others stand.
    assertThat(ls.fitEach(mtcars().where("cyl = 8 OR mpg > 30 AND cyl = 4 AND wt < 1.7"),
        org.apache.spark.sql.functions.col("cyl"), "mpg", List.of("wt"), 1)).containsOnlyKeys("8");
    // A predictor carried by fewer rows than asked is left out: 14 eight-cylinder cars, 11 of them over 3.5 wt.
    java.util.Map<String, LeastSquares.Fit> few = ls.fitEach(mtcars().where("cyl = 8")
        .selectExpr("*", "CAST(wt > 3.5 AS DOUBLE) AS heavy"), org.apache.spark.sql.functions.col("cyl"), "mpg",
        List.of("heavy"), 4);
    assertThat(few.get("8").has("heavy")).isFalse();
    assertThat(ls.fitEach(mtcars().where("cyl = 8").selectExpr("*", "CAST(wt > 3.5 AS DOUBLE) AS heavy"),
        org.apache.spark.sql.functions.col("cyl"), "mpg", List.of("heavy"), 3).get("8").has("heavy")).isTrue();
  }
}
