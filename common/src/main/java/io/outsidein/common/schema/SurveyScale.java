package io.outsidein.common.schema;

import static org.apache.spark.sql.functions.col;

import java.util.Locale;
import org.apache.spark.sql.Column;

/**
 * The survey types of the contract, their score ranges, and the bands every stage reads answers by, defined
 * once: NPS and relationship NPS 0-10 (promoters 9-10, passives 7-8, detractors 0-6), CSAT 1-5 (satisfied
 * 4-5), CES 1-7 (5-7 agrees that the company made it easy: low effort). Ingest quarantines a score outside
 * its range; journeys, scores and insights count promoters, detractors and the satisfied by these bands.
 */
public enum SurveyScale {
  NPS(0, 10),
  RELATIONSHIP(0, 10),
  CSAT(1, 5),
  CES(1, 7);

  /** Lowest NPS (and relationship) score of a promoter. */
  public static final int PROMOTER_MIN = 9;
  /** Highest NPS (and relationship) score of a detractor. */
  public static final int DETRACTOR_MAX = 6;
  /** Lowest CSAT score counted as satisfied. */
  public static final int SATISFIED_MIN = 4;
  /** Lowest CES score that agrees the company made it easy (low effort). */
  public static final int LOW_EFFORT_MIN = 5;

  private final int min;
  private final int max;

  SurveyScale(int min, int max) {
    this.min = min;
    this.max = max;
  }

  /** The value of {@code survey_type}, e.g. {@code nps}. */
  public String type() {
    return name().toLowerCase(Locale.ROOT);
  }

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }

  /** True where {@code type} is this survey type and {@code score} is not null. */
  public Column answered(Column type, Column score) {
    return type.equalTo(type()).and(score.isNotNull());
  }

  /** An NPS answer of a promoter (9-10); null-safe false for other types. */
  public static Column isPromoter(Column type, Column score) {
    return NPS.answered(type, score).and(score.geq(PROMOTER_MIN));
  }

  /** An NPS answer of a detractor (0-6). */
  public static Column isDetractor(Column type, Column score) {
    return NPS.answered(type, score).and(score.leq(DETRACTOR_MAX));
  }

  /** A satisfied CSAT answer (4-5). */
  public static Column isSatisfied(Column type, Column score) {
    return CSAT.answered(type, score).and(score.geq(SATISFIED_MIN));
  }

  /** A low-effort CES answer (5-7). */
  public static Column isLowEffort(Column type, Column score) {
    return CES.answered(type, score).and(score.geq(LOW_EFFORT_MIN));
  }

  /** {@link #isPromoter} over the columns {@code survey_type} and {@code survey_score}, as SQL. */
  public static String promoterSql(String typeColumn, String scoreColumn) {
    return isPromoter(col(typeColumn), col(scoreColumn)).expr().sql();
  }

  /** {@link #isDetractor} as SQL. */
  public static String detractorSql(String typeColumn, String scoreColumn) {
    return isDetractor(col(typeColumn), col(scoreColumn)).expr().sql();
  }
}
