package io.outsidein.jobs.generate;

import io.outsidein.common.schema.Source;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The monthly engagement pulse: several anonymous answers (q01..q12, 1-5) per unit and month, scattered
 * around the unit's latent engagement. Month m is delivered on the first day of month m+1 when that day is in
 * the range; the history-months before {@code from} arrive together in the first dt folder, so the lag to
 * next month's NPS is measurable from the first month of the range.
 */
final class EngagementGenerator implements Serializable {
  private final GeneratorSettings settings;
  private final List<String> units;
  private final List<YearMonth> months;
  private final EngagementLevels levels;

  EngagementGenerator(GeneratorSettings settings, World world) {
    this.settings = settings;
    this.units = world.units();
    this.months = deliveredMonths(settings);
    this.levels = new EngagementLevels(settings.seed());
  }

  /** Months whose pulse is delivered within the range, oldest first. */
  static List<YearMonth> deliveredMonths(GeneratorSettings settings) {
    List<YearMonth> months = new ArrayList<>();
    YearMonth first = YearMonth.from(settings.from()).minusMonths(settings.engagement().historyMonths());
    for (YearMonth month = first; !delivery(month, settings).isAfter(settings.to()); month = month.plusMonths(1)) {
      months.add(month);
    }
    return months;
  }

  /** The dt folder of a month: the first of the next month, or the first dt for history. */
  static LocalDate delivery(YearMonth month, GeneratorSettings settings) {
    LocalDate next = month.plusMonths(1).atDay(1);
    return next.isBefore(settings.from()) ? settings.from() : next;
  }

  /** Entities: one per unit and month. */
  long entities() {
    return (long) units.size() * months.size();
  }

  List<Row> pulses(long entity) {
    String unit = units.get((int) (entity % units.size()));
    YearMonth month = months.get((int) (entity / units.size()));
    Draw draw = Draw.of(settings.seed(), Draw.Stream.PULSE, entity);
    RecordSink sink = new RecordSink(settings, Draw.of(settings.seed(), Draw.Stream.DELIVERY, -1 - entity),
        Draw.of(settings.seed(), Draw.Stream.FAULT, -1 - entity));
    double mean = levels.mean(unit, month);
    int responses = Math.max(3, settings.engagement().responsesPerUnitMonth() + draw.between(-2, 2));
    for (int r = 1; r <= responses; r++) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("response_id", "G-" + unit + "-" + Times.MONTH.format(month).replace("-", "") + "-"
          + Times.pad(r, 2));
      fields.put("unit_id", unit);
      fields.put("period", Times.MONTH.format(month));
      for (int q = 1; q <= 12; q++) {
        fields.put(Source.questionName(q), EngagementLevels.answer(mean, q, draw));
      }
      sink.deliver(SourceFormat.ENGAGEMENT, month.atDay(1), delivery(month, settings), fields);
    }
    return sink.rows();
  }
}
