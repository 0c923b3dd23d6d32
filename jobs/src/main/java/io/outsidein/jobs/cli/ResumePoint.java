package io.outsidein.jobs.cli;

import io.outsidein.common.io.TableName;
import io.outsidein.common.runlog.RunStatus;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where a night over some dates stopped: the latest earlier run over exactly those dates, when it did not finish
 * the night (a stage failed, the quality gate stopped it, or it was killed), and the stages it finished. A rerun
 * of the night skips those stages, saying so, unless {@code --force}; the later stages get the dates the finished
 * ones changed from the run log, as any rerun does.
 */
record ResumePoint(String runId, Set<String> finished) {
  static Optional<ResumePoint> of(SparkSession spark, TableName runLog, LocalDate from, LocalDate to,
      String thisRun) {
    List<Row> rows = spark.sql("SELECT run_id, stage, status, started_at FROM " + runLog.sql() + " WHERE run_from = "
        + "DATE'" + from + "' AND run_date = DATE'" + to + "' AND run_id <> '" + thisRun.replace("'", "") + "'")
        .collectAsList();
    Optional<String> latest = rows.stream().max(java.util.Comparator.comparing(r -> r.getTimestamp(3)))
        .map(r -> r.getString(0));
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Boolean> succeeded = new HashMap<>();
    Set<String> stages = new LinkedHashSet<>();
    for (Row row : rows) {
      if (!row.getString(0).equals(latest.get())) {
        continue;
      }
      stages.add(row.getString(1));
      boolean ok = RunStatus.SUCCEEDED.code().equals(row.getString(2));
      succeeded.merge(row.getString(1), ok, Boolean::logicalAnd);
    }
    if (succeeded.getOrDefault(StageRunner.NIGHTLY, false)) {
      return Optional.empty(); // it finished: a rerun runs the night again
    }
    Set<String> finished = new LinkedHashSet<>();
    stages.stream().filter(s -> !s.equals(StageRunner.NIGHTLY) && succeeded.get(s)).forEach(finished::add);
    return Optional.of(new ResumePoint(latest.get(), Set.copyOf(finished)));
  }
}
