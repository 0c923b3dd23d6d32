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
    assertThat(ls.fit(mtcars().where("cyl = 4"), "mpg", List.of("wt"), true, Optional.of("cyl"))).isEmpty();
  }
}
