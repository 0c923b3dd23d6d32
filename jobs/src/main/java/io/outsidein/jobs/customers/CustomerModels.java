package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A night's part of the customer models. The latest saved version is reused while it is younger than
 * customers.models.retrain-every; otherwise the model is trained on the rows of its cut-off day, saved as a new
 * version, and judged: a held-out AUC under customers.models.auc-floor keeps it from scoring anyone (the run log
 * says so, and the scores stay null rather than wrong) until the next retraining.
 */
final class CustomerModels {
  /** The columns of {@link #scores}: what the models add to customer_scores. */
  static final StructType SCORES = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("conversion_propensity", DataTypes.DoubleType)
      .add("conversion_why", DataTypes.createArrayType(DataTypes.StringType))
      .add("churn_risk", DataTypes.DoubleType)
      .add("churn_why", DataTypes.createArrayType(DataTypes.StringType))
      .add("model_version", DataTypes.StringType);

  private final CustomerSettings settings;
  private final ModelStore store;

  CustomerModels(CustomerSettings settings, ModelStore store) {
    this.settings = settings;
    this.store = store;
  }

  /** What a model did tonight, and the scores it gave (null when it scored no one). */
  record Outcome(CustomerModel model, String version, ModelTraining.Evaluation evaluation, boolean trainedNow,
      boolean used, String note, Dataset<Row> scores) {
    String describe() {
      if (version == null) {
        return model.id() + " model " + note;
      }
      return String.format(Locale.ROOT, "%s model %s (%s): %s; %s", model.id(), version,
          trainedNow ? "trained tonight" : "reused", evaluation.describe(), note);
    }
  }

  /**
   * @param training the training rows ({@link CustomerModel#training}), asked for only when the model retrains
   * @param scorable the customers to score ({@link CustomerModel#scorable}) with their features
   */
  Outcome run(CustomerModel model, LocalDate runDate, Supplier<Dataset<Row>> training, Dataset<Row> scorable) {
    ModelStore.Saved saved = store.latest(model, runDate)
        .filter(s -> ChronoUnit.DAYS.between(s.trainedOn(), runDate) < settings.models().retrainEvery().toDays())
        .orElse(null);
    boolean trainedNow = saved == null;
    PipelineModel pipeline = null;
    if (trainedNow) {
      ModelTraining.Result result = new ModelTraining(settings.models()).train(model, training.get());
      if (!result.trained()) {
        return new Outcome(model, null, result.evaluation(), true, false, result.notTrained(), null);
      }
      saved = store.save(model, runDate, result, result.evaluation().auc() >= settings.models().aucFloor());
      pipeline = result.pipeline(); // the one just saved: loading it back would only cost Spark jobs
    }
    if (!saved.used()) {
      return new Outcome(model, saved.version(), saved.evaluation(), trainedNow, false, String.format(Locale.ROOT,
          "not used: under customers.models.auc-floor %.2f, so its scores stay null",
          settings.models().aucFloor()), null);
    }
    if (pipeline == null) {
      pipeline = store.pipeline(saved);
    }
    ModelExplanation explanation = ModelExplanation.of(model, pipeline);
    Dataset<Row> scores = pipeline.transform(scorable).select(col("customer_id"),
        functions.vector_to_array(col("probability"), "float64").getItem(1).as(model.scoreColumn()),
        explanation.why(saved.means(), settings.whyReasons()).as(model.whyColumn()),
        lit(saved.version()).as("model_version"));
    return new Outcome(model, saved.version(), saved.evaluation(), trainedNow, true, "used", scores);
  }

  /**
   * The models' scores in the columns of {@link #SCORES}: the two models score different customers (prospects,
   * customers with an order), so each row holds one model's score and the version that made it.
   */
  static Dataset<Row> scores(SparkSession spark, List<Outcome> outcomes) {
    Dataset<Row> all = spark.createDataFrame(List.of(), SCORES);
    for (Outcome outcome : outcomes) {
      if (outcome.scores() != null) {
        all = all.unionByName(outcome.scores(), true);
      }
    }
    return all;
  }
}
