package io.outsidein.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

import io.outsidein.common.config.ConfigurationException;
import io.outsidein.jobs.insights.BasketMiner;
import io.outsidein.jobs.insights.InsightSettings;
import io.outsidein.jobs.insights.InsightsJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rules", mixinStandardHelpOptions = true,
    description = "Mine association rules from a CSV of transaction_id,item rows (one item per row) with the insights "
        + "stage's miner, and print every rule at the thresholds, most lift first: to try thresholds on an export "
        + "before changing conf/.")
final class RulesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--baskets", paramLabel = "FILE", required = true,
      description = "CSV with a header holding transaction_id and item (gzip allowed).")
  Path baskets;

  @Option(names = "--min-count", paramLabel = "N", required = true,
      description = "Least baskets a rule's items must all be in.")
  long minCount;

  @Option(names = "--min-support", paramLabel = "S", defaultValue = "0",
      description = "Least share of baskets as well (default ${DEFAULT-VALUE}: the count alone).")
  double minSupport;

  @Option(names = "--min-confidence", paramLabel = "C", required = true,
      description = "Least P(consequent | antecedent), 0..1.")
  double minConfidence;

  @Option(names = "--max-size", paramLabel = "K",
      description = "Most items in a rule, antecedent and consequent together (default: insights.baskets.max-size).")
  Integer maxSize;

  @Option(names = "--format", defaultValue = "TABLE",
      description = "TABLE or CSV with a header (default ${DEFAULT-VALUE}).")
  TablePrinter.Format format;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(baskets)) {
      throw new ConfigurationException("No basket file at " + baskets.toAbsolutePath() + " (--baskets)");
    }
    if (minCount < 1 || !(minConfidence >= 0 && minConfidence <= 1) || !(minSupport >= 0 && minSupport <= 1)
        || (maxSize != null && (maxSize < 2 || maxSize > 10))) {
      throw new ConfigurationException("--min-count must be at least 1, --min-support and --min-confidence within "
          + "0..1 and --max-size within 2..10; got " + minCount + ", " + minSupport + ", " + minConfidence + ", "
          + maxSize);
    }
    try (Environment environment = Environment.open(common, System.err)) {
      InsightSettings settings = environment.stages().stream().filter(s -> s.name().equals(InsightsJob.NAME))
          .map(s -> (InsightSettings) s.settings()).findFirst().orElseThrow();
      // Exports quote items that hold a comma or a line break: whole-file parsing keeps such an item whole.
      Dataset<Row> file = environment.spark().read().option("header", "true").option("multiLine", "true")
          .csv(baskets.toString());
      List<String> columns = List.of(file.columns());
      if (!columns.contains("transaction_id") || !columns.contains("item")) {
        throw new ConfigurationException("The basket file " + baskets + " has the columns " + columns + "; it needs "
            + "transaction_id and item (one row per item of a transaction)");
      }
      BasketMiner miner = new BasketMiner(settings.baskets().with(minSupport, minCount, minConfidence,
          maxSize == null ? settings.baskets().maxSize() : maxSize), settings.confidence(),
          settings.falseDiscoveryRate(), environment.settings().spark().shufflePartitions());
      BasketMiner.Mined mined = miner.mine(file.select(col("transaction_id").as(BasketMiner.BASKET),
          col("item").as(BasketMiner.ITEM)));
      System.err.printf(Locale.ROOT, "%,d baskets; rules whose items are all in at least %,d of them%n",
          mined.baskets(), mined.minCount());
      if (mined.baskets() == 0) {
        System.err.println("The basket file " + baskets + " holds no transaction with an item: no rules.");
      }
      new TablePrinter(System.out, System.err).print(mined.rules().select(
          concat_ws(", ", col("antecedent")).as("antecedent"), col("consequent"), col("support_count"),
          col("support"), col("confidence"), col("lift"), col("p_value"), col("q_value")), format, 0);
    }
    return ExitCodes.SUCCESS;
  }
}
