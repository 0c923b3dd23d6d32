package io.outsidein.jobs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.config.S3Settings;
import io.outsidein.common.io.StorageProbe;
import io.outsidein.common.testing.S3ProxyServer;
import io.outsidein.common.testing.TestSpark;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Object storage as a user meets it with conf/s3.conf: credentials from the shared credentials file of a
 * profile, and an endpoint that does not answer. Isolated: the profile test points {@code user.home}, where the
 * AWS client looks for {@code .aws/credentials}, at a folder of its own for a moment.
 */
@Isolated
class ObjectStorageAccessTest {
  private static final String BUCKET = "outsidein-profile";

  private static S3Settings s3(String... overrides) {
    List<String> all = new ArrayList<>(List.of(overrides));
    return OutsideinSettings.from(new ConfigLoader().load(Optional.of(Path.of("../conf/s3.conf")), all)).s3();
  }

  /** Hadoop's configuration as a run gets it from the settings alone, with no file system cached. */
  private static Configuration hadoop(S3Settings s3) {
    Configuration conf = new Configuration(false);
    s3.hadoopOptions().forEach(conf::set);
    conf.set("fs.s3a.impl.disable.cache", "true");
    conf.set("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    return conf;
  }

  @Test
  void credentialsComeFromTheSharedCredentialsFileOfAProfile() throws IOException {
    S3ProxyServer server = S3ProxyServer.shared();
    server.createBucket(BUCKET);
    S3Settings s3 = s3("outsidein.s3.endpoint=\"" + server.endpoint() + "\"", "outsidein.s3.path-style-access=true",
        "outsidein.s3.ssl-enabled=false");
    assertThat(s3.hadoopOptions().get("fs.s3a.aws.credentials.provider"))
        .contains("com.amazonaws.auth.profile.ProfileCredentialsProvider");
    Path home = TestSpark.newFolder("aws-home");
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_access_key_id = " + server.accessKey()
        + "\naws_secret_access_key = " + server.secretKey() + "\n");
    String before = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    try {
      URI bucket = URI.create("s3a://" + BUCKET + "/");
      FileSystem fs = FileSystem.get(bucket, hadoop(s3));
      fs.mkdirs(new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/raw/interactions"));
      assertThat(fs.exists(new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/raw/interactions"))).isTrue();
      fs.close();
    } finally {
      System.setProperty("user.home", before);
    }
  }

  @Test
  void anEndpointThatDoesNotAnswerStopsTheRunWithOneSentenceNamingIt() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + closed;
    S3Settings s3 = s3("outsidein.s3.endpoint=\"" + endpoint + "\"", "outsidein.s3.path-style-access=true",
        "outsidein.s3.ssl-enabled=false", "outsidein.s3.connection-timeout=1s", "outsidein.s3.attempts=1");
    Configuration conf = hadoop(s3);
    // Keys of their own, so the provider chain never asks an instance role service that is not there.
    conf.set("fs.s3a.access.key", "unused");
    conf.set("fs.s3a.secret.key", "unused");
    StorageProbe probe = new StorageProbe(conf, s3);

    probe.reach("data/warehouse"); // local: nothing to reach
    assertThatThrownBy(() -> probe.reach("s3a://outsidein/warehouse"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Cannot reach s3a://outsidein/warehouse through " + endpoint
            + " (path-style, plain HTTP): ")
        .hasMessageContaining("outsidein.s3.endpoint")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
