package io.outsidein.jobs.cli;

import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.jobs.generate.GeneratorSettings;
import io.outsidein.jobs.generate.GroundTruth;
import io.outsidein.jobs.generate.SampleDataGenerator;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code outsidein generate}: the six raw sources with planted truths, for a range of days. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write sample data for all six raw sources, with planted truths in ground_truth.json.",
        "Deterministic for a seed; faults on request with --bad-rate."})
final class GenerateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First day.")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last day, inclusive.")
  LocalDate to;

  @Option(names = "--customers", paramLabel = "N", description = "Customers (default: outsidein.generate.customers).")
  Integer customers;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: outsidein.generate.seed).")
  Long seed;

  @Option(names = "--bad-rate", paramLabel = "R", description = "Share of faulty records, 0 to 0.5 (default: outsidein.generate.bad-rate).")
  Double badRate;

  @Option(names = "--out", paramLabel = "URI", description = "Raw root, a folder or s3a:// URI (default: outsidein.storage.raw).")
  String out;

  @Override
  public Integer call() {
    if (customers != null) {
      common.overrides.add("outsidein.generate.customers=" + customers);
    }
    if (seed != null) {
      common.overrides.add("outsidein.generate.seed=" + seed);
    }
    if (badRate != null) {
      common.overrides.add("outsidein.generate.bad-rate=" + badRate);
    }
    try (Environment environment = Environment.open(common, System.err)) {
      String root = SparkSessionFactory.uri(out != null ? out : environment.settings().storage().raw());
      GroundTruth truth = generate(environment, from, to, root);
      System.out.printf(Locale.ROOT, "Generated %s..%s into %s (ground truth: %s/ground_truth.json)%n", from, to, root, root);
      return truth == null ? ExitCodes.STAGE_FAILED : ExitCodes.SUCCESS;
    }
  }

  static GroundTruth generate(Environment environment, LocalDate from, LocalDate to, String rawRoot) {
    GeneratorSettings settings;
    try {
      settings = environment.generator().forRange(from, to);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
    environment.spark().sparkContext().setJobDescription("generate " + from + ".." + to);
    return new SampleDataGenerator(settings).generate(environment.spark(), rawRoot);
  }
}
