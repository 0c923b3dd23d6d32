package io.outsidein.jobs.cli;

import io.outsidein.common.config.ConfigReader;
import io.outsidein.common.config.OutsideinSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the catalog over JDBC on 127.0.0.1 (Spark's Thrift server, HiveServer2's protocol) until "
        + "Ctrl-C or SIGTERM: BI tools, Beeline and notebooks query gold.* by name, e.g. "
        + "beeline -u jdbc:hive2://127.0.0.1:10000/default. Port: outsidein.serve.port."})
final class ServeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  private final Interruption interruption;

  ServeCommand(Interruption interruption) {
    this.interruption = interruption;
  }

  /** {@code outsidein.serve.port}, read and checked before Spark starts. */
  static int port(ConfigReader outsidein) {
    return outsidein.section("serve").intIn("port", 1024, 65535);
  }

  @Override
  public Integer call() throws InterruptedException {
    try (Environment environment = Environment.open(common, System.out)) {
      int port = port(OutsideinSettings.root(environment.config()));
      try (SqlEndpoint endpoint = SqlEndpoint.start(environment.spark(), port,
          Path.of(environment.settings().storage().scratch()))) {
        System.out.println("SQL endpoint: " + endpoint.jdbcUrl() + " (catalog of " + environment.settings().storage()
            .warehouse() + "); Ctrl-C or SIGTERM stops it.");
        System.out.flush();
        interruption.await();
      }
      System.out.println("SQL endpoint stopped (SIG" + interruption.signal().orElse("?") + ").");
    }
    return interruption.exitCode();
  }
}
