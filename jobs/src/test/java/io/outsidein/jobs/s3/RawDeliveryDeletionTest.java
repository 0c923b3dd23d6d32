package io.outsidein.jobs.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.io.RawFileLister;
import io.outsidein.common.testing.S3ProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * The raw retention's file work on a bucket of a real S3 server on loopback (s3a has no folders: a "dt="
 * folder is a prefix): delivery dates listed from the prefixes, one date's delivery deleted, the others kept.
 * {@code RawRetentionTest} covers the rule (ingested first) on local disk.
 */
class RawDeliveryDeletionTest {
  private static final String BUCKET = "outsidein-retention";

  @Test
  void listsAndDeletesOneDeliveryOfAFeedOnS3a() throws IOException {
    S3ProxyServer s3 = S3ProxyServer.shared();
    s3.createBucket(BUCKET);
    Configuration conf = new Configuration();
    s3.configure(conf);
    String root = "s3a://" + BUCKET + "/raw";
    FileSystem fs = FileSystem.get(URI.create(root + "/"), conf);
    LocalDate first = LocalDate.of(2026, 1, 1);
    for (int d = 0; d < 3; d++) {
      for (String name : List.of("part-1.jsonl", "part-2.jsonl")) {
        try (OutputStream out = fs.create(new Path(root + "/interactions/dt=" + first.plusDays(d) + "/" + name))) {
          out.write("{\"event_id\": \"e\"}\n".getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    RawFileLister lister = new RawFileLister(conf, root);

    List<LocalDate> dates = lister.deliveryDates("interactions");
    int deleted = lister.deleteDelivery("interactions", first.plusDays(1));

    assertThat(dates).containsExactly(first, first.plusDays(1), first.plusDays(2));
    assertThat(deleted).isEqualTo(2);
    assertThat(lister.deliveryDates("interactions")).containsExactly(first, first.plusDays(2));
    assertThat(lister.list("interactions", first, first.plusDays(2))).hasSize(4);
    assertThat(lister.deleteDelivery("interactions", first.plusDays(1))).isZero();
    assertThat(lister.deliveryDates("nothing-here")).isEmpty();
  }
}
