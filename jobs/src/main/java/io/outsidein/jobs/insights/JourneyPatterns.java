package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.spark.NewColumns;
import io.outsidein.common.stats.CoOccurrence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.fpm.PrefixSpan;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Step sequences over-represented before a bad outcome, with MLlib's PrefixSpan run once per journey kind over
 * the journeys that ended badly and those that ended well together. Each journey's sequence of event types ends
 * with a marker of its outcome, so one run counts both what is needed: a pattern P is in {@code freq(P)} journeys,
 * and P followed by the bad marker in {@code freq(P, bad)} of the bad ones (the marker is always last, so every
 * occurrence of P comes before it); the good count is the difference. Both counts are exact. The lift of ending
 * badly given P, its interval and Fisher's test come from {@link CoOccurrence}, as for a basket rule.
 */
final class JourneyPatterns {
  /** The outcome markers: control characters, so that no event type can be mistaken for one. */
  private static final String BAD_MARKER = "\u0001" + RatedJourneys.BAD;
  private static final String GOOD_MARKER = "\u0001" + RatedJourneys.GOOD;

  private final JourneyPatternSettings settings;
  private final CoOccurrence cooccurrence;

  JourneyPatterns(JourneyPatternSettings settings, double confidence) {
    this.settings = settings;
    this.cooccurrence = new CoOccurrence(confidence);
  }

  /** What a run mined: the patterns (columns of gold.journey_patterns but run_date, q_value, significant). */
  record Mined(Optional<Dataset<Row>> patterns, List<String> notes) {}

  /**
   * @param journeys one row per journey: {@code journey_kind}, {@code outcome} ({@link RatedJourneys#BAD},
   *     {@link RatedJourneys#GOOD} or null for neither) and {@code tokens}, its steps before the outcome
   * @param outcome what the bad outcome is, one of {@link JourneyPatternSettings#OUTCOMES}
   */
  Mined mine(Dataset<Row> journeys, String outcome) {
    List<Dataset<Row>> perKind = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Dataset<Row> rows = journeys.where(col("outcome").isNotNull()
            .and(col("journey_kind").isin(settings.kinds().toArray())))
        .select(col("journey_kind"), col("outcome"), col("tokens"))
        // Read by the counts and by each kind's PrefixSpan: computed once.
        .localCheckpoint();
    // Every kind's counts in one job: on a small night each job is most of the cost.
    Map<String, long[]> counts = new HashMap<>();
    rows.groupBy(col("journey_kind")).agg(count_if(col("outcome").equalTo(RatedJourneys.BAD)),
        count_if(col("outcome").equalTo(RatedJourneys.GOOD))).collectAsList()
        .forEach(r -> counts.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)}));
    for (String kind : settings.kinds()) {
      Dataset<Row> sequences = rows.where(col("journey_kind").equalTo(kind));
      long bad = counts.getOrDefault(kind, new long[2])[0];
      long good = counts.getOrDefault(kind, new long[2])[1];
      long minCount = settings.minCount(bad);
      if (bad < minCount || good == 0) {
        notes.add(String.format(Locale.ROOT, "%s journeys not mined before a %s: %,d with one (a pattern needs "
            + "%,d), %,d without", kind, outcome, bad, minCount, good));
        continue;
      }
      perKind.add(mineKind(kind, outcome, sequences, bad, good, minCount));
      notes.add(String.format(Locale.ROOT, "%s journeys before a %s: %,d with one, %,d without; patterns in at least "
          + "%,d of the former", kind, outcome, bad, good, minCount));
    }
    return new Mined(perKind.stream().reduce(Dataset::unionByName), List.copyOf(notes));
  }

  private Dataset<Row> mineKind(String kind, String outcome, Dataset<Row> rows, long bad, long good,
      long minCount) {
    Dataset<Row> sequences = rows.select(concat(transform(col("tokens"), t -> array(t)),
        array(array(when(col("outcome").equalTo(RatedJourneys.BAD), lit(BAD_MARKER)).otherwise(lit(GOOD_MARKER)))))
        .as("sequence"));
    long journeys = bad + good;
    // PrefixSpan keeps a pattern in at least ceil(minSupport x journeys) sequences: half a journey below the
    // count keeps the ceiling at exactly minCount whatever the rounding of the share.
    Dataset<Row> found = new PrefixSpan().setSequenceCol("sequence")
        .setMinSupport((minCount - 0.5) / journeys)
        .setMaxPatternLength(settings.maxLength() + 1)
        .findFrequentSequentialPatterns(sequences)
        .select(transform(col("sequence"), itemset -> element_at(itemset, 1)).as("steps"), col("freq"))
        .localCheckpoint();
    long patterns = found.count();
    if (patterns > settings.maxPatterns()) {
      throw new IllegalStateException(String.format(Locale.ROOT, "%,d frequent step sequences in %,d %s journeys "
          + "(before a %s) at a minimum of %,d journeys each, more than "
          + "outsidein.insights.journey-patterns.max-patterns (%,d): raise min-count or min-support, lower "
          + "max-length, or raise max-patterns if the memory allows",
          patterns, journeys, kind, outcome, minCount, settings.maxPatterns()));
    }
    Column last = element_at(col("steps"), -1);
    Dataset<Row> beforeBad = found.where(last.equalTo(BAD_MARKER).and(size(col("steps")).gt(1)))
        .select(slice(col("steps"), lit(1), size(col("steps")).minus(1)).as("pattern"), col("freq").as("bad_count"));
    Dataset<Row> anywhere = found.where(last.notEqual(BAD_MARKER).and(last.notEqual(GOOD_MARKER)))
        .select(col("steps").as("pattern"), col("freq").as("with_pattern"));
    Column badCount = col("bad_count");
    Column withPattern = col("with_pattern");
    Column badJourneys = lit(bad);
    Column all = lit(journeys);
    Dataset<Row> measured = NewColumns
        .of("journey_kind", lit(kind))
        .and("length", size(col("pattern")))
        .and("outcome", lit(outcome))
        .and("bad_journeys", badJourneys)
        .and("bad_support", badCount.divide(badJourneys))
        .and("good_count", withPattern.minus(badCount))
        .and("good_journeys", lit(good))
        .and("good_support", withPattern.minus(badCount).divide(lit(good)))
        .and("bad_rate", badCount.divide(withPattern))
        .and("lift", CoOccurrence.lift(badCount, withPattern, badJourneys, all))
        .and("ci_low", cooccurrence.liftLower(badCount, withPattern, badJourneys, all))
        .and("ci_high", cooccurrence.liftUpper(badCount, withPattern, badJourneys, all))
        .and("p_value", CoOccurrence.independenceP(badCount, withPattern, badJourneys, all))
        .on(beforeBad.join(anywhere, "pattern"));
    return measured.drop("with_pattern");
  }
}
