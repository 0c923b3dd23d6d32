package io.outsidein.jobs.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ingest must find in one source over the generated range: raw records delivered (lines or rows; a
 * truncated or bad-header file counts as one), how many it must quarantine per reason code, how many are
 * duplicates of a natural key delivered before, and so how many it writes.
 */
@JsonPropertyOrder({"records", "quarantined", "duplicates", "written"})
public record FaultCounts(long records, Map<String, Long> quarantined, long duplicates) {
  public FaultCounts {
    // Sorted by reason, for a stable ground_truth.json.
    quarantined = Collections.unmodifiableMap(new TreeMap<>(quarantined));
  }

  /** Records that reach silver: read = written + quarantined + duplicates. */
  @JsonProperty("written")
  public long written() {
    return records - quarantinedTotal() - duplicates;
  }

  public long quarantinedTotal() {
    return quarantined.values().stream().mapToLong(Long::longValue).sum();
  }

  /** A file rejected whole, counted as the {@code fileRecords} it holds (see FileRejection). */
  FaultCounts plusFile(String reason, long fileRecords) {
    Map<String, Long> more = new TreeMap<>(quarantined);
    more.merge(reason, fileRecords, Long::sum);
    return new FaultCounts(records + fileRecords, more, duplicates);
  }
}
