package io.outsidein.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RawRecordSanitizerTest {
  private static final Set<String> IDENTIFIERS =
      Set.of("customer_id", "anonymous_id", "agent_id", "referred_by", "email", "phone");
  private static final List<String> HEADER = List.of("event_id", "customer_id", "comment", "email");

  private final Pseudonymizer pseudonymizer = new Pseudonymizer(PseudonymKey.development());
  private final RawRecordSanitizer sanitizer = new RawRecordSanitizer(pseudonymizer, new Redactor(), IDENTIFIERS);

  @Test
  void pseudonymisesIdentifiersAndRedactsTheRestOfAJsonLine() {
    String line = "{\"event_id\":\"e1\",\"customer_id\":\"C-001\",\"channel\":\"chat\","
        + "\"properties\":{\"note\":\"call 415-555-0134\",\"agent_id\" : \"A-9\"}}";

    assertThat(sanitizer.sanitizeJson(line)).isEqualTo("{\"event_id\":\"e1\",\"customer_id\":\"" + p("C-001")
        + "\",\"channel\":\"chat\",\"properties\":{\"note\":\"call [PHONE]\",\"agent_id\" : \"" + p("A-9")
        + "\"}}");
  }

  @Test
  void pseudonymisesAnyPropertyKeyEndingInCustomerId() {
    String line = "{\"event_id\":\"e3\",\"properties\":{\"referred_customer_id\":\"C-7\","
        + "\"friend_customer_id\": \"C-8\",\"customer_idx\":\"keep\"}}";

    assertThat(sanitizer.sanitizeJson(line)).isEqualTo("{\"event_id\":\"e3\",\"properties\":{"
        + "\"referred_customer_id\":\"" + p("C-7") + "\",\"friend_customer_id\": \"" + p("C-8")
        + "\",\"customer_idx\":\"keep\"}}");
  }

  @Test
  void pseudonymisesATruncatedJsonLineAsFarAsItGoes() {
    String line = "{\"event_id\":\"e2\",\"customer_id\":\"C-002\",\"email\":\"jane@exa";

    assertThat(sanitizer.sanitizeJson(line))
        .isEqualTo("{\"event_id\":\"e2\",\"customer_id\":\"" + p("C-002") + "\",\"email\":\"" + p("jane@exa"));
  }

  @Test
  void aJsonLineCutAfterTheColonKeepsNoValueToHide() {
    assertThat(sanitizer.sanitizeJson("{\"event_id\":\"e3\",\"customer_id\":"))
        .isEqualTo("{\"event_id\":\"e3\",\"customer_id\":");
  }

  @Test
  void decodesJsonEscapesAndQuotesBareNumbers() {
    String line = "{\"customer_id\":\"C-\\\"7\\\"\",\"phone\": 4155550134,\"referred_by\":null,\"email\":\"\"}";

    assertThat(sanitizer.sanitizeJson(line)).isEqualTo("{\"customer_id\":\"" + p("C-\"7\"") + "\",\"phone\": \""
        + p("4155550134") + "\",\"referred_by\":null,\"email\":\"\"}");
  }

  @Test
  void leavesFieldsThatOnlyContainAnIdentifierNameAlone() {
    // (A key ending in _customer_id is an identifier: see pseudonymisesAnyPropertyKeyEndingInCustomerId.)
    String line = "{\"customer_id_source\":\"crm\",\"comment\":\"my customer_id is C-1\"}";

    assertThat(sanitizer.sanitizeJson(line)).isEqualTo(line);
  }

  @Test
  void pseudonymisesIdentifierPositionsOfACsvLineWithQuotedCommas() {
    String line = "e1,C-001,\"Hi, call me at 415-555-0134\",jane@example.com";

    assertThat(sanitizer.sanitizeCsv(line, HEADER))
        .isEqualTo("e1," + p("C-001") + ",\"Hi, call me at [PHONE]\"," + p("jane@example.com"));
  }

  @Test
  void unquotesCsvIdentifiersAndKeepsEmptyOnes() {
    String line = "e2,\"C-002\",\"she said \"\"hi\"\", card 4111 1111 1111 1111\",";

    assertThat(sanitizer.sanitizeCsv(line, HEADER))
        .isEqualTo("e2," + p("C-002") + ",\"she said \"\"hi\"\", card [CARD]\",");
  }

  @Test
  void aCsvLineWithTheWrongFieldCountHasIdentifierPositionsFromBothEndsPseudonymised() {
    // A stray comma in the comment: counted from the left C-003 is still the customer; counted from the right
    // the last field is still the e-mail. Over-pseudonymising a shifted field loses detail, never privacy.
    String line = "e3,C-003,Hi, call 415-555-0134,jane@example.com,extra";

    assertThat(sanitizer.sanitizeCsv(line, HEADER))
        .isEqualTo("e3," + p("C-003") + ",Hi," + p(" call 415-555-0134") + ",[EMAIL]," + p("extra"));
    assertThat(sanitizer.sanitizeCsv("e4,C-004", null)).isEqualTo("e4,C-004");
  }

  @Test
  void aCsvLineWithTheWrongFieldCountGetsIdentifierPatternsPseudonymised() {
    RawRecordSanitizer withPatterns = new RawRecordSanitizer(
        pseudonymizer, new Redactor(), IDENTIFIERS, List.of("C-\\d{3}", "A-\\d+"));
    String line = "e3,C-003,Hi, call 415-555-0134,A-77,XC-0031,C-0031";

    assertThat(withPatterns.sanitizeCsv(line, HEADER))
        .isEqualTo("e3," + p("C-003") + ",Hi," + p(" call 415-555-0134") + "," + p("A-77") + ",XC-0031,"
            + p("C-0031"));
  }

  @Test
  void nullStaysNull() {
    assertThat(sanitizer.sanitizeJson(null)).isNull();
    assertThat(sanitizer.sanitizeCsv(null, HEADER)).isNull();
  }

  @Test
  void withoutIdentifierColumnsItOnlyRedacts() {
    RawRecordSanitizer redactOnly = new RawRecordSanitizer(pseudonymizer, new Redactor(), Set.of());

    assertThat(redactOnly.sanitizeJson("{\"customer_id\":\"C-1\",\"c\":\"a@b.org\"}"))
        .isEqualTo("{\"customer_id\":\"C-1\",\"c\":\"[EMAIL]\"}");
  }

  @Test
  void decodesEveryJsonEscape() {
    assertThat(RawRecordSanitizer.decodeJsonString("a\\\\b\\/c\\n\\u00e9\\u12\\"))
        .isEqualTo("a\\b/c\n\u00e9\\u12\\");
  }

  private String p(String value) {
    return pseudonymizer.pseudonymise(value);
  }
}
