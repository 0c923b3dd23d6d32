package io.outsidein.common.config;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The company's CX areas ({@code outsidein.scores.cx-areas}, read by the scores and the insights stages): the first
 * matching rule names a touchpoint's area, else {@value #UNMAPPED}.
 */
public record CxAreas(List<CxAreaRule> rules) {
  public static final String UNMAPPED = "unmapped";

  public CxAreas {
    rules = List.copyOf(rules);
  }

  /** The rules of a {@code cx-areas} list, in order. */
  public static CxAreas read(ConfigReader section) {
    return new CxAreas(section.sections("cx-areas").stream().map(CxAreaRule::read).toList());
  }

  /** The area of each row, never null. */
  public Column area(Column channel, Column eventType, Column department, Column surveyType) {
    Column area = null;
    for (CxAreaRule rule : rules) {
      Column matches = rule.matches(channel, eventType, department, surveyType);
      area = area == null ? when(matches, lit(rule.area())) : area.when(matches, lit(rule.area()));
    }
    return area == null ? lit(UNMAPPED) : coalesce(area, lit(UNMAPPED));
  }
}
