package io.outsidein.jobs.cli;

import io.outsidein.common.config.StorageSettings;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.derby.drda.NetworkServerControl;

/**
 * Derby's own network server for the embedded catalog, on loopback: started by the first command that needs the
 * catalog (a detached child JVM that outlives it, logging to {@code <logs>/catalog-server.log}), shared by every
 * later one, stopped by {@code outsidein catalog stop}. Embedded Derby admits one JVM per database folder; served,
 * a night, {@code sql}, {@code serve} and notebooks use the same catalog at once.
 */
final class CatalogServer {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path metastore;
  private final int port;
  private final Path logs;

  CatalogServer(Path metastore, int port, Path logs) {
    this.metastore = metastore;
    this.port = port;
    this.logs = logs;
  }

  /** The server of {@code storage}'s catalog, when it is served. */
  static java.util.Optional<CatalogServer> of(StorageSettings storage) {
    if (storage.metastore().isEmpty() || storage.metastorePort().isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new CatalogServer(Path.of(storage.metastore().get()),
        storage.metastorePort().getAsInt(), Path.of(storage.logs())));
  }

  String address() {
    return StorageSettings.METASTORE_HOST + ":" + port;
  }

  boolean running() {
    try {
      control().ping();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Starts the server unless one answers on the port already; returns whether this call started it. */
  boolean ensureRunning(PrintStream out) {
    if (running()) {
      return false;
    }
    Path log = logs.resolve("catalog-server.log");
    Process process;
    try {
      Files.createDirectories(logs);
      Files.createDirectories(metastore.toAbsolutePath().getParent());
      List<String> command = List.of(javaBinary(), "-Xmx512m",
          "-Dderby.system.home=" + metastore.toAbsolutePath().getParent(),
          "-Dderby.drda.host=" + StorageSettings.METASTORE_HOST,
          "-cp", jarOf(org.apache.derby.jdbc.EmbeddedDriver.class) + File.pathSeparator
              + jarOf(NetworkServerControl.class),
          NetworkServerControl.class.getName(), "start", "-h", StorageSettings.METASTORE_HOST,
          "-p", String.valueOf(port), "-noSecurityManager");
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw unavailable("could not be started (" + e.getMessage() + ")");
    }
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (running()) {
        out.println("Catalog: started Derby's network server on " + address() + " for " + metastore
            + " (it keeps running for later commands; `outsidein catalog stop` stops it; log " + log + ")");
        return true;
      }
      if (!process.isAlive() && !running()) {
        // Another command may have started it at the same moment and won the port: that one is as good.
        sleep();
        if (running()) {
          return false;
        }
        throw unavailable("could not be started: the port may be taken by another program (see " + log
            + "; set outsidein.storage.metastore-server.port to a free one)");
      }
      sleep();
    }
    process.destroy();
    throw unavailable("did not answer within " + START_TIMEOUT.toSeconds() + " s (see " + log + ")");
  }

  /** Stops the server; returns whether one was running. */
  boolean stop() {
    if (!running()) {
      return false;
    }
    try {
      control().shutdown();
      return true;
    } catch (Exception e) {
      throw unavailable("could not be stopped: " + e.getMessage());
    }
  }

  private NetworkServerControl control() throws Exception {
    return new NetworkServerControl(InetAddress.getByName(StorageSettings.METASTORE_HOST), port);
  }

  private CatalogUnavailableException unavailable(String what) {
    return new CatalogUnavailableException("The catalog server for " + metastore + " on " + address() + " " + what
        + ".");
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the jar of " + type.getName(), e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the catalog server", e);
    }
  }
}
