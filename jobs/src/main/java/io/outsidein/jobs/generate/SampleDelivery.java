package io.outsidein.jobs.generate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import java.util.List;
import java.util.Map;

/**
 * How the generated sample data is delivered where it differs from the canonical contract (the order lines'
 * column names and zone), from {@code outsidein/sample-delivery.conf} on the class path. It belongs to runs
 * over generated data alone: the demo adds it to its own settings, so that no user file that includes
 * {@code conf/local.conf} renames columns it never delivered.
 */
public final class SampleDelivery {
  private static final String RESOURCE = "outsidein/sample-delivery.conf";

  private SampleDelivery() {}

  /** The mapping as {@code key=value} overrides, in the form {@code --set} takes. */
  public static List<String> overrides() {
    Config mapping = ConfigFactory.parseResources(SampleDelivery.class.getClassLoader(), RESOURCE,
        ConfigParseOptions.defaults().setAllowMissing(false));
    return mapping.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue().render(ConfigRenderOptions.concise()))
        .toList();
  }
}
