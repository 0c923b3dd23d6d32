package io.outsidein.jobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;

/**
 * Spark's Thrift server (HiveServer2's protocol) over a session's catalog, on 127.0.0.1: BI tools, Beeline and
 * notebooks query {@code gold.*} by name over JDBC ({@code jdbc:hive2://127.0.0.1:<port>/default}). Each JDBC
 * session gets its own SparkSession on the same catalog, with Delta (time travel included).
 */
public final class SqlEndpoint implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  private static final int FIRST_SESSION_ATTEMPTS = 30;

  private final HiveThriftServer2 server;
  private final int port;

  private SqlEndpoint(HiveThriftServer2 server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts the endpoint on {@code spark}'s catalog; returns once it listens. {@code scratch} holds HiveServer2's
   * operation logs and scratch files (else they land in the system temp folder and stay there).
   */
  public static SqlEndpoint start(SparkSession spark, int port, Path scratch) {
    Path logs = scratch.resolve("hive-operation-logs");
    Path local = scratch.resolve("hive-scratch");
    try {
      Files.createDirectories(logs);
      // HiveServer2 needs it to exist: else "Unable to access pipeout files".
      Files.createDirectories(local);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    spark.conf().set("hive.server2.thrift.bind.host", HOST);
    spark.conf().set("hive.server2.thrift.port", String.valueOf(port));
    spark.conf().set("hive.server2.logging.operation.log.location", logs.toString());
    spark.conf().set("hive.exec.local.scratchdir", local.toString());
    // On a fresh thread: Spark's built-in Hive client reuses a Hive SessionState the calling thread already has
    // (one that ran catalog queries has one), with the configuration it was made with; the server would then
    // listen on Hive's default port on every interface instead of on loopback at the port asked for.
    AtomicReference<HiveThriftServer2> server = new AtomicReference<>();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread starter = new Thread(() -> {
      try {
        server.set(HiveThriftServer2.startWithContext(spark.sqlContext()));
      } catch (RuntimeException e) {
        failure.set(e);
      }
    }, "outsidein-sql-endpoint-start");
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the SQL endpoint started", e);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    SqlEndpoint endpoint = new SqlEndpoint(server.get(), port);
    endpoint.awaitFirstSession();
    return endpoint;
  }

  /**
   * Opens and closes one JDBC session before the endpoint is called ready: the server's first session sets up
   * Hive state, and in a JVM that already ran Hive work on other threads that first opening can fail in Hive's
   * metastore code before it succeeds (seen when the endpoint ran inside the test JVM). A client never meets it.
   */
  private void awaitFirstSession() {
    java.sql.SQLException last = null;
    for (int attempt = 0; attempt < FIRST_SESSION_ATTEMPTS; attempt++) {
      try (java.sql.Connection ignored = java.sql.DriverManager.getConnection(jdbcUrl(), "outsidein", "")) {
        return;
      } catch (java.sql.SQLException e) {
        last = e;
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    close();
    throw new IllegalStateException("The SQL endpoint on " + jdbcUrl() + " started but opened no session: "
        + (last == null ? "interrupted" : last.getMessage()), last);
  }

  public String jdbcUrl() {
    return "jdbc:hive2://" + HOST + ":" + port + "/default";
  }

  @Override
  public void close() {
    server.stop();
  }
}
