package io.outsidein.common.config;

import io.outsidein.common.schema.Field;
import io.outsidein.common.schema.Source;
import java.util.List;

/**
 * How one source is delivered and judged: its feeds, its data-quality gate, and (for order lines) whether
 * returns and guest purchases are kept as business or quarantined.
 *
 * @param feeds one or more feeds, in name order (HOCON keeps no order)
 * @param maxQuarantineShare the gate for this source, already resolved against the global one
 * @param keepReturns order lines: a negative quantity is a return (line_kind {@code return}), not out of range
 * @param keepGuests order lines: a line without a customer id is a guest purchase, not a missing field
 */
public record SourceSettings(List<FeedSettings> feeds, double maxQuarantineShare, boolean keepReturns,
    boolean keepGuests) {
  public SourceSettings {
    if (feeds.isEmpty()) {
      throw new IllegalArgumentException("A source has at least one feed");
    }
    feeds = List.copyOf(feeds);
  }

  /**
   * The fields a record of {@code source} must carry: the contract's required fields, but a guest purchase's
   * customer where guest purchases are kept.
   */
  public List<String> requiredFields(Source source) {
    return source.fields().stream().filter(Field::required)
        .filter(f -> !(source == Source.ORDER_LINES && keepGuests && f.name().equals("customer_id")))
        .map(Field::name)
        .toList();
  }

  /** The first feed: the only one unless several are configured. */
  public FeedSettings feed() {
    return feeds.get(0);
  }
}
