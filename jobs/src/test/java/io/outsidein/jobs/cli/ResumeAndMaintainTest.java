package io.outsidein.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.runlog.RunContext;
import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.TinyWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The operations a scheduler needs, through the command line on the tiny world: a night refused while another
 * run holds its dates, a night resumed after a stage failed (the finished stage skipped, said in the run log),
 * and maintain compacting and vacuuming every table, each logged.
 */
class ResumeAndMaintainTest {
  private static final String RUN_LOG = "ops_resume.run_log";

  private static String[] args(List<String> command, List<String> extra) {
    List<String> args = new ArrayList<>(command);
    for (String setting : TinyWorld.generated().settings("resume", extra)) {
      args.add("--set");
      args.add(setting);
    }
    return args.toArray(new String[0]);
  }

  /** In this JVM, like the other end-to-end tests: what a run did is read from its run log, not its output. */
  private static int execute(String... args) {
    return Main.execute(args);
  }

  @Test
  void aNightIsRefusedWhileLockedResumesAfterAFailureAndMaintainIsLogged() {
    String date = TinyWorld.FROM.toString();
    String warehouse = TestSpark.root().resolve("tiny-resume").toUri().toString().replaceAll("/+$", "");
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);

    // Another run holds the date: refused before anything is written.
    try (RunLock held = RunLock.acquire(new Configuration(), warehouse, RunContext.start(TinyWorld.FROM,
        TinyWorld.FROM), "ingest --date " + date, java.time.Duration.ofMinutes(10), out)) {
      assertThat(execute(args(List.of("nightly", "--date", date), List.of()))).isEqualTo(ExitCodes.STAGE_FAILED);
    }
    assertThat(TestSpark.session().catalog().tableExists("ops_resume", "run_log")
        && TestSpark.session().table(RUN_LOG).count() > 0).as("the refused night wrote nothing").isFalse();

    // The night fails at its second stage: journeys finds its ownership table living outside the warehouse.
    TestSpark.session().sql("CREATE DATABASE IF NOT EXISTS gold_resume LOCATION '" + warehouse + "/gold_resume.db'");
    TestSpark.session().sql("CREATE TABLE gold_resume.ownership (ownership_date DATE) USING delta LOCATION '"
        + TestSpark.newFolder("elsewhere").toUri() + "'");
    assertThat(execute(args(List.of("nightly", "--date", date), List.of()))).isNotEqualTo(ExitCodes.SUCCESS);
    TestSpark.session().sql("DROP TABLE gold_resume.ownership");
    // Run again: ingest, which finished, is skipped and says so; the other stages run.
    String failedRun = TestSpark.session().sql("SELECT max(run_id) FROM " + RUN_LOG).first().getString(0);
    assertThat(execute(args(List.of("nightly", "--date", date), List.of()))).isEqualTo(ExitCodes.SUCCESS);
    Row resumedRun = TestSpark.session().sql("SELECT max(run_id), count_if(stage = 'publish' AND source <> '') FROM "
        + RUN_LOG + " WHERE run_id > '" + failedRun + "'").first();
    assertThat(resumedRun.getLong(1)).as("publish ran and wrote its tables").isGreaterThanOrEqualTo(10);
    List<Row> skipped = TestSpark.session().sql("SELECT stage FROM " + RUN_LOG + " WHERE run_id = '"
        + resumedRun.getString(0) + "' AND message LIKE 'finished for deliveries " + date + ".." + date + " by run "
        + failedRun + ", which stopped before the night%s end: skipped (--force runs it again)'").collectAsList();
    assertThat(skipped).extracting(r -> r.getString(0)).containsExactly("ingest");
    assertThat(TestSpark.session().table("gold_resume.dash_freshness").count()).isPositive();

    // Maintain: every table optimized and vacuumed, one run-log row each.
    // A second small file in the dashboard's table: something to compact, and then files to vacuum.
    TestSpark.session().sql("INSERT INTO gold_resume.dash_freshness SELECT * FROM gold_resume.dash_freshness");
    // Three tables of the night (every table takes minutes in a test JVM): the dashboard's, rewritten by both nights,
    // a silver and a gold one written once.
    assertThat(execute(args(List.of("maintain", "--table", "gold_resume.dash_freshness", "--table",
        "silver_resume.interactions", "--table", "gold_resume.journeys"), List.of(
            "outsidein.maintain.vacuum-retention=0h")))).isEqualTo(ExitCodes.SUCCESS);
    Row maintained = TestSpark.session().sql("SELECT count(1), sum(rows_read), count_if(message LIKE '%VACUUM "
        + "deleted%') FROM " + RUN_LOG + " WHERE stage = 'maintain'").first();
    assertThat(maintained.getLong(0)).isEqualTo(3);
    Row dash = TestSpark.session().sql("SELECT rows_read, rows_written, message FROM " + RUN_LOG + " WHERE stage = "
        + "'maintain' AND source = 'gold_resume.dash_freshness'").first();
    assertThat(dash.getLong(0)).as("files compacted").isGreaterThanOrEqualTo(2);
    assertThat(dash.getLong(1)).isEqualTo(1);
    java.util.regex.Matcher deleted = java.util.regex.Pattern.compile("VACUUM deleted ([0-9,]+) files")
        .matcher(dash.getString(2));
    assertThat(deleted.find()).as(dash.getString(2)).isTrue();
    assertThat(Long.parseLong(deleted.group(1).replace(",", ""))).as(dash.getString(2)).isGreaterThanOrEqualTo(2);
    assertThat(maintained.getLong(2)).isEqualTo(maintained.getLong(0));
    assertThat(TestSpark.session().table("gold_resume.dash_freshness").count()).as("still readable").isPositive();
  }
}
