package io.outsidein.common.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/** The columns of a model: names and values of the regressors (the intercept first, when there is one). */
record RegressionDesign(String y, List<String> names, List<Column> xs, boolean intercept) {
  RegressionDesign(String y, List<String> predictors, boolean intercept) {
    this(y, names(predictors, intercept), values(predictors, intercept), intercept);
  }

  private static List<String> names(List<String> predictors, boolean intercept) {
    List<String> names = new ArrayList<>();
    if (intercept) {
      names.add(LeastSquares.INTERCEPT);
    }
    names.addAll(predictors);
    return List.copyOf(names);
  }

  private static List<Column> values(List<String> predictors, boolean intercept) {
    List<Column> xs = new ArrayList<>();
    if (intercept) {
      xs.add(lit(1.0));
    }
    for (String p : predictors) {
      xs.add(col(p).cast("double"));
    }
    return List.copyOf(xs);
  }

  int k() {
    return xs.size();
  }

  Column complete() {
    Column complete = col(y).isNotNull();
    for (String name : names) {
      if (!name.equals(LeastSquares.INTERCEPT)) {
        complete = complete.and(col(name).isNotNull());
      }
    }
    return complete;
  }

  /** count, the cross-products of the regressors, x times y for each, and y squared. */
  List<Column> sums() {
    List<Column> sums = new ArrayList<>();
    sums.add(count(lit(1)));
    sums.addAll(NormalEquations.crossProducts(xs));
    Column yValue = col(y).cast("double");
    for (Column x : xs) {
      sums.add(sum(x.multiply(yValue)));
    }
    sums.add(sum(yValue.multiply(yValue)));
    return sums;
  }
}
