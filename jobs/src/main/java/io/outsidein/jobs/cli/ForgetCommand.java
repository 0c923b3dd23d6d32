package io.outsidein.jobs.cli;

import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.io.TableName;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code outsidein forget}: erases people from every table of the warehouse (GDPR article 17 and its peers),
 * keeps them out of later deliveries and vacuums what older versions kept. See {@link Erasure} for the steps.
 */
@Command(name = "forget", mixinStandardHelpOptions = true,
    description = {"Erase customers from every table (silver, gold, state, quarantine), recompute the aggregates "
        + "of the dates they touched, add them to the suppression list (later records: quarantine, erased_subject), "
        + "VACUUM the tables (retention outsidein.forget.vacuum-retention) and write one row to ops.erasure_log "
        + "that holds no identifier. Raw deliveries that still name them are listed for review."})
final class ForgetCommand implements Callable<Integer> {
  static final String NAME = "forget";
  /** The erasure holds the lock over every delivery date: no night writes while people are removed. */
  private static final LocalDate ALL_FROM = LocalDate.of(1970, 1, 1);

  @Mixin CommonOptions common;

  @Option(names = "--customer", paramLabel = "ID", description = "Raw customer id as delivered (repeatable). It "
      + "stays in the shell's history: prefer --customers FILE for real requests.")
  List<String> customers = new ArrayList<>();

  @Option(names = "--customers", paramLabel = "FILE", description = "A file of raw customer ids, one per line "
      + "(UTF-8; blank lines and lines starting with # are skipped).")
  Path file;

  @Option(names = "--request-id", paramLabel = "ID", description = "Id of the request for the erasure log "
      + "(e.g. the ticket); default: a random UUID. Must not be personal data.")
  String requestId;

  @Override
  public Integer call() {
    List<String> ids = ids();
    try (Environment environment = Environment.open(common, System.out)) {
      Settings settings = Settings.read(environment);
      PrintStream out = System.out;
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      RunContext run = RunContext.start(ALL_FROM, today.plusYears(100));
      String request = requestId == null ? UUID.randomUUID().toString() : requestId;
      StageRunner runner = new StageRunner(environment, out);
      Instant started = Instant.now();
      try (RunLock lock = runner.lock(run, NAME)) {
        Erasure.Outcome outcome = new Erasure(environment, runner, out)
            .forget(request, ids, run, settings.vacuumRetention(), settings.recompute());
        // Logged under today's date: the lock's range (every date) is not a delivery date.
        RunContext logged = new RunContext(run.runId(), today, today, run.startedAt());
        List<RunLogEntry> entries = new ArrayList<>();
        for (Map.Entry<TableName, Long> e : outcome.rowsRemoved().entrySet()) {
          if (e.getValue() > 0) {
            out.printf(Locale.ROOT, "%-8s %-40s %,d rows removed%n", NAME, e.getKey(), e.getValue());
          }
          entries.add(RunLogEntry.builder(logged, NAME, e.getKey().toString(), started).rows(0, 0, 0, 0)
              .message(String.format(Locale.ROOT, "erasure request %s: %d rows removed", request, e.getValue()))
              .build());
        }
        for (String raw : outcome.rawFilesToReview()) {
          out.printf(Locale.ROOT, "%-8s raw delivery still names them (review, or let raw retention delete it): %s%n",
              NAME, raw);
        }
        environment.runLog().write(entries);
        out.println(NAME + ": " + ids.size() + " customers forgotten; " + Erasure.describe(outcome)
            + "; ops.erasure_log has the request's row.");
      }
    }
    return ExitCodes.SUCCESS;
  }

  /** The raw ids of the request, distinct, in the order given; none is a usage error. */
  private List<String> ids() {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    customers.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(ids::add);
    if (file != null) {
      try {
        Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
            .filter(s -> !s.isEmpty() && !s.startsWith("#")).forEach(ids::add);
      } catch (IOException e) {
        throw new ConfigurationException("Cannot read --customers " + file + ": " + e.getMessage(), e);
      }
    }
    if (ids.isEmpty()) {
      throw new ConfigurationException("forget needs at least one customer: --customer ID or --customers FILE"
          + (file == null ? "" : " (" + file + " holds none)"));
    }
    return List.copyOf(ids);
  }

  /** {@code outsidein.forget}, read before Spark starts. */
  private record Settings(Duration vacuumRetention, boolean recompute) {
    static Settings read(Environment environment) {
      ConfigReader forget = OutsideinSettings.root(environment.config()).section("forget");
      return new Settings(forget.durationIn("vacuum-retention", Duration.ZERO, Duration.ofDays(3650)),
          forget.bool("recompute"));
    }
  }
}
