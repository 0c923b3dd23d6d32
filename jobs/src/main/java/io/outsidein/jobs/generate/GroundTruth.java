package io.outsidein.jobs.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a generator run planted, written to {@code <rawRoot>/ground_truth.json}: the run (seed, range,
 * sizes), the layout conventions (id formats, store ids encode their region, units), the planted effects
 * with their exact sizes and the controls that were not planted, and per source the exact fault counts
 * ingest must reproduce.
 */
public record GroundTruth(
    Map<String, Object> run,
    Map<String, Object> layout,
    Map<String, Object> planted,
    Map<String, FaultCounts> faults) {

  public GroundTruth {
    run = Collections.unmodifiableMap(new LinkedHashMap<>(run));
    layout = Collections.unmodifiableMap(new LinkedHashMap<>(layout));
    planted = Collections.unmodifiableMap(new LinkedHashMap<>(planted));
    faults = Collections.unmodifiableMap(new TreeMap<>(faults));
  }

  /** The fault counts of one source, e.g. {@code faults("surveys")}. */
  public FaultCounts faults(String source) {
    FaultCounts counts = faults.get(source);
    if (counts == null) {
      throw new IllegalArgumentException("No fault counts for source " + source + "; known: " + faults.keySet());
    }
    return counts;
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the ground truth as JSON", e);
    }
  }
}
