package io.outsidein.common.runlog;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The identity of one run: its id, the delivery dates it covers and when it started. Made once at the edge;
 * stages read the start time from here rather than the clock, so that what they write is reproducible.
 */
public record RunContext(String runId, LocalDate from, LocalDate to, Instant startedAt) {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public RunContext {
    requireNonNull(runId, "runId is null");
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    requireNonNull(startedAt, "startedAt is null");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("Run range ends (" + to + ") before it starts (" + from + ")");
    }
  }

  /** A new run starting now, with an id such as {@code 20261124T013005Z-3f9a1c}. */
  public static RunContext start(LocalDate from, LocalDate to) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String suffix = Integer.toHexString(new SecureRandom().nextInt(1 << 24) | (1 << 24)).substring(1);
    return new RunContext(ID_TIME.format(now) + "-" + suffix, from, to, now);
  }

  public boolean isRange() {
    return !from.equals(to);
  }
}
