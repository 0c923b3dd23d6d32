package io.outsidein.jobs.cli;

import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.runlog.StageFailedException;
import io.outsidein.common.stage.QualityGateBreachedException;
import io.outsidein.common.stage.Stage;
import java.io.PrintWriter;
import org.apache.spark.sql.AnalysisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code outsidein} command line: {@code generate}, one command per stage of the night (from
 * {@link Stages#nightly()}), {@code nightly}, {@code demo}, {@code runs} and {@code sql}.
 */
@Command(name = "outsidein", mixinStandardHelpOptions = true, version = "outsidein 0.1.0",
    description = "Customer-experience analytics on Spark and Delta Lake.",
    footer = {"", "Exit codes: 0 success, 1 a stage failed, 2 bad usage or configuration, 3 data-quality gate breached,",
        "130/143 interrupted (Ctrl-C, SIGTERM)."})
public final class Main implements Runnable {
  private static final Logger FAILURES = LoggerFactory.getLogger("io.outsidein.failure");

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(Interruption.install(System.err), args));
  }

  /** Runs a command and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return execute(Interruption.none(), args);
  }

  static int execute(Interruption interruption, String... args) {
    CommandLine commandLine = commandLine(interruption);
    commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
      PrintWriter err = line.getErr();
      if (interruption.signal().isPresent()) {
        err.println(interruption.sentence());
        FAILURES.warn("{}", interruption.sentence(), e);
        err.flush();
        return interruption.exitCode();
      }
      int code = exitCode(e);
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
    int code = commandLine.execute(args);
    if (interruption.signal().isPresent() && code == ExitCodes.SUCCESS) {
      // The signal came between two Spark jobs and the command finished: still say it, and exit as interrupted.
      commandLine.getErr().println(interruption.sentence());
      return interruption.exitCode();
    }
    return code;
  }

  /** The command tree; the stage commands and the night's description come from the stage list. */
  static CommandLine commandLine() {
    return commandLine(Interruption.none());
  }

  private static CommandLine commandLine(Interruption interruption) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.addSubcommand("generate", new GenerateCommand());
    for (Stage<?> stage : Stages.nightly()) {
      commandLine.addSubcommand(stage.name(), StageCommand.of(stage.name(), stage.description()));
    }
    CommandLine nightly = new CommandLine(new NightlyCommand());
    nightly.getCommandSpec().usageMessage().description(NightlyCommand.description());
    commandLine.addSubcommand("nightly", nightly);
    CommandLine demo = new CommandLine(new DemoCommand());
    demo.getCommandSpec().usageMessage().description(DemoCommand.description());
    commandLine.addSubcommand("demo", demo);
    commandLine.addSubcommand("runs", new RunsCommand());
    commandLine.addSubcommand("sql", new SqlCommand());
    commandLine.addSubcommand("rules", new RulesCommand());
    commandLine.addSubcommand("catalog", new CatalogCommand());
    commandLine.addSubcommand("serve", new ServeCommand(interruption));
    commandLine.addSubcommand("maintain", new MaintainCommand());
    commandLine.addSubcommand("forget", new ForgetCommand());
    // --format csv as well as CSV: nobody should have to guess an enum's case.
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  private static int exitCode(Exception e) {
    if (catalogInUse(e).isPresent()) {
      return ExitCodes.STAGE_FAILED;
    }
    if (e instanceof ConfigurationException) {
      return ExitCodes.BAD_USAGE;
    }
    if (e instanceof QualityGateBreachedException) {
      return ExitCodes.QUALITY_GATE;
    }
    if (isSqlError(e)) {
      return ExitCodes.BAD_USAGE; // a SQL statement that does not analyse: the user's input, not a stage
    }
    return ExitCodes.STAGE_FAILED;
  }

  private static boolean isSqlError(Exception e) {
    return e instanceof AnalysisException || e.getCause() instanceof AnalysisException;
  }

  /**
   * The embedded catalog's folder held by another process: Derby says so deep in a chain of metastore errors.
   * Returns the folder's message when that is the cause.
   */
  private static java.util.Optional<String> catalogInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("Another instance of Derby may have already booted the database")) {
        return java.util.Optional.of(message);
      }
    }
    return java.util.Optional.empty();
  }

  private static String sentence(Exception e) {
    if (catalogInUse(e).isPresent()) {
      return "The catalog is in use by another outsidein process: embedded Derby admits one at a time. Set "
          + "outsidein.storage.metastore-server.enabled = true (conf/local.conf does) so that every command shares "
          + "it through Derby's network server, or wait until the other run ends.";
    }
    if (e instanceof CatalogUnavailableException || e instanceof RunLockedException) {
      return e.getMessage();
    }
    if (e instanceof ConfigurationException || e instanceof QualityGateBreachedException
        || e instanceof StageFailedException) {
      return e.getMessage();
    }
    // A SQL error's message names the position and repeats the statement: show all of it.
    return "Failed: " + (isSqlError(e) ? Failures.wholeRootMessage(e) : Failures.rootMessage(e));
  }
}
