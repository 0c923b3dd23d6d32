package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Column;

/**
 * Why a logistic regression gives a customer its probability. Its log-odds are the intercept plus the sum of
 * weight x value over its terms; measured from the training mean of each term, they split into one contribution
 * per feature: weight x (value - mean) for a numeric feature, the sum of weight x (is this level - level share)
 * over a categorical feature's levels. A positive contribution raises the odds by e^contribution over a customer
 * with the training means, so each customer's largest ones are the reasons, with the factor they multiply the
 * odds by. Native expressions: the weights and means travel in the plan as literals.
 */
record ModelExplanation(List<Term> terms, double intercept) {
  /** One weight of the model: a numeric feature (level null) or one level of a categorical one. */
  record Term(String feature, String level, double weight) {
    /** The name of the term in the model's metadata: feature, or feature=level. */
    String key() {
      return level == null ? feature : feature + "=" + level;
    }
  }

  /** The terms of a pipeline from {@link ModelTraining}, in the order of its feature vector. */
  static ModelExplanation of(CustomerModel model, PipelineModel pipeline) {
    Transformer[] stages = pipeline.stages();
    LogisticRegressionModel regression = (LogisticRegressionModel) stages[stages.length - 1];
    double[] weights = regression.coefficients().toArray();
    List<Term> terms = new ArrayList<>();
    int at = 0;
    for (String feature : model.numeric()) {
      terms.add(new Term(feature, null, weights[at++]));
    }
    for (Transformer stage : stages) {
      if (stage instanceof StringIndexerModel indexer) {
        // The one-hot encoder drops the last index: the indexer's extra one for a level unseen in training.
        for (String level : indexer.labelsArray()[0]) {
          terms.add(new Term(indexer.getInputCol(), level, weights[at++]));
        }
      }
    }
    if (at != weights.length) {
      throw new IllegalStateException("The " + model.id() + " model has " + weights.length + " weights, its "
          + "features explain " + at);
    }
    return new ModelExplanation(terms, regression.intercept());
  }

  /** The log-odds the model gives a row: intercept + sum of weight x value. */
  Column logOdds() {
    Column sum = lit(intercept);
    for (Term term : terms) {
      sum = sum.plus(value(term).multiply(term.weight()));
    }
    return sum;
  }

  /**
   * The features that raise the row's odds most over a customer with the training means, at most {@code reasons},
   * largest first, e.g. "page_views 14 (mean 3.20): odds x1.85" or "segment = premium: odds x1.30".
   */
  Column why(Map<String, Double> means, int reasons) {
    Map<String, Column> contributions = new LinkedHashMap<>();
    for (Term term : terms) {
      Column part = value(term).minus(means.getOrDefault(term.key(), 0.0)).multiply(term.weight());
      contributions.merge(term.feature(), part, Column::plus);
    }
    List<Column> reasonsOf = new ArrayList<>();
    for (Map.Entry<String, Column> e : contributions.entrySet()) {
      String feature = e.getKey();
      boolean numeric = means.containsKey(feature);
      Column text = numeric
          ? concat(lit(feature + " "), format_number(col(feature), 0), lit(" (mean "),
              format_number(lit(means.get(feature)), 2), lit("): odds x"), format_number(exp(e.getValue()), 2))
          : concat(lit(feature + " = "), col(feature), lit(": odds x"), format_number(exp(e.getValue()), 2));
      reasonsOf.add(struct(e.getValue().as("weight"), text.as("text")));
    }
    Column raising = filter(array(reasonsOf.toArray(Column[]::new)), r -> r.getField("weight").gt(0));
    // Structs sort by their first field: the contribution, largest first.
    return transform(slice(sort_array(raising, false), 1, reasons), r -> r.getField("text"));
  }

  private static Column value(Term term) {
    return term.level() == null ? coalesce(col(term.feature()), lit(0.0))
        : when(col(term.feature()).equalTo(term.level()), 1.0).otherwise(0.0);
  }
}
