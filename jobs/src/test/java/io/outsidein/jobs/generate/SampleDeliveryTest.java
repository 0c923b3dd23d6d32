package io.outsidein.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import io.outsidein.common.config.ConfigLoader;
import io.outsidein.common.config.IngestSettings;
import io.outsidein.common.config.OutsideinSettings;
import io.outsidein.common.schema.Source;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sample mapping is the generated data's alone: the demo and conf/sample.conf have it, conf/local.conf not. */
class SampleDeliveryTest {
  private static final Path CONF = Path.of("..", "conf");

  private static IngestSettings ingest(Optional<Path> file, List<String> overrides) {
    Config config = new ConfigLoader().load(file, overrides);
    return IngestSettings.read(OutsideinSettings.root(config).section("ingest"));
  }

  @Test
  void localConfMapsNothingAndSampleConfMapsTheSampleOrderLines() {
    assertThat(ingest(Optional.of(CONF.resolve("local.conf")), List.of()).source(Source.ORDER_LINES).feed().columns())
        .isEmpty();
    assertThat(ingest(Optional.of(CONF.resolve("s3.conf")), List.of()).source(Source.ORDER_LINES).feed().columns())
        .isEmpty();

    IngestSettings sample = ingest(Optional.of(CONF.resolve("sample.conf")), List.of());
    assertThat(sample.source(Source.ORDER_LINES).feed().columns())
        .containsEntry("order_time", "order_ts").containsEntry("quantity", "qty").containsEntry("unit_price", "price");
    assertThat(sample.source(Source.ORDER_LINES).feed().timeZone().getId()).isEqualTo("America/New_York");
    // The demo's overrides say the same as the file.
    assertThat(ingest(Optional.empty(), SampleDelivery.overrides()).source(Source.ORDER_LINES))
        .isEqualTo(sample.source(Source.ORDER_LINES));
  }
}
