package io.outsidein.jobs.cli;

import static org.apache.spark.sql.functions.col;

import io.outsidein.common.config.FeedSettings;
import io.outsidein.common.config.IngestSettings;
import io.outsidein.common.io.RawFileLister;
import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.runlog.RunLogEntry;
import io.outsidein.common.runlog.RunStatus;
import io.outsidein.common.schema.Source;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.tables.OpsTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deletes raw deliveries older than the retention, one delivery date at a time and only once every source that
 * delivered on it has been ingested successfully: raw holds plain personal data, and once silver holds its
 * pseudonyms the raw copy is only needed to ingest again, within the retention.
 */
final class RawRetention {
  private final Environment environment;

  RawRetention(Environment environment) {
    this.environment = environment;
  }

  /** One run-log row per (source, feed) whose deliveries were deleted or kept back. */
  List<RunLogEntry> apply(RunContext run, LocalDate cutoff) {
    Instant started = Instant.now();
    RawFileLister lister = new RawFileLister(environment.spark().sparkContext().hadoopConfiguration(),
        SparkSessionFactory.uri(environment.settings().storage().raw()));
    List<RunLogEntry> entries = new ArrayList<>();
    if (!lister.rootExists()) {
      return entries;
    }
    IngestSettings ingest = (IngestSettings) environment.stage("ingest").settings();
    // Every feed's old delivery dates, listed once, and the sources that delivered on each date.
    List<OldDeliveries> old = new ArrayList<>();
    Map<LocalDate, List<Source>> deliveredBy = new TreeMap<>();
    for (Source source : Source.values()) {
      for (FeedSettings feed : ingest.source(source).feeds()) {
        List<LocalDate> dates = lister.deliveryDates(feed.path()).stream().filter(d -> d.isBefore(cutoff)).toList();
        old.add(new OldDeliveries(source, feed, dates));
        dates.forEach(d -> deliveredBy.computeIfAbsent(d, k -> new ArrayList<>()).add(source));
      }
    }
    if (deliveredBy.isEmpty()) {
      return entries;
    }
    // Judged once per date, before anything is deleted.
    List<Ingested> ingested = ingestedRuns();
    Set<LocalDate> deletable = new HashSet<>();
    deliveredBy.forEach((date, sources) -> {
      if (sources.stream().allMatch(s -> ingestedAfterDelivery(lister, ingest, ingested, s, date))) {
        deletable.add(date);
      }
    });
    for (OldDeliveries entry : old) {
      FeedSettings feed = entry.feed();
      Source source = entry.source();
      int deleted = 0;
      int files = 0;
      List<LocalDate> kept = new ArrayList<>();
      for (LocalDate date : entry.dates()) {
        if (deletable.contains(date)) {
          files += lister.deleteDelivery(feed.path(), date);
          deleted++;
        } else {
          kept.add(date);
        }
      }
      if (deleted + kept.size() == 0) {
        continue;
      }
      String message = String.format(Locale.ROOT, "raw %s (feed %s): %d deliveries older than %s deleted (%d "
              + "files)%s", source.id(), feed.name(), deleted, cutoff, files,
          kept.isEmpty() ? "" : "; " + kept.size() + " kept, not every source of their date ingested since its "
              + "files arrived: " + kept);
      entries.add(RunLogEntry.builder(run, MaintainCommand.NAME, "raw:" + source.id() + ":" + feed.name(), started)
          .rows(files, 0, 0, 0).message(message).endedAt(Instant.now()).build());
    }
    return entries;
  }

  /**
   * Whether a successful ingest of the source covered the date after every file of it had arrived: a file that
   * landed in an old folder after its ingest (a redelivery) is not deleted unread.
   */
  private static boolean ingestedAfterDelivery(RawFileLister lister, IngestSettings ingest, List<Ingested> ingested,
      Source source, LocalDate date) {
    Instant arrived = Instant.MIN;
    for (FeedSettings feed : ingest.source(source).feeds()) {
      Instant modified = lister.lastModified(feed.path(), date).orElse(Instant.MIN);
      arrived = modified.isAfter(arrived) ? modified : arrived;
    }
    Instant last = arrived;
    return ingested.stream().anyMatch(i -> i.covers(source, date) && i.endedAt().isAfter(last));
  }

  /** The run log's successful ingest rows: each source's delivery dates from..to (a small table). */
  private List<Ingested> ingestedRuns() {
    var runLog = OpsTables.runLog(environment.settings().catalog()).name();
    if (!environment.spark().catalog().tableExists(runLog.database(), runLog.table())) {
      return List.of();
    }
    return environment.spark().table(runLog.sql())
        .where(col("stage").equalTo("ingest").and(col("status").equalTo(RunStatus.SUCCEEDED.code())))
        .select("source", "run_from", "run_date", "ended_at").collectAsList().stream()
        .map(r -> new Ingested(r.getString(0), r.getDate(1).toLocalDate(), r.getDate(2).toLocalDate(),
            r.getTimestamp(3).toInstant())).toList();
  }

  /** A feed's delivery dates older than the cutoff. */
  private record OldDeliveries(Source source, FeedSettings feed, List<LocalDate> dates) {}

  /** A successful ingest of a source over delivery dates from..to, ended at a time. */
  private record Ingested(String source, LocalDate from, LocalDate to, Instant endedAt) {
    boolean covers(Source s, LocalDate date) {
      return source.equals(s.id()) && !date.isBefore(from) && !date.isAfter(to);
    }
  }
}
