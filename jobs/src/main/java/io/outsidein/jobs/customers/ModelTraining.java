package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Trains a {@link CustomerModel}: an MLlib pipeline (string indexers and one-hot encoders for the categorical
 * features, a vector assembler, a logistic regression with an L2 penalty) fitted on a fixed share of the training
 * rows, and its AUC on the rest with a Hanley-McNeil interval. A logistic regression, because its terms are the
 * reasons: {@link ModelExplanation} turns them into each customer's top features.
 *
 * <p>The held-out rows are chosen by a hash of customer_id and the model's name, so a rerun on the same data
 * holds out the same customers and fits the same model.
 */
final class ModelTraining {
  private static final int HASH_BUCKETS = 10_000;

  private final CustomerSettings.ModelSettings settings;

  ModelTraining(CustomerSettings.ModelSettings settings) {
    this.settings = settings;
  }

  /** A fitted model, or why there is none; with how it did on the rows it did not see. */
  record Result(PipelineModel pipeline, Evaluation evaluation, Map<String, Double> means, String notTrained) {
    boolean trained() {
      return pipeline != null;
    }
  }

  /**
   * The training and held-out counts, and the held-out AUC with its interval at customers.models.confidence
   * (NaN when there was no model to evaluate).
   */
  record Evaluation(long trainN, long trainPositives, long testN, long testPositives, double auc, double low,
      double high) {
    String describe() {
      return String.format(Locale.ROOT, "held-out AUC %.3f (%.3f-%.3f) on %d customers (%d positive), trained on "
          + "%d (%d positive)", auc, low, high, testN, testPositives, trainN, trainPositives);
    }
  }

  /**
   * Fits and evaluates; returns without a model when either set holds fewer than customers.models.min-class
   * positives or negatives.
   *
   * @param rows the model's training rows ({@link CustomerModel#training}) with {@code label}
   */
  Result train(CustomerModel model, Dataset<Row> rows) {
    Column test = pmod(xxhash64(col("customer_id"), lit(model.id())), lit(HASH_BUCKETS))
        .lt(Math.round(settings.holdoutShare() * HASH_BUCKETS));
    Dataset<Row> split = rows.withColumn("_test", test).cache();
    try {
      long[] counts = new long[4];
      for (Row r : split.groupBy(col("_test")).agg(count(lit(1)), sum(col("label"))).collectAsList()) {
        int at = r.getBoolean(0) ? 2 : 0;
        counts[at] = r.getLong(1);
        counts[at + 1] = Math.round(r.getDouble(2));
      }
      Evaluation counted = new Evaluation(counts[0], counts[1], counts[2], counts[3], Double.NaN, Double.NaN,
          Double.NaN);
      long fewest = Math.min(Math.min(counts[1], counts[0] - counts[1]), Math.min(counts[3], counts[2] - counts[3]));
      if (fewest < settings.minClass()) {
        return new Result(null, counted, Map.of(), String.format(Locale.ROOT, "not trained: %d positive and %d "
                + "negative past customers (%d held out), fewer than customers.models.min-class %d in a set",
            counts[1] + counts[3], counts[0] + counts[2] - counts[1] - counts[3], counts[2], settings.minClass()));
      }
      Dataset<Row> train = split.where(col("_test").equalTo(false));
      PipelineModel fitted = pipeline(model).fit(train);
      double auc = new BinaryClassificationEvaluator().setLabelCol("label").setRawPredictionCol("rawPrediction")
          .setMetricName("areaUnderROC").evaluate(fitted.transform(split.where(col("_test"))));
      double[] interval = hanleyMcNeil(auc, counts[3], counts[2] - counts[3], settings.confidence());
      Evaluation evaluation = new Evaluation(counts[0], counts[1], counts[2], counts[3], auc, interval[0],
          interval[1]);
      return new Result(fitted, evaluation, means(model, ModelExplanation.of(model, fitted), train), null);
    } finally {
      split.unpersist();
    }
  }

  private Pipeline pipeline(CustomerModel model) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = new ArrayList<>(model.numeric());
    for (String feature : ModelFeatures.CATEGORICAL) {
      // Labels in alphabetical order, so the vector's layout does not depend on which level is most common;
      // a level unseen in training gets the extra index that the encoder's dropLast leaves out (all zeros).
      stages.add(new StringIndexer().setInputCol(feature).setOutputCol(feature + "_index")
          .setHandleInvalid("keep").setStringOrderType("alphabetAsc"));
      stages.add(new OneHotEncoder().setInputCol(feature + "_index").setOutputCol(feature + "_vector")
          .setDropLast(true));
      assembled.add(feature + "_vector");
    }
    stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new)).setOutputCol("features"));
    stages.add(new LogisticRegression().setLabelCol("label").setFeaturesCol("features")
        .setRegParam(settings.regularization()).setElasticNetParam(0.0).setMaxIter(100));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /** The training mean of every term of the model (a level's share for a categorical one), in one pass. */
  private static Map<String, Double> means(CustomerModel model, ModelExplanation terms, Dataset<Row> train) {
    List<Column> columns = new ArrayList<>();
    for (ModelExplanation.Term term : terms.terms()) {
      Column x = term.level() == null ? col(term.feature())
          : when(col(term.feature()).equalTo(term.level()), 1.0).otherwise(0.0);
      columns.add(avg(x).as(term.key()));
    }
    Row row = train.agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new)).first();
    Map<String, Double> means = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      means.put(terms.terms().get(i).key(), row.isNullAt(i) ? 0.0 : row.getDouble(i));
    }
    return means;
  }

  /**
   * The Hanley-McNeil (1982) interval of an AUC from n1 positives and n2 negatives, clipped to [0, 1]:
   * se^2 = (A(1-A) + (n1-1)(Q1-A^2) + (n2-1)(Q2-A^2)) / (n1 n2), Q1 = A/(2-A), Q2 = 2A^2/(1+A).
   */
  static double[] hanleyMcNeil(double auc, long positives, long negatives, double confidence) {
    double q1 = auc / (2 - auc);
    double q2 = 2 * auc * auc / (1 + auc);
    double variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
        / ((double) positives * negatives);
    double z = new NormalDistribution().inverseCumulativeProbability(0.5 + confidence / 2);
    double half = z * Math.sqrt(Math.max(variance, 0));
    return new double[] {Math.max(0, auc - half), Math.min(1, auc + half)};
  }
}
