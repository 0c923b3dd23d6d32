package io.outsidein.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planted effects at the level of the models that draw them, over many draws (no Spark). */
class PlantedModelsTest {
  private static final GeneratorSettings SETTINGS =
      GeneratorSettings.defaults(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 30));

  @Test
  void eachTransferAfterTheFirstMovesPromotersAndDetractorsByThePlantedPoints() {
    SurveyModel model = new SurveyModel(SETTINGS.planted());
    Draw draw = Draw.of(1, Draw.Stream.ACTIVITY, 1);
    double[] promoters = new double[5];
    double[] detractors = new double[5];
    int n = 200_000;
    for (int transfers = 0; transfers <= 4; transfers++) {
      for (int i = 0; i < n; i++) {
        SurveyModel.Answer answer = model.transactional(CustomerProfile.Loyalty.PASSIVE, transfers, 0, draw);
        promoters[transfers] += answer == SurveyModel.Answer.PROMOTER ? 1.0 / n : 0;
        detractors[transfers] += answer == SurveyModel.Answer.DETRACTOR ? 1.0 / n : 0;
      }
    }
    // No transfer and one transfer are the same: only transfers after the first count.
    assertThat(promoters[1]).isCloseTo(promoters[0], within(0.006));
    for (int transfers = 2; transfers <= 4; transfers++) {
      assertThat(promoters[transfers - 1] - promoters[transfers]).isCloseTo(0.06, within(0.006));
      assertThat(detractors[transfers] - detractors[transfers - 1]).isCloseTo(0.08, within(0.006));
    }
  }

  @Test
  void engagementMovesNpsByTheSlopeAndPulseAnswersAverageTheUnitLevel() {
    SurveyModel model = new SurveyModel(SETTINGS.planted());
    Draw draw = Draw.of(2, Draw.Stream.ACTIVITY, 1);
    int n = 300_000;
    double low = nps(model, -1.0, n, draw);
    double high = nps(model, 1.0, n, draw);
    assertThat((high - low) / 2).isCloseTo(20.0, within(0.8));

    for (double level : List.of(2.2, 3.3, 4.4)) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += EngagementLevels.answer(level, 5, draw);
      }
      assertThat(sum / n).isCloseTo(level, within(0.01));
    }
  }

  private static double nps(SurveyModel model, double deviation, int n, Draw draw) {
    int score = 0;
    for (int i = 0; i < n; i++) {
      SurveyModel.Answer answer = model.transactional(CustomerProfile.Loyalty.PROMOTER, 0, deviation, draw);
      score += answer == SurveyModel.Answer.PROMOTER ? 1 : answer == SurveyModel.Answer.DETRACTOR ? -1 : 0;
    }
    return 100.0 * score / n;
  }

  @Test
  void plantedPairsHaveThePlantedLiftAndHurricaneSkusTheirMultiplier() {
    Catalogue catalogue = Catalogue.of(SETTINGS);
    Draw draw = Draw.of(3, Draw.Stream.ACTIVITY, 1);
    int baskets = 200_000;
    int first = 0;
    int second = 0;
    int both = 0;
    int water = 0;
    int warnedWater = 0;
    int control = 0;
    int warnedControl = 0;
    for (int i = 0; i < baskets; i++) {
      List<String> normal = catalogue.basket(draw, 2, 1, false).stream().map(Catalogue.Line::sku).toList();
      List<String> warned = catalogue.basket(draw, 2, 1, true).stream().map(Catalogue.Line::sku).toList();
      first += normal.contains("pasta") ? 1 : 0;
      second += normal.contains("pasta-sauce") ? 1 : 0;
      both += normal.contains("pasta") && normal.contains("pasta-sauce") ? 1 : 0;
      water += normal.contains("bottled-water-24pk") ? 1 : 0;
      warnedWater += warned.contains("bottled-water-24pk") ? 1 : 0;
      control += normal.contains("shampoo") ? 1 : 0;
      warnedControl += warned.contains("shampoo") ? 1 : 0;
    }
    double lift = (double) both * baskets / ((double) first * second);
    assertThat(lift).isCloseTo(5.0, within(0.4));
    assertThat((double) warnedWater / water).isCloseTo(6.0, within(0.4));
    assertThat((double) warnedControl / control).isCloseTo(1.0, within(0.1));
  }

  @Test
  void commentCardNumbersPassLuhnAndOrderReferencesDoNot() {
    Draw draw = Draw.of(4, Draw.Stream.ACTIVITY, 1);
    for (int i = 0; i < 1_000; i++) {
      String card = CommentWriter.card(draw).replaceAll("[ -]", "");
      assertThat(card.length()).isBetween(13, 19);
      assertThat(luhnValid(card)).as(card).isTrue();
      String reference = CommentWriter.notACard(draw);
      assertThat(reference.length()).isBetween(12, 16);
      assertThat(luhnValid(reference)).as(reference).isFalse();
    }
  }

  private static boolean luhnValid(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
    }
    return sum % 10 == 0;
  }

  @Test
  void accountsAreTheSameFromEveryContactAndRenewByBreadth() {
    for (long account = 0; account < 50; account++) {
      Accounts.Account a = Accounts.of(account, SETTINGS);
      assertThat(a).isEqualTo(Accounts.of(account, SETTINGS));
      assertThat(a.activeContacts()).isBetween(1, a.contacts());
      assertThat(a.departments()).hasSizeBetween(1, Accounts.MAX_DEPARTMENTS).doesNotHaveDuplicates();
    }
    assertThat(SETTINGS.planted().renewal().chance(6, 4)).isCloseTo(0.45 + 0.30 + 0.15, within(1e-9));
  }
}
