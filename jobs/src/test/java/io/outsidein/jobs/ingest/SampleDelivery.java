package io.outsidein.jobs.ingest;

import java.util.List;

/** How the sample data (and the hand-made fixtures) deliver order lines: conf/sample-delivery.conf as --set. */
public final class SampleDelivery {
  private SampleDelivery() {}

  public static List<String> orderLineMapping() {
    return List.of(
        "outsidein.ingest.sources.order_lines.time-zone=America/New_York",
        "outsidein.ingest.sources.order_lines.columns.order_time=order_ts",
        "outsidein.ingest.sources.order_lines.columns.quantity=qty",
        "outsidein.ingest.sources.order_lines.columns.unit_price=price");
  }
}
