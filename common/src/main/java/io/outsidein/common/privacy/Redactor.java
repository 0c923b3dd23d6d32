package io.outsidein.common.privacy;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Removes contact and payment details from free text: e-mail addresses become {@value #EMAIL}, phone numbers
 * {@value #PHONE} and card numbers {@value #CARD}. Everything else is kept as written.
 *
 * <p>The rules run in that order. E-mail first, because an address may hold digits. Cards before phones,
 * because a card written in groups ({@code 4111 1111 1111 1111}) contains phone-shaped pieces. A card is 13
 * to 19 digits, optionally grouped by single spaces or dashes, that pass the Luhn check: a digit run that
 * fails it (an order reference, an invoice number) is kept. Neither rule matches inside a longer digit run,
 * counting runs joined by single separators, so a number longer than a card or a phone is kept whole rather
 * than redacted in part.
 *
 * <p>Phone numbers recognised: international with a {@code +} and a country code, grouped by spaces, dots or
 * dashes ({@code +1 415 555 0134}, {@code +44 20 7946 0958}) or not at all ({@code +14155550134}), and North
 * American ones with separators ({@code (212) 555-0199}, {@code 415-555-0134}, {@code 415.555.0134},
 * {@code 1-800-555-0199}). Limitations: national numbers written without any separator
 * ({@code 4155550134}) and local seven-digit numbers ({@code 555-0134}) are kept, because in this data they
 * are indistinguishable from ids; a card glued to another number by a single separator
 * ({@code 12 4111 1111 1111 1111}) reads as one longer number and is kept when that number fails Luhn.
 */
public final class Redactor implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String EMAIL = "[EMAIL]";
  public static final String PHONE = "[PHONE]";
  public static final String CARD = "[CARD]";

  private static final int MIN_PHONE_DIGITS = 8;
  private static final int MAX_PHONE_DIGITS = 15;

  private static final Pattern EMAIL_ADDRESS =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

  // Not preceded or followed by a digit, nor by a separator and a digit: the candidate is the whole run.
  private static final String RUN_START = "(?<!\\d)(?<!\\d[ .-])";
  private static final String RUN_END = "(?!\\d)(?![ .-]\\d)";

  private static final Pattern CARD_CANDIDATE = Pattern.compile(
      "(?<!\\d)(?<!\\d[ -])\\d(?:[ -]?\\d){12,18}(?!\\d)(?![ -]\\d)");

  private static final Pattern PHONE_NUMBER = Pattern.compile(RUN_START + "(?:"
      // International, grouped: +CC then two to five groups, an area code group may be in brackets.
      + "\\+\\d{1,3}(?:[ .-]\\(?\\d{1,4}\\)?){2,5}"
      // International, E.164 without separators.
      + "|\\+\\d{8,15}"
      // North American with separators: optional trunk 1, area code plain or in brackets, 3 + 4 digits.
      + "|(?:1[ .-])?(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}"
      + ")" + RUN_END);

  /** The text with e-mail addresses, phone numbers and card numbers replaced; null for null. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String withoutEmails = EMAIL_ADDRESS.matcher(text).replaceAll(EMAIL);
    String withoutCards = redactCards(withoutEmails);
    return PHONE_NUMBER.matcher(withoutCards).replaceAll(match ->
        Matcher.quoteReplacement(isPhoneLength(match.group()) ? PHONE : match.group()));
  }

  /** {@link #redact} as a deterministic Spark UDF from string to string, named {@code redact} in plans. */
  public UserDefinedFunction udf() {
    return functions.udf((UDF1<String, String>) this::redact, DataTypes.StringType).withName("redact");
  }

  private static String redactCards(String text) {
    Matcher candidates = CARD_CANDIDATE.matcher(text);
    // A candidate that fails Luhn is written back unchanged: it is an id, not a card.
    return candidates.replaceAll(match ->
        Matcher.quoteReplacement(passesLuhn(match.group()) ? CARD : match.group()));
  }

  // E.164 allows at most 15 digits; fewer than 8 is a score or a sum ("+1 2 3"), not a phone number.
  private static boolean isPhoneLength(String candidate) {
    long digits = candidate.chars().filter(c -> c >= '0' && c <= '9').count();
    return digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS;
  }

  /** The Luhn checksum over the digits of {@code number}, ignoring separators. */
  static boolean passesLuhn(String number) {
    int sum = 0;
    boolean doubled = false;
    for (int i = number.length() - 1; i >= 0; i--) {
      char c = number.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int digit = c - '0';
      if (doubled) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Redactor;
  }

  @Override
  public int hashCode() {
    return Redactor.class.hashCode();
  }
}
