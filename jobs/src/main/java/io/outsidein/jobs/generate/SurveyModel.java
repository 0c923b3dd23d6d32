package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How customers answer. A transactional answer (about a case or an order) is a promoter, passive or
 * detractor with probabilities
 * <pre>
 *   P(promoter)  = 0.45 + tilt(loyalty) - promoter-drop  x extra transfers + slope/200 x engagement deviation
 *   P(detractor) = 0.22 + tilt(loyalty) + detractor-rise x extra transfers - slope/200 x engagement deviation
 * </pre>
 * where extra transfers = transfers after the first (b) and the engagement deviation is the serving unit's
 * engagement in the previous month minus {@link EngagementLevels#CENTRE} (c); half the slope moves each
 * share, so NPS = 100 (P - D) moves by the slope. The settings are checked so no probability ever clips,
 * which keeps the planted sizes exact. Relationship answers follow loyalty only.
 */
final class SurveyModel implements Serializable {
  enum Answer { PROMOTER, PASSIVE, DETRACTOR }

  static final double BASE_PROMOTER = 0.45;
  static final double BASE_DETRACTOR = 0.22;
  private static final double[] TILT_PROMOTER = {0.10, 0, -0.10};
  private static final double[] TILT_DETRACTOR = {-0.07, 0, 0.10};
  private static final double[][] RELATIONSHIP = {{0.80, 0.03}, {0.25, 0.15}, {0.05, 0.60}};
  private static final List<String> CASE_ATTRIBUTES = List.of("wait_time", "friendliness", "knowledge", "resolution");
  private static final List<String> ONLINE_ATTRIBUTES = List.of("delivery_speed", "product_quality", "packaging");
  private static final List<String> STORE_ATTRIBUTES = List.of("checkout_speed", "staff_friendliness",
      "product_availability");

  private final GeneratorSettings.Transfers transfers;
  private final double slope;

  SurveyModel(GeneratorSettings.Planted planted) {
    this.transfers = planted.transfers();
    this.slope = planted.engagementNpsSlope();
  }

  /** Whether planted sizes keep every probability within [0, 1] (clipping would bias them). */
  static boolean plantedEffectsFit(GeneratorSettings.Transfers transfers, double slope) {
    int extra = transfers.maxTransfers() - 1;
    double engagement = Math.abs(slope) / 200 * EngagementLevels.MAX_DEVIATION;
    double lowestPromoter = BASE_PROMOTER - 0.10 - transfers.promoterDrop() / 100 * extra - engagement;
    double highestDetractor = BASE_DETRACTOR + 0.10 + transfers.detractorRise() / 100 * extra + engagement;
    double lowestDetractor = BASE_DETRACTOR - 0.07 - engagement;
    double highestSum = BASE_PROMOTER + BASE_DETRACTOR + 0.03
        + Math.max(0, transfers.detractorRise() - transfers.promoterDrop()) / 100 * extra;
    return lowestPromoter >= 0 && highestDetractor <= 1 && lowestDetractor >= 0 && highestSum <= 1;
  }

  Answer transactional(CustomerProfile.Loyalty loyalty, int caseTransfers, double engagementDeviation, Draw draw) {
    int extra = Math.max(0, Math.min(caseTransfers, transfers.maxTransfers()) - 1);
    double shift = slope / 200 * engagementDeviation;
    double promoter = BASE_PROMOTER + TILT_PROMOTER[loyalty.ordinal()] - transfers.promoterDrop() / 100 * extra + shift;
    double detractor = BASE_DETRACTOR + TILT_DETRACTOR[loyalty.ordinal()] + transfers.detractorRise() / 100 * extra
        - shift;
    return answer(promoter, detractor, draw);
  }

  /** The chance that a relationship answer of a customer of this loyalty class is 9-10. */
  static double relationshipPromoterChance(CustomerProfile.Loyalty loyalty) {
    return RELATIONSHIP[loyalty.ordinal()][0];
  }

  Answer relationship(CustomerProfile.Loyalty loyalty, Draw draw) {
    double[] p = RELATIONSHIP[loyalty.ordinal()];
    return answer(p[0], p[1], draw);
  }

  private static Answer answer(double promoter, double detractor, Draw draw) {
    double u = draw.uniform();
    return u < promoter ? Answer.PROMOTER : u < promoter + detractor ? Answer.DETRACTOR : Answer.PASSIVE;
  }

  /** The score of a survey type for the answer: nps/relationship 0-10, csat 1-5, ces 1-7 (7 = very easy). */
  static int score(String surveyType, Answer answer, Draw draw) {
    return switch (surveyType) {
      case "csat" -> switch (answer) {
        case PROMOTER -> draw.chance(0.65) ? 5 : 4;
        case PASSIVE -> draw.chance(0.5) ? 4 : 3;
        case DETRACTOR -> draw.weighted(3, 4, 3) + 1;
      };
      case "ces" -> switch (answer) {
        case PROMOTER -> draw.between(6, 7);
        case PASSIVE -> draw.between(4, 5);
        case DETRACTOR -> draw.between(1, 3);
      };
      default -> switch (answer) {
        case PROMOTER -> draw.between(9, 10);
        case PASSIVE -> draw.between(7, 8);
        case DETRACTOR -> draw.weighted(1, 1, 2, 3, 4, 5, 6);
      };
    };
  }

  /** Attribute ratings 1-5 of the touchpoint kind ("case", "online" or "store"); transfers hurt wait_time. */
  static Map<String, Integer> attributes(String touchpoint, Answer answer, int caseTransfers, Draw draw) {
    List<String> names = switch (touchpoint) {
      case "case" -> CASE_ATTRIBUTES;
      case "store" -> STORE_ATTRIBUTES;
      default -> ONLINE_ATTRIBUTES;
    };
    Map<String, Integer> ratings = new LinkedHashMap<>();
    for (String name : names) {
      if (!draw.chance(0.75)) {
        continue;
      }
      int rating = switch (answer) {
        case PROMOTER -> draw.between(4, 5);
        case PASSIVE -> draw.between(3, 4);
        case DETRACTOR -> draw.between(1, 3);
      };
      if (name.equals("wait_time")) {
        rating = Math.max(1, rating - caseTransfers / 2);
      }
      ratings.put(name, rating);
    }
    if (ratings.isEmpty()) {
      ratings.put(names.get(0), answer == Answer.DETRACTOR ? 2 : 4);
    }
    return ratings;
  }
}
