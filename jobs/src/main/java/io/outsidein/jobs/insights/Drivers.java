package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;

import io.outsidein.common.stats.Coefficient;
import io.outsidein.common.stats.Correlation;
import io.outsidein.common.stats.LeastSquares;
import io.outsidein.common.tables.InsightTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What moves NPS and CSAT, for all answers, per customer segment and per CX area of the touchpoint rated, where
 * there are at least min-n of them. The
 * journey facts of a kind (transfers, repeat contacts, time to resolve; lateness, returns, contacts about the
 * order) enter one least-squares regression of the answer's points (NPS 100 / 0 / -100, CSAT 100 / 0), so each
 * estimate is the points per unit of the fact with the other facts held equal, with heteroskedasticity-robust
 * (HC1) intervals. Attribute ratings are not in that regression: they are given with the answer, as part of the
 * same judgement, so they are reported as their correlation with it (Fisher z interval), the way key-driver
 * analyses read them, and never as causes. The strength is standardised (standard deviations of the metric per
 * standard deviation of the driver), so that drivers can be compared; the standard deviations are taken as known.
 */
final class Drivers {
  static final String ALL = "all";
  /** The journey kinds whose answers are regressed on their facts (RatedJourneys#facts). */
  static final List<String> KINDS = List.of("case", "order");
  static final String JOURNEY_FACT = "journey_fact";
  static final String ATTRIBUTE = "attribute";
  /** Between metric, segment and area in a fit's group: a control character no segment or area name holds. */
  private static final String GROUP_SEPARATOR = "\u0001";
  /** gold.drivers' columns but those of the run (run_date, q_value, significant). */
  static final StructType SCHEMA = new StructType(Arrays.stream(InsightTables.DRIVERS.fields())
      .filter(f -> !List.of("run_date", "q_value", "significant").contains(f.name())).toArray(StructField[]::new));

  private final DriverSettings settings;
  private final double confidence;

  Drivers(DriverSettings settings, double confidence) {
    this.settings = settings;
    this.confidence = confidence;
  }

  /** @param rated {@link RatedJourneys} rows of case and order journeys */
  Dataset<Row> drivers(SparkSession spark, Dataset<Row> rated) {
    // Every answer counts for all, for its segment and for its CX area: one pass fits them all.
    Dataset<Row> answers = rated.where(col("metric").isNotNull())
        .withColumn("_group", explode(array(struct(lit(ALL).as("s"), lit(ALL).as("a")),
            struct(col("segment").as("s"), lit(ALL).as("a")), struct(lit(ALL).as("s"), col("cx_area").as("a")))))
        .withColumn("segment", col("_group.s")).withColumn("cx_area", col("_group.a")).drop("_group");
    List<Row> rows = new ArrayList<>();
    LeastSquares leastSquares = new LeastSquares(confidence);
    for (String kind : KINDS) {
      List<String> facts = RatedJourneys.facts(kind);
      Map<String, LeastSquares.Fit> fits = leastSquares.fitEach(answers.where(col("journey_kind").equalTo(kind)),
          concat_ws(GROUP_SEPARATOR, col("metric"), col("segment"), col("cx_area")), "points", facts,
          settings.minExposed());
      for (Map.Entry<String, LeastSquares.Fit> e : fits.entrySet()) {
        LeastSquares.Fit fit = e.getValue();
        if (fit.observations() < settings.minN()) {
          continue;
        }
        String[] group = e.getKey().split(GROUP_SEPARATOR, 3);
        double sdY = fit.standardDeviation("points");
        for (String fact : facts) {
          if (!fit.has(fact)) {
            continue;
          }
          Coefficient c = fit.coefficient(fact);
          double scale = sdY > 0 ? fit.standardDeviation(fact) / sdY : Double.NaN;
          rows.add(row(group[0], group[1], group[2], kind, fact, JOURNEY_FACT, c.estimate(), c.low(), c.high(),
              c.estimate() * scale, c.low() * scale, c.high() * scale, c.pValue(), fit.observations(),
              RatedJourneys.unit(fact)));
        }
      }
    }
    List<Row> ratings = answers.where(col("attributes").isNotNull())
        .select(col("metric"), col("segment"), col("cx_area"), col("journey_kind"), col("points"),
            explode(col("attributes")).as(new String[] {"attribute", "rating"}))
        .where(col("rating").isNotNull())
        .groupBy("metric", "segment", "cx_area", "journey_kind", "attribute")
        .agg(count(lit(1)), corr(col("rating").cast("double"), col("points")), stddev_samp(col("rating")),
            stddev_samp(col("points")))
        .orderBy("metric", "segment", "cx_area", "journey_kind", "attribute")
        .collectAsList();
    for (Row r : ratings) {
      long n = r.getLong(5);
      if (n < settings.minN() || r.isNullAt(6)) {
        continue;
      }
      Optional<Correlation> measured = Correlation.of(r.getDouble(6), n, confidence);
      if (measured.isEmpty()) {
        continue;
      }
      Correlation c = measured.get();
      double slope = r.getDouble(8) / r.getDouble(7);
      rows.add(row(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4), ATTRIBUTE,
          c.r() * slope, c.low() * slope, c.high() * slope, c.r(), c.low(), c.high(), c.pValue(), n,
          RatedJourneys.unit(r.getString(4))));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static Row row(String metric, String segment, String area, String kind, String driver, String type,
      double estimate, double low, double high, double strength, double strengthLow, double strengthHigh, double p,
      long n, String unit) {
    return RowFactory.create(metric, segment, area, kind, driver, type, estimate >= 0 ? "raises" : "lowers",
        estimate, low, high, finite(strength), finite(strengthLow), finite(strengthHigh),
        Double.isNaN(p) ? null : p, n, unit);
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
