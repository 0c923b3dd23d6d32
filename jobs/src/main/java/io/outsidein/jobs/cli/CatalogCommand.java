package io.outsidein.jobs.cli;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.OutsideinSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "catalog", mixinStandardHelpOptions = true,
    description = {"Start, stop or check the catalog's network server (Derby on 127.0.0.1, "
        + "outsidein.storage.metastore-server): commands start it when they need it; it keeps running for the next "
        + "ones until stopped."})
final class CatalogCommand implements Callable<Integer> {
  enum Action { start, stop, status }

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ACTION", description = "start, stop or status")
  Action action;

  @Override
  public Integer call() {
    OutsideinSettings settings = OutsideinSettings.from(new ConfigLoader().load(common.confFile(), common.overrides));
    CatalogServer server = CatalogServer.of(settings.storage()).orElse(null);
    if (server == null) {
      System.out.println("The catalog is not served: outsidein.storage.metastore-server.enabled is false (or no "
          + "metastore folder is set), so each command opens it itself.");
      return action == Action.status ? ExitCodes.SUCCESS : ExitCodes.BAD_USAGE;
    }
    switch (action) {
      case start -> {
        if (!server.ensureRunning(System.out)) {
          System.out.println("Catalog: the server on " + server.address() + " is already running.");
        }
      }
      case stop -> System.out.println(server.stop() ? "Catalog: stopped the server on " + server.address() + "."
          : "Catalog: no server was running on " + server.address() + ".");
      default -> {
        boolean running = server.running();
        System.out.println("Catalog: the server on " + server.address() + (running ? " is running." : " is not "
            + "running (the next command that needs it starts it)."));
        return running ? ExitCodes.SUCCESS : ExitCodes.STAGE_FAILED;
      }
    }
    return ExitCodes.SUCCESS;
  }
}
