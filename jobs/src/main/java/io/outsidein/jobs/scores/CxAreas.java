package io.outsidein.jobs.scores;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/** The company's CX areas: the first matching rule names a touchpoint's area, else {@value #UNMAPPED}. */
record CxAreas(List<CxAreaRule> rules) {
  static final String UNMAPPED = "unmapped";

  CxAreas {
    rules = List.copyOf(rules);
  }

  /** The area of each row, never null. */
  Column area(Column channel, Column eventType, Column department, Column surveyType) {
    Column area = null;
    for (CxAreaRule rule : rules) {
      Column matches = rule.matches(channel, eventType, department, surveyType);
      area = area == null ? when(matches, lit(rule.area())) : area.when(matches, lit(rule.area()));
    }
    return area == null ? lit(UNMAPPED) : coalesce(area, lit(UNMAPPED));
  }
}
