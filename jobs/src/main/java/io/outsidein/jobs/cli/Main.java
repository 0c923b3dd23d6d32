package io.outsidein.jobs.cli;

import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.runlog.StageFailedException;
import java.io.PrintWriter;
import org.apache.spark.sql.AnalysisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code outsidein} command line. */
@Command(name = "outsidein", mixinStandardHelpOptions = true, version = "outsidein 0.1.0",
    description = "Customer-experience analytics on Spark and Delta Lake.",
    subcommands = {GenerateCommand.class, IngestCommand.class, JourneysCommand.class, NightlyCommand.class, DemoCommand.class,
        RunsCommand.class, SqlCommand.class},
    footer = {"", "Exit codes: 0 success, 1 a stage failed, 2 bad usage or configuration, 3 data-quality gate breached."})
public final class Main implements Runnable {
  private static final Logger FAILURES = LoggerFactory.getLogger("io.outsidein.failure");

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
      int code = exitCode(e);
      PrintWriter err = line.getErr();
      err.println(sentence(e));
      boolean verbose = parsed.originalArgs().contains("--verbose") || parsed.originalArgs().contains("-v");
      if (verbose) {
        e.printStackTrace(err);
      } else if (code == ExitCodes.STAGE_FAILED) {
        err.println("(stack trace in the log file; --verbose prints it here)");
      }
      FAILURES.error("{} (exit {})", sentence(e), code, e);
      err.flush();
      return code;
    });
    commandLine.setParameterExceptionHandler((e, args2) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println(e.getMessage());
      err.println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return ExitCodes.BAD_USAGE;
    });
    return commandLine.execute(args);
  }

  private static int exitCode(Exception e) {
    if (e instanceof ConfigurationException) {
      return ExitCodes.BAD_USAGE;
    }
    if (e instanceof QualityGateBreachedException) {
      return ExitCodes.QUALITY_GATE;
    }
    if (e instanceof AnalysisException || e.getCause() instanceof AnalysisException) {
      return ExitCodes.BAD_USAGE; // a SQL statement that does not analyse: the user's input, not a stage
    }
    return ExitCodes.STAGE_FAILED;
  }

  private static String sentence(Exception e) {
    if (e instanceof ConfigurationException || e instanceof QualityGateBreachedException
        || e instanceof StageFailedException) {
      return e.getMessage();
    }
    return "Failed: " + NightlyPipeline.rootMessage(e);
  }
}
