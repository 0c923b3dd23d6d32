package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * X'X, X'y and y'y of one least-squares fit, as {@link RegressionDesign#sums} had Spark sum them, and the
 * solution of the normal equations on the driver.
 */
record NormalEquations(long n, RealMatrix xtx, RealVector xty, double yty) {
  static NormalEquations read(Row totals, int from, int k) {
    long n = totals.getLong(from);
    RealMatrix xtx = symmetric(totals, from + 1, k);
    RealVector xty = new ArrayRealVector(k);
    int first = from + 1 + k * (k + 1) / 2;
    for (int i = 0; i < k; i++) {
      xty.setEntry(i, totals.getDouble(first + i));
    }
    return new NormalEquations(n, xtx, xty, totals.getDouble(first + k));
  }

  /** The sample variance of regressor i, when regressor 0 is the intercept. */
  double variance(int i) {
    double mean = xtx.getEntry(0, i) / n;
    return (xtx.getEntry(i, i) - n * mean * mean) / (n - 1);
  }

  double yVariance() {
    double mean = xty.getEntry(0) / n;
    return (yty - n * mean * mean) / (n - 1);
  }

  Optional<Solution> solve(int[] indices) {
    DecompositionSolver solver = new LUDecomposition(xtx.getSubMatrix(indices, indices)).getSolver();
    if (!solver.isNonSingular()) {
      return Optional.empty();
    }
    RealVector rhs = new ArrayRealVector(indices.length);
    for (int j = 0; j < indices.length; j++) {
      rhs.setEntry(j, xty.getEntry(indices[j]));
    }
    return Optional.of(new Solution(indices, solver.solve(rhs).toArray(), solver.getInverse()));
  }

  /** The coefficients of the regressors at {@code indices} and the inverse of their X'X. */
  record Solution(int[] indices, double[] beta, RealMatrix inverse) {}

  /** sum(a_i a_j) for i <= j, row by row of the upper triangle: what {@link #symmetric} reads back. */
  static List<Column> crossProducts(List<Column> columns) {
    List<Column> products = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      for (int j = i; j < columns.size(); j++) {
        products.add(sum(columns.get(i).multiply(columns.get(j))));
      }
    }
    return products;
  }

  /** The k x k symmetric matrix whose upper triangle stands in {@code row} from position {@code from}. */
  static RealMatrix symmetric(Row row, int from, int k) {
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
}
