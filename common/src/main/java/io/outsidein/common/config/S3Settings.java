package io.outsidein.common.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How s3a reaches object storage: the endpoint, its addressing and TLS, where credentials come from (a chain of
 * providers, never the credentials themselves) and how long an unreachable endpoint may hold a run.
 *
 * @param credentialsProviders s3a credential provider classes, tried in order
 * @param connectionTimeout how long to wait for a connection to the endpoint
 * @param attempts how many times a request is tried, by the AWS client and by s3a each
 */
public record S3Settings(Optional<String> endpoint, boolean pathStyleAccess, boolean sslEnabled,
    List<String> credentialsProviders, Duration connectionTimeout, int attempts) {
  public S3Settings {
    credentialsProviders = List.copyOf(credentialsProviders);
  }

  static S3Settings read(ConfigReader s3) {
    String endpoint = s3.string("endpoint").trim();
    List<String> providers = s3.stringList("credentials-providers");
    if (providers.isEmpty()) {
      throw s3.invalid("credentials-providers", "at least one credentials provider class");
    }
    return new S3Settings(endpoint.isEmpty() ? Optional.empty() : Optional.of(endpoint),
        s3.bool("path-style-access"), s3.bool("ssl-enabled"), providers,
        s3.durationIn("connection-timeout", Duration.ofMillis(100), Duration.ofMinutes(10)),
        s3.intIn("attempts", 1, 100));
  }

  /** The Hadoop {@code fs.s3a.*} options of these settings (Spark takes them with a {@code spark.hadoop.} prefix). */
  public Map<String, String> hadoopOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    endpoint.ifPresent(e -> options.put("fs.s3a.endpoint", e));
    options.put("fs.s3a.path.style.access", String.valueOf(pathStyleAccess));
    options.put("fs.s3a.connection.ssl.enabled", String.valueOf(sslEnabled));
    options.put("fs.s3a.aws.credentials.provider", String.join(",", credentialsProviders));
    // Milliseconds, as hadoop-aws 3.3 reads them with getInt. Left at their defaults (50 s, 20 and 7 tries) an
    // unreachable endpoint holds a run for many minutes without a word.
    options.put("fs.s3a.connection.establish.timeout", String.valueOf(connectionTimeout.toMillis()));
    options.put("fs.s3a.attempts.maximum", String.valueOf(attempts));
    options.put("fs.s3a.retry.limit", String.valueOf(attempts));
    return Map.copyOf(options);
  }

  /** The endpoint as a user reads it, e.g. {@code http://127.0.0.1:9000 (path-style, plain HTTP)}. */
  public String describeEndpoint() {
    return endpoint.orElse("AWS's own endpoint") + " (" + (pathStyleAccess ? "path-style" : "virtual-host style")
        + ", " + (sslEnabled ? "TLS" : "plain HTTP") + ")";
  }
}
