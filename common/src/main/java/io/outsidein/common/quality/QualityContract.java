package io.outsidein.common.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.outsidein.common.schema.Source;
import io.outsidein.common.schema.SurveyScale;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * The value rules of the data contract that do not change per environment: which fields are enumerations
 * (their known values are configuration), the allowed ranges, and which sources are event streams whose
 * timestamps are checked for lateness and skew. Range conditions are true when a typed value breaks them.
 */
public final class QualityContract {
  private QualityContract() {}

  /** Field -> the configured enumeration it must belong to. */
  public static Map<String, String> enumerations(Source source) {
    switch (source) {
      case INTERACTIONS:
        return Map.of("channel", "channel", "event_type", "event_type");
      case SURVEYS:
        return Map.of("survey_type", "survey_type");
      case CUSTOMERS:
        return Map.of("segment", "segment", "acquisition_channel", "acquisition_channel");
      case CONTEXT_EVENTS:
        return Map.of("event_type", "context_event_type");
      default:
        return Map.of();
    }
  }

  /** Field -> condition that is true when its typed value is out of range (null-safe: null is not out). */
  public static Map<String, Column> rangeViolations(Source source) {
    Map<String, Column> rules = new LinkedHashMap<>();
    switch (source) {
      case SURVEYS:
        // NPS and relationship 0-10, CSAT 1-5, CES 1-7.
        StringBuilder score = new StringBuilder("CASE survey_type");
        for (SurveyScale scale : SurveyScale.values()) {
          score.append(" WHEN '").append(scale.type()).append("' THEN score NOT BETWEEN ").append(scale.min())
              .append(" AND ").append(scale.max());
        }
        rules.put("score", expr(score.append(" ELSE false END").toString()));
        rules.put("attributes", expr("attributes IS NOT NULL AND exists(map_values(attributes), v -> v IS NULL OR v < 1 OR v > 5)"));
        break;
      case ENGAGEMENT:
        for (int q = 1; q <= 12; q++) {
          String name = Source.questionName(q);
          rules.put(name, col(name).lt(1).or(col(name).gt(5)));
        }
        break;
      case INTERACTIONS:
        // A refund carries its value as a positive amount, like a purchase; a negative one is an error.
        rules.put("amount", col("amount").lt(0));
        break;
      case ORDER_LINES:
        rules.put("quantity", col("quantity").lt(0));
        rules.put("unit_price", col("unit_price").lt(0));
        break;
      case CONTEXT_EVENTS:
        rules.put("end_date", col("end_date").lt(col("start_date")));
        break;
      default:
        break;
    }
    return rules;
  }

  /**
   * Event streams are checked against their delivery day (future, beyond lookback). Engagement pulses arrive
   * a month late by design and context events are announced ahead, so neither is.
   */
  public static boolean hasLatenessRules(Source source) {
    return source == Source.INTERACTIONS || source == Source.ORDER_LINES || source == Source.SURVEYS;
  }
}
