package io.outsidein.common.io;

import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.config.S3Settings;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reaches each object-storage location of a run once, before any stage: an endpoint that does not answer, or
 * credentials it refuses, stop the run within the configured timeout and attempts, with one sentence that
 * names the location and the endpoint, instead of a stack trace minutes into the first stage.
 */
public final class StorageProbe {
  private final Configuration hadoop;
  private final S3Settings s3;

  public StorageProbe(Configuration hadoop, S3Settings s3) {
    this.hadoop = hadoop;
    this.s3 = s3;
  }

  /** Whether {@code location} is in object storage, where a probe is worth its round trip. */
  public static boolean isObjectStorage(String location) {
    return location.startsWith("s3a://") || location.startsWith("s3://");
  }

  /** Reaches {@code location} (a no-op for a local path); throws a {@link ConfigurationException} when it cannot. */
  public void reach(String location) {
    if (!isObjectStorage(location)) {
      return;
    }
    try {
      FileSystem.get(URI.create(location), hadoop).exists(new Path(location));
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException("Cannot reach " + location + " through " + s3.describeEndpoint() + ": "
          + cause(e) + ". Check outsidein.s3.endpoint, the network and the credentials; outsidein.s3.connection-timeout "
          + "and outsidein.s3.attempts bound the wait", e);
    }
  }

  /** The innermost cause's first line: the AWS client nests the reason under several wrappers. */
  private static String cause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
