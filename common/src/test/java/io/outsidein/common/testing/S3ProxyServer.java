package io.outsidein.common.testing;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local S3 endpoint for tests: S3Proxy 4.1.0 as a child process on 127.0.0.1, objects in memory
 * ({@code jclouds.provider=transient}), dummy credentials. A child process rather than a library because its
 * Jetty 12, Jackson and Guava would clash with Spark's on the test classpath (STACK.md).
 *
 * <p>The jar comes from the system property {@value #JAR_PROPERTY}, which only the jobs module's surefire
 * sets (the jar is copied to {@code jobs/target/s3proxy/s3proxy.jar} in generate-test-resources), so tests
 * that use it live in {@code jobs}. Use {@link #shared()}: one server per test JVM, stopped by a shutdown
 * hook; {@link #start()} gives a private one that the caller stops.
 */
public final class S3ProxyServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(S3ProxyServer.class);

  public static final String JAR_PROPERTY = "s3proxy.jar";
  // Dummy credentials of a loopback server; the same ones STACK.md documents.
  private static final String ACCESS_KEY = "test-access";
  private static final String SECRET_KEY = "test-secret";
  private static final String REGION = "us-east-1";
  // A port picked free may be taken before S3Proxy binds it: then the process dies and we try another.
  private static final int START_ATTEMPTS = 3;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final int CONNECT_TIMEOUT_MILLIS = 200;
  private static final int LOG_TAIL_LINES = 20;

  private static final Object LOCK = new Object();
  private static S3ProxyServer shared;

  private final Process process;
  private final int port;
  private final Path folder;
  private final Thread shutdownHook;

  private S3ProxyServer(Process process, int port, Path folder) {
    this.process = process;
    this.port = port;
    this.folder = folder;
    this.shutdownHook = new Thread(this::destroy, "s3proxy-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The server of this JVM, started on first use; test classes never stop it. */
  public static S3ProxyServer shared() {
    synchronized (LOCK) {
      if (shared == null || !shared.process.isAlive()) {
        shared = start();
      }
      return shared;
    }
  }

  /** A new server that the caller stops with {@link #stop()}. */
  public static S3ProxyServer start() {
    Path jar = jar();
    Path folder;
    try {
      folder = Files.createTempDirectory("outsidein-s3proxy");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = freePort();
      Path log = folder.resolve("s3proxy-" + attempt + ".log");
      Process process = launch(jar, writeProperties(folder, port), log);
      if (awaitPort(process, port)) {
        LOG.info("S3Proxy listens on http://127.0.0.1:{} (log {})", port, log);
        return new S3ProxyServer(process, port, folder);
      }
      process.destroyForcibly();
      LOG.warn("S3Proxy did not start on port {} (attempt {} of {}); last lines of {}:\n{}",
          port, attempt, START_ATTEMPTS, log, tail(log));
    }
    throw new IllegalStateException("S3Proxy did not start after " + START_ATTEMPTS + " attempts; see the logs in "
        + folder);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  /** Creates the bucket unless it exists, so test classes sharing the server may each ask for theirs. */
  public void createBucket(String bucket) {
    AmazonS3 client = AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(endpoint(), REGION))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
        .build();
    try {
      if (!client.doesBucketExistV2(bucket)) {
        client.createBucket(bucket);
      }
    } finally {
      client.shutdown();
    }
  }

  /**
   * The s3a settings that point Spark at this server, as {@code spark.hadoop.fs.s3a.*} keys for a
   * SparkSession builder. A running shared session takes them through {@link #configure} instead.
   */
  public Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.hadoop.fs.s3a.endpoint", endpoint());
    conf.put("spark.hadoop.fs.s3a.path.style.access", "true");
    conf.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
    conf.put("spark.hadoop.fs.s3a.access.key", ACCESS_KEY);
    conf.put("spark.hadoop.fs.s3a.secret.key", SECRET_KEY);
    conf.put("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    return Map.copyOf(conf);
  }

  /**
   * Sets the {@link #sparkConf()} keys, without their {@code spark.hadoop.} prefix, on a Hadoop
   * configuration, e.g. {@code spark.sparkContext().hadoopConfiguration()}. Hadoop caches one s3a file system
   * per bucket: configure before the first access to a bucket.
   */
  public void configure(Configuration conf) {
    sparkConf().forEach((key, value) -> conf.set(key.substring("spark.hadoop.".length()), value));
  }

  /** Stops the process and removes its folder. */
  public void stop() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run: nothing left to do.
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void destroy() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteQuietly(folder);
  }

  private static Path jar() {
    String property = System.getProperty(JAR_PROPERTY);
    if (property == null || property.isBlank()) {
      throw new IllegalStateException("System property " + JAR_PROPERTY + " is not set: only the jobs module's "
          + "surefire sets it. Run the test from the jobs module, or pass -D" + JAR_PROPERTY
          + "=<path to s3proxy-4.1.0-jar-with-dependencies.jar>");
    }
    Path jar = Paths.get(property);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("System property " + JAR_PROPERTY + " is " + property + ", which is not a "
          + "file. Run mvn generate-test-resources -pl jobs to copy the jar there.");
    }
    return jar;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeProperties(Path folder, int port) {
    Path blobs = folder.resolve("blobs");
    String properties = String.join("\n", List.of(
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        // In memory: nothing to clean up, and the test data is small. "filesystem" works too.
        "jclouds.provider=transient",
        "jclouds.identity=" + ACCESS_KEY,
        "jclouds.credential=" + SECRET_KEY,
        "jclouds.filesystem.basedir=" + blobs)) + "\n";
    Path file = folder.resolve("s3proxy-" + port + ".properties");
    try {
      Files.createDirectories(blobs);
      return Files.writeString(file, properties, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Process launch(Path jar, Path properties, Path log) {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    // Small heap and C1 only: it serves a few megabytes and starts about twice as fast.
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-jar", jar.toString(), "--properties", properties.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + java + " -jar " + jar, e);
    }
  }

  /** True once the port answers; false when the process died or the timeout passed. */
  private static boolean awaitPort(Process process, int port) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
        return true;
      } catch (IOException notYet) {
        sleep(POLL_INTERVAL);
      }
    }
    return false;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for S3Proxy to start", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read the log: " + e.getMessage() + ")";
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // Best effort: the folder is in the system temp dir.
    }
  }
}
