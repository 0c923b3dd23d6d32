package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.util.List;

/**
 * Free-text survey comments, one line each (never a newline), some with commas and quotes. A share of them
 * hold personal data the way real comments do: the customer's e-mail, a phone number, a card number that
 * passes Luhn (13-19 digits, plain or grouped by spaces or dashes); others hold long digit strings that are
 * not cards (an order reference failing Luhn), which redaction must leave alone.
 */
final class CommentWriter implements Serializable {
  private static final List<String> PROMOTER = List.of(
      "Great service, thank you!",
      "Quick and friendly, \"best experience\" in a long time.",
      "Sorted out in minutes. Would recommend to friends.",
      "Staff were helpful, knowledgeable and patient.",
      "Love the app, checkout was painless.");
  private static final List<String> PASSIVE = List.of(
      "It was ok, took a while.",
      "Fine in the end, but the website is confusing.",
      "Delivery was on time; packaging could be better.",
      "Average. Nothing special, nothing wrong.");
  private static final List<String> DETRACTOR_CASE = List.of(
      "Transferred again and again, nobody could help.",
      "Waited on hold for 45 minutes, then the call dropped.",
      "Still not resolved after calling twice. Everyone keeps sending me somewhere else.",
      "Rude agent, \"not my department\" was all I heard.");
  private static final List<String> DETRACTOR_ORDER = List.of(
      "Order arrived late and damaged, refund took forever.",
      "Half the items were out of stock, long queue at the till.",
      "Wrong size delivered, and the return label did not work.");

  private final double personalDataRate;

  CommentWriter(double personalDataRate) {
    this.personalDataRate = personalDataRate;
  }

  /** A comment for the answer; {@code aboutCase} picks complaints about handling rather than about orders. */
  String comment(SurveyModel.Answer answer, boolean aboutCase, CustomerProfile customer, Draw draw) {
    String text = draw.pick(switch (answer) {
      case PROMOTER -> PROMOTER;
      case PASSIVE -> PASSIVE;
      case DETRACTOR -> aboutCase ? DETRACTOR_CASE : DETRACTOR_ORDER;
    });
    if (draw.chance(personalDataRate)) {
      text = text + " " + switch (draw.weighted(3, 3, 2, 2)) {
        case 0 -> "Reach me at " + customer.email() + ".";
        case 1 -> "Call me on " + phone(draw) + ".";
        case 2 -> "My card " + card(draw) + " was charged twice.";
        default -> "Order reference " + notACard(draw) + ", please check.";
      };
    }
    return text;
  }

  private static String phone(Draw draw) {
    return switch (draw.between(0, 2)) {
      case 0 -> "+1 " + draw.digits(3).replace('0', '4').replace('1', '5') + " 555 " + draw.digits(4);
      case 1 -> "(" + draw.between(201, 989) + ") 555-" + draw.digits(4);
      default -> draw.between(201, 989) + "-555-" + draw.digits(4);
    };
  }

  /** A number that passes Luhn, 13-19 digits, grouped by fours with spaces or dashes or not at all. */
  static String card(Draw draw) {
    int length = draw.pick(List.of(13, 15, 16, 16, 16, 19));
    String body = draw.pick(List.of("4", "5", "3", "6")) + draw.digits(length - 2);
    return group(body + luhnCheckDigit(body), draw.pick(List.of("", " ", "-")));
  }

  /** A 12-16 digit string that fails Luhn. */
  static String notACard(Draw draw) {
    String body = draw.between(1, 9) + draw.digits(draw.between(11, 15) - 1);
    return body + (luhnCheckDigit(body) + 1 + draw.between(0, 8)) % 10;
  }

  static int luhnCheckDigit(String body) {
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      int digit = body.charAt(body.length() - 1 - i) - '0';
      if (i % 2 == 0) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
    }
    return (10 - sum % 10) % 10;
  }

  private static String group(String digits, String separator) {
    if (separator.isEmpty()) {
      return digits;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < digits.length(); i += 4) {
      if (i > 0) {
        text.append(separator);
      }
      text.append(digits, i, Math.min(digits.length(), i + 4));
    }
    return text.toString();
  }
}
