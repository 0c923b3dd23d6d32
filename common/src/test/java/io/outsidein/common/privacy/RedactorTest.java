package io.outsidein.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor = new Redactor();

  @ParameterizedTest
  @ValueSource(strings = {
      "+1 415 555 0134", "(212) 555-0199", "415-555-0134", "+44 20 7946 0958", "415.555.0134",
      "+14155550134", "1-800-555-0199", "(212)555-0199", "+33 1 23 45 67 89"})
  void redactsEveryPhoneStyle(String phone) {
    assertThat(redactor.redact("call me on " + phone + " tomorrow")).isEqualTo("call me on [PHONE] tomorrow");
    assertThat(redactor.redact(phone)).isEqualTo("[PHONE]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jane.doe@example.com", "j+cx@mail.example.co.uk", "obrien_42@sub-domain.org"})
  void redactsEmailAddresses(String address) {
    assertThat(redactor.redact("write to " + address + ", thanks")).isEqualTo("write to [EMAIL], thanks");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "4111 1111 1111 1111", "4111111111111111", "5500-0000-0000-0004", "340000000000009", "3400 000000 00009"})
  void redactsCardNumbersThatPassLuhn(String card) {
    assertThat(redactor.redact("paid with " + card + ".")).isEqualTo("paid with [CARD].");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "card 4111111111111112 declined                | a Luhn failure is no card",
      "order ref 12345678901234 is late              | an order reference is no card and no phone",
      "card 4111 1111 1111 1112 declined             | grouped, but failing Luhn",
      "invoice 2024-0001-0042-7731-5 paid            | a dashed reference that fails Luhn",
      "tracking 123456789012345678901234 arrived     | longer than any card or phone",
      "account 9 415 555 0134 4 wrong                | a phone shape inside a longer grouped run",
      "scored +1 2 3 on the quiz                     | too few digits for a phone",
      "local 555-0134 and id 4155550134 stay         | documented limitation: no separators, no area code",
      "dates 2024-05-01 and 2024-05-01T10:15:00Z stay | dates and times",
      "price 1.234.567 and ip 192.168.1.10 stay       | dotted numbers that are not phones"})
  void keepsNumbersThatAreNeitherCardsNorPhones(String text, String why) {
    assertThat(redactor.redact(text)).as(why).isEqualTo(text);
  }

  @Test
  void redactsSeveralInOneText() {
    String text = "Mail jane.doe@example.com or call (212) 555-0199 / +44 20 7946 0958; "
        + "card 4111 1111 1111 1111, order 12345678901234, ref 4111111111111112.";

    assertThat(redactor.redact(text)).isEqualTo("Mail [EMAIL] or call [PHONE] / [PHONE]; "
        + "card [CARD], order 12345678901234, ref 4111111111111112.");
  }

  @Test
  void anEmailWithDigitsIsOneEmail() {
    assertThat(redactor.redact("4155550134@sms.example.com")).isEqualTo("[EMAIL]");
  }

  @Test
  void nullStaysNullAndPlainTextStaysAsItIs() {
    assertThat(redactor.redact(null)).isNull();
    assertThat(redactor.redact("")).isEmpty();
    assertThat(redactor.redact("Great service, 10/10, waited 5 minutes"))
        .isEqualTo("Great service, 10/10, waited 5 minutes");
  }

  @Test
  void luhn() {
    assertThat(Redactor.passesLuhn("4111 1111 1111 1111")).isTrue();
    assertThat(Redactor.passesLuhn("5500-0000-0000-0004")).isTrue();
    assertThat(Redactor.passesLuhn("340000000000009")).isTrue();
    assertThat(Redactor.passesLuhn("4111111111111112")).isFalse();
    assertThat(Redactor.passesLuhn("12345678901234")).isFalse();
  }
}
