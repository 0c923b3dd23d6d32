package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ordinary least squares with standard errors that do not assume equal variances: clustered (CR1) when a cluster
 * column is given, so that rows of one unit are not counted as independent; otherwise per row (HC1), which a
 * linear probability model needs. The cross-products are summed by Spark in two passes (the fit, then the
 * residuals); the k x k algebra and the t distribution (Commons Math) run on the driver.
 */
public final class LeastSquares {
  /** The name of the intercept among the coefficients. */
  public static final String INTERCEPT = "intercept";

  private final double confidence;

  public LeastSquares(double confidence) {
    this.confidence = confidence;
  }

  /** The fit, or empty when there are too few rows or the predictors do not vary independently. */
  public Optional<Fit> fit(Dataset<Row> data, String y, List<String> predictors, boolean intercept,
      Optional<String> cluster) {
    List<String> names = new ArrayList<>();
    List<Column> xs = new ArrayList<>();
    if (intercept) {
      names.add(INTERCEPT);
      xs.add(lit(1.0));
    }
    for (String p : predictors) {
      names.add(p);
      xs.add(col(p).cast("double"));
    }
    Column complete = col(y).isNotNull();
    for (String p : predictors) {
      complete = complete.and(col(p).isNotNull());
    }
    if (cluster.isPresent()) {
      complete = complete.and(col(cluster.get()).isNotNull());
    }
    Dataset<Row> rows = data.where(complete);
    int k = xs.size();

    List<Column> sums = new ArrayList<>();
    sums.add(count(lit(1)));
    sums.addAll(crossProducts(xs));
    for (Column x : xs) {
      sums.add(sum(x.multiply(col(y).cast("double"))));
    }
    Row totals = rows.agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)).first();
    long n = totals.getLong(0);
    if (n <= k) {
      return Optional.empty();
    }
    RealMatrix xtx = symmetric(totals, 1, k);
    RealVector xty = new ArrayRealVector(k);
    int first = 1 + k * (k + 1) / 2;
    for (int i = 0; i < k; i++) {
      xty.setEntry(i, totals.getDouble(first + i));
    }
    DecompositionSolver solver = new LUDecomposition(xtx).getSolver();
    if (!solver.isNonSingular()) {
      return Optional.empty();
    }
    RealVector beta = solver.solve(xty);
    RealMatrix inverse = solver.getInverse();

    Column residual = col(y).cast("double");
    for (int i = 0; i < k; i++) {
      residual = residual.minus(xs.get(i).multiply(beta.getEntry(i)));
    }
    // Scores: x times the residual, per row or summed per cluster; the meat is the sum of their outer products.
    List<Column> scores = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Column score = xs.get(i).multiply(residual);
      scores.add(cluster.isPresent() ? sum(score).as("_s" + i) : score.as("_s" + i));
    }
    Dataset<Row> perUnit = cluster.isPresent()
        ? rows.groupBy(col(cluster.get())).agg(scores.get(0), scores.subList(1, k).toArray(Column[]::new))
        : rows.select(scores.toArray(Column[]::new));
    List<Column> outer = new ArrayList<>();
    outer.add(count(lit(1)));
    List<Column> scoreColumns = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      scoreColumns.add(col("_s" + i));
    }
    outer.addAll(crossProducts(scoreColumns));
    Row meatRow = perUnit.agg(outer.get(0), outer.subList(1, outer.size()).toArray(Column[]::new)).first();
    long groups = meatRow.getLong(0);
    RealMatrix meat = symmetric(meatRow, 1, k);
    double factor;
    long df;
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
    RealMatrix covariance = inverse.multiply(meat).multiply(inverse).scalarMultiply(factor);
    TDistribution t = new TDistribution(df);
    double quantile = t.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    List<Coefficient> coefficients = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      double estimate = beta.getEntry(i);
      double se = Math.sqrt(Math.max(0, covariance.getEntry(i, i)));
      double p = se > 0 ? 2 * t.cumulativeProbability(-Math.abs(estimate / se)) : Double.NaN;
      coefficients.add(new Coefficient(names.get(i), estimate, se, estimate - quantile * se,
          estimate + quantile * se, p, df));
    }
    return Optional.of(new Fit(coefficients, n, groups));
  }

  /** sum(a_i a_j) for i <= j, row by row of the upper triangle: what {@link #symmetric} reads back. */
  private static List<Column> crossProducts(List<Column> columns) {
    List<Column> products = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      for (int j = i; j < columns.size(); j++) {
        products.add(sum(columns.get(i).multiply(columns.get(j))));
      }
    }
    return products;
  }

  /** The k x k symmetric matrix whose upper triangle stands in {@code row} from position {@code from}. */
  private static RealMatrix symmetric(Row row, int from, int k) {
    RealMatrix matrix = new Array2DRowRealMatrix(k, k);
    int at = from;
    for (int i = 0; i < k; i++) {
      for (int j = i; j < k; j++) {
        double v = row.getDouble(at++);
        matrix.setEntry(i, j, v);
        matrix.setEntry(j, i, v);
      }
    }
    return matrix;
  }

  /** A fit: its coefficients in the order intercept, predictors; the rows and the clusters (rows, unclustered). */
  public record Fit(List<Coefficient> coefficients, long observations, long clusters) {
    public Fit {
      coefficients = List.copyOf(coefficients);
    }

    public Coefficient coefficient(String name) {
      return coefficients.stream().filter(c -> c.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("No coefficient " + name));
    }
  }
}
