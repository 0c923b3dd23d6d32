package io.outsidein.common.config;

import static org.apache.spark.sql.functions.lit;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;

/**
 * One rule of {@code outsidein.scores.cx-areas}: the area of a touchpoint whose channel, event type, department
 * and survey type are each in the rule's list for it (a list the rule does not name matches anything).
 */
public record CxAreaRule(String area, List<String> channels, List<String> eventTypes, List<String> departments,
    List<String> surveyTypes) {
  private static final Set<String> KEYS = Set.of("area", "channels", "event-types", "departments", "survey-types");

  public CxAreaRule {
    channels = List.copyOf(channels);
    eventTypes = List.copyOf(eventTypes);
    departments = List.copyOf(departments);
    surveyTypes = List.copyOf(surveyTypes);
  }

  public static CxAreaRule read(ConfigReader rule) {
    rule.requireOnly(KEYS);
    String area = rule.nonEmptyString("area").trim();
    if (area.equals(CxAreas.UNMAPPED)) {
      throw rule.invalid("area", "must not be `" + CxAreas.UNMAPPED + "`: that area holds what no rule matches");
    }
    CxAreaRule read = new CxAreaRule(area, list(rule, "channels"), list(rule, "event-types"),
        list(rule, "departments"), list(rule, "survey-types"));
    if (read.channels.isEmpty() && read.eventTypes.isEmpty() && read.departments.isEmpty()
        && read.surveyTypes.isEmpty()) {
      throw rule.invalid("area", "a rule needs at least one non-empty list of channels, event-types, departments "
          + "or survey-types (else it would take every touchpoint)");
    }
    return read;
  }

  private static List<String> list(ConfigReader rule, String key) {
    return rule.has(key) ? rule.stringList(key) : List.of();
  }

  /** True where the touchpoint matches every list the rule names. */
  public Column matches(Column channel, Column eventType, Column department, Column surveyType) {
    return in(channel, channels).and(in(eventType, eventTypes)).and(in(department, departments))
        .and(in(surveyType, surveyTypes));
  }

  private static Column in(Column value, List<String> allowed) {
    // A null value is in no list: an answer without a department does not match a department rule.
    return allowed.isEmpty() ? lit(true) : value.isin(allowed.toArray()).and(value.isNotNull());
  }
}
