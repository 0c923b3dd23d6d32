package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ordinary least squares with standard errors that do not assume equal variances: clustered (CR1) when a cluster
 * column is given, so that rows of one unit are not counted as independent; otherwise per row (HC1), which a
 * linear probability model needs. The cross-products are summed by Spark in two passes (the fit, then the
 * residuals); the k x k algebra and the t distribution (Commons Math) run on the driver. {@link #fitEach} fits one
 * model per group in the same two passes.
 */
public final class LeastSquares {
  /** The name of the intercept among the coefficients. */
  public static final String INTERCEPT = "intercept";
  private static final String GROUP = "_ls_group";
  /** A predictor whose variance within a group is below this does not vary there and is left out of its fit. */
  private static final double NO_VARIANCE = 1e-12;

  private final double confidence;

  public LeastSquares(double confidence) {
    this.confidence = confidence;
  }

  /** The fit, or empty when there are too few rows or the predictors do not vary independently. */
  public Optional<Fit> fit(Dataset<Row> data, String y, List<String> predictors, boolean intercept,
      Optional<String> cluster) {
    RegressionDesign design = new RegressionDesign(y, predictors, intercept);
    Column complete = design.complete();
    if (cluster.isPresent()) {
      complete = complete.and(col(cluster.get()).isNotNull());
    }
    Dataset<Row> rows = data.where(complete);
    int k = design.k();
    List<Column> sums = design.sums();
    Row totals = rows.agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)).first();
    // No rows: the sums are null, not 0; too few rows to fit is said before they are read.
    if (totals.getLong(0) <= k) {
      return Optional.empty();
    }
    NormalEquations equations = NormalEquations.read(totals, 0, k);
    int[] all = IntStream.range(0, k).toArray();
    Optional<NormalEquations.Solution> solved = equations.solve(all);
    if (solved.isEmpty()) {
      return Optional.empty();
    }
    Column residual = col(y).cast("double");
    for (int i = 0; i < k; i++) {
      residual = residual.minus(design.xs().get(i).multiply(solved.get().beta()[i]));
    }
    // Scores: x times the residual, per row or summed per cluster; the meat is the sum of their outer products.
    List<Column> scores = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Column score = design.xs().get(i).multiply(residual);
      scores.add(cluster.isPresent() ? sum(score).as("_s" + i) : score.as("_s" + i));
    }
    Dataset<Row> perUnit = cluster.isPresent()
        ? rows.groupBy(col(cluster.get())).agg(scores.get(0), scores.subList(1, k).toArray(Column[]::new))
        : rows.select(scores.toArray(Column[]::new));
    List<Column> outer = outerProducts(k);
    Row meatRow = perUnit.agg(outer.get(0), outer.subList(1, outer.size()).toArray(Column[]::new)).first();
    long groups = meatRow.getLong(0);
    RealMatrix meat = NormalEquations.symmetric(meatRow, 1, k);
    double factor;
    long df;
    long n = equations.n();
    if (cluster.isPresent()) {
      if (groups < 2) {
        return Optional.empty();
      }
      factor = (double) groups / (groups - 1) * (n - 1) / (n - k);
      df = groups - 1;
    } else {
      factor = (double) n / (n - k);
      df = n - k;
    }
    return Optional.of(fit(solved.get(), design, equations, meat, factor, df, groups));
  }

  /**
   * One fit with an intercept and heteroskedasticity-robust (HC1) errors per value of {@code group}, in two passes
   * over {@code data} whatever the number of groups. A predictor that does not vary within a group, whose rows with
   * a value other than 0 are fewer than {@code minEachSide}, or that is 0 in some rows but fewer than that, is left
   * out of that group's fit (its coefficient is absent): robust errors are far too small when a handful of rows
   * carry a predictor (or lack it). A group with
   * no more rows than coefficients, or whose predictors are collinear, has no fit.
   */
  public Map<String, Fit> fitEach(Dataset<Row> data, Column group, String y, List<String> predictors,
      long minEachSide) {
    RegressionDesign design = new RegressionDesign(y, predictors, true);
    int k = design.k();
    Dataset<Row> rows = data.where(design.complete().and(group.isNotNull()))
        .withColumn(GROUP, group.cast("string"));
    List<Column> sums = new ArrayList<>(design.sums());
    int nonZeroAt = 1 + sums.size();
    for (int i = 1; i < k; i++) {
      sums.add(count(when(design.xs().get(i).notEqual(0), lit(1))));
    }
    Map<String, NormalEquations> equations = new LinkedHashMap<>();
    Map<String, long[]> nonZero = new LinkedHashMap<>();
    for (Row totals : rows.groupBy(col(GROUP)).agg(sums.get(0), sums.subList(1, sums.size())
        .toArray(Column[]::new)).orderBy(GROUP).collectAsList()) {
      equations.put(totals.getString(0), NormalEquations.read(totals, 1, k));
      long[] counts = new long[k];
      for (int i = 1; i < k; i++) {
        counts[i] = totals.getLong(nonZeroAt + i - 1);
      }
      nonZero.put(totals.getString(0), counts);
    }
    Map<String, int[]> kept = new LinkedHashMap<>();
    Map<String, NormalEquations.Solution> solutions = new LinkedHashMap<>();
    for (Map.Entry<String, NormalEquations> e : equations.entrySet()) {
      NormalEquations eq = e.getValue();
      long[] counts = nonZero.get(e.getKey());
      int[] varying = IntStream.range(0, k).filter(i -> i == 0 || eq.variance(i) > NO_VARIANCE
          && counts[i] >= minEachSide && (counts[i] == eq.n() || eq.n() - counts[i] >= minEachSide)).toArray();
      if (eq.n() <= varying.length) {
        continue;
      }
      eq.solve(varying).ifPresent(s -> {
        kept.put(e.getKey(), varying);
        solutions.put(e.getKey(), s);
      });
    }
    Map<String, Fit> fits = new LinkedHashMap<>();
    if (solutions.isEmpty()) {
      return fits;
    }
    Column fitted = null;
    for (Map.Entry<String, NormalEquations.Solution> e : solutions.entrySet()) {
      Column prediction = lit(0.0);
      int[] indices = kept.get(e.getKey());
      for (int j = 0; j < indices.length; j++) {
        prediction = prediction.plus(design.xs().get(indices[j]).multiply(e.getValue().beta()[j]));
      }
      fitted = fitted == null ? when(col(GROUP).equalTo(e.getKey()), prediction)
          : fitted.when(col(GROUP).equalTo(e.getKey()), prediction);
    }
    Column residual = col(y).cast("double").minus(fitted);
    List<Column> scores = new ArrayList<>();
    scores.add(col(GROUP));
    for (int i = 0; i < k; i++) {
      scores.add(design.xs().get(i).multiply(residual).as("_s" + i));
    }
    List<Column> outer = outerProducts(k);
    List<Row> meats = rows.where(col(GROUP).isin(solutions.keySet().toArray()))
        .select(scores.toArray(Column[]::new)).groupBy(col(GROUP))
        .agg(outer.get(0), outer.subList(1, outer.size()).toArray(Column[]::new)).collectAsList();
    for (Row meatRow : meats) {
      String name = meatRow.getString(0);
      int[] indices = kept.get(name);
      RealMatrix meat = NormalEquations.symmetric(meatRow, 2, k).getSubMatrix(indices, indices);
      long n = equations.get(name).n();
      fits.put(name, fit(solutions.get(name), design, equations.get(name), meat, (double) n / (n - indices.length),
          n - indices.length, n));
    }
    return fits;
  }

  private static List<Column> outerProducts(int k) {
    List<Column> outer = new ArrayList<>();
    outer.add(count(lit(1)));
    List<Column> scoreColumns = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      scoreColumns.add(col("_s" + i));
    }
    outer.addAll(NormalEquations.crossProducts(scoreColumns));
    return outer;
  }

  /** The fit of a solution given the meat of its sandwich (the summed outer products of the scores). */
  private Fit fit(NormalEquations.Solution solution, RegressionDesign design, NormalEquations equations, RealMatrix meat, double factor,
      long df, long clusters) {
    RealMatrix covariance = solution.inverse().multiply(meat).multiply(solution.inverse()).scalarMultiply(factor);
    TDistribution t = new TDistribution(df);
    double quantile = t.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    List<Coefficient> coefficients = new ArrayList<>();
    Map<String, Double> deviations = new LinkedHashMap<>();
    int[] indices = solution.indices();
    for (int j = 0; j < indices.length; j++) {
      double estimate = solution.beta()[j];
      double se = Math.sqrt(Math.max(0, covariance.getEntry(j, j)));
      double p = se > 0 ? 2 * t.cumulativeProbability(-Math.abs(estimate / se)) : Double.NaN;
      String name = design.names().get(indices[j]);
      coefficients.add(new Coefficient(name, estimate, se, estimate - quantile * se, estimate + quantile * se, p,
          df));
      if (design.intercept() && indices[j] > 0) {
        deviations.put(name, Math.sqrt(Math.max(0, equations.variance(indices[j]))));
      }
    }
    if (design.intercept()) {
      deviations.put(design.y(), Math.sqrt(Math.max(0, equations.yVariance())));
    }
    return new Fit(coefficients, equations.n(), clusters, deviations);
  }

  /** A fit: its coefficients in the order intercept, predictors; the rows and the clusters (rows, unclustered). */
  public record Fit(List<Coefficient> coefficients, long observations, long clusters,
      Map<String, Double> standardDeviations) {
    public Fit {
      coefficients = List.copyOf(coefficients);
      standardDeviations = Map.copyOf(standardDeviations);
    }

    public Coefficient coefficient(String name) {
      return coefficients.stream().filter(c -> c.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("No coefficient " + name));
    }

    /** Whether the fit has a coefficient of {@code name} (a predictor that did not vary has none). */
    public boolean has(String name) {
      return coefficients.stream().anyMatch(c -> c.name().equals(name));
    }

    /**
     * The sample standard deviation of a predictor or of the outcome among the fit's rows (for standardised
     * coefficients); only for fits with an intercept.
     */
    public double standardDeviation(String name) {
      Double sd = standardDeviations.get(name);
      if (sd == null) {
        throw new IllegalArgumentException("No standard deviation of " + name);
      }
      return sd;
    }
  }
}
