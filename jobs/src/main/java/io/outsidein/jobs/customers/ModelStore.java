package io.outsidein.jobs.customers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * Saved customer models under the warehouse: {@code <warehouse>/models/<model>/<trained-on date>/} holds the MLlib
 * pipeline ({@code pipeline/}) and {@code model.properties} (its version, training counts, held-out AUC, whether it
 * passed the floor, and the training means its explanations start from). The properties file is written last, so
 * a version without it (a run that died while saving) does not exist. A version is {@code <model>@<date>}: the
 * run's last day when it was trained.
 */
final class ModelStore {
  static final String PROPERTIES = "model.properties";

  private final SparkSession spark;
  private final String root;

  /** {@code root}: the models folder, e.g. {@code s3a://bucket/warehouse/models}. */
  ModelStore(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /** A saved version: what it was trained on and how it did. */
  record Saved(CustomerModel model, LocalDate trainedOn, ModelTraining.Evaluation evaluation, boolean used,
      Map<String, Double> means) {
    String version() {
      return model.id() + "@" + trainedOn;
    }
  }

  /** The latest version trained on or before {@code day}, if any. */
  Optional<Saved> latest(CustomerModel model, LocalDate day) {
    Path folder = new Path(root + "/" + model.id());
    try {
      FileSystem fs = fileSystem();
      if (!fs.exists(folder)) {
        return Optional.empty();
      }
      LocalDate best = null;
      for (FileStatus status : fs.listStatus(folder)) {
        LocalDate trained = date(status.getPath().getName());
        if (status.isDirectory() && trained != null && !trained.isAfter(day)
            && (best == null || trained.isAfter(best)) && fs.exists(new Path(status.getPath(), PROPERTIES))) {
          best = trained;
        }
      }
      return best == null ? Optional.empty() : Optional.of(read(model, best));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the saved " + model.id() + " models in " + folder, e);
    }
  }

  /** Saves a trained pipeline and its properties, replacing a version of the same day. */
  Saved save(CustomerModel model, LocalDate trainedOn, ModelTraining.Result result, boolean used) {
    Path folder = folder(model, trainedOn);
    try {
      FileSystem fs = fileSystem();
      fs.delete(new Path(folder, PROPERTIES), false);
      result.pipeline().write().overwrite().save(new Path(folder, "pipeline").toString());
      Properties p = new Properties();
      ModelTraining.Evaluation e = result.evaluation();
      p.setProperty("version", model.id() + "@" + trainedOn);
      p.setProperty("train.n", Long.toString(e.trainN()));
      p.setProperty("train.positives", Long.toString(e.trainPositives()));
      p.setProperty("test.n", Long.toString(e.testN()));
      p.setProperty("test.positives", Long.toString(e.testPositives()));
      p.setProperty("auc", Double.toString(e.auc()));
      p.setProperty("auc.low", Double.toString(e.low()));
      p.setProperty("auc.high", Double.toString(e.high()));
      p.setProperty("used", Boolean.toString(used));
      result.means().forEach((term, mean) -> p.setProperty("mean." + term, Double.toString(mean)));
      try (OutputStream out = fs.create(new Path(folder, PROPERTIES), true)) {
        p.store(out, "outsidein " + model.id() + " model; the pipeline is in pipeline/");
      }
      return new Saved(model, trainedOn, e, used, result.means());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save the " + model.id() + " model to " + folder, e);
    }
  }

  /** The MLlib pipeline of a saved version. */
  PipelineModel pipeline(Saved saved) {
    return PipelineModel.load(new Path(folder(saved.model(), saved.trainedOn()), "pipeline").toString());
  }

  private Saved read(CustomerModel model, LocalDate trainedOn) throws IOException {
    Properties p = new Properties();
    try (InputStream in = fileSystem().open(new Path(folder(model, trainedOn), PROPERTIES))) {
      p.load(in);
    }
    Map<String, Double> means = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("mean.")) {
        means.put(name.substring("mean.".length()), Double.parseDouble(p.getProperty(name)));
      }
    }
    ModelTraining.Evaluation e = new ModelTraining.Evaluation(Long.parseLong(p.getProperty("train.n")),
        Long.parseLong(p.getProperty("train.positives")), Long.parseLong(p.getProperty("test.n")),
        Long.parseLong(p.getProperty("test.positives")), Double.parseDouble(p.getProperty("auc")),
        Double.parseDouble(p.getProperty("auc.low")), Double.parseDouble(p.getProperty("auc.high")));
    return new Saved(model, trainedOn, e, Boolean.parseBoolean(p.getProperty("used")), means);
  }

  private Path folder(CustomerModel model, LocalDate trainedOn) {
    return new Path(root + "/" + model.id() + "/" + trainedOn);
  }

  private FileSystem fileSystem() throws IOException {
    return FileSystem.get(URI.create(root), spark.sparkContext().hadoopConfiguration());
  }

  private static LocalDate date(String name) {
    try {
      return LocalDate.parse(name);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
