package io.outsidein.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PseudonymKeyTest {
  private static final String VARIABLE = "OUTSIDEIN_PSEUDONYM_KEY";
  private static final String SECRET = "s3cr3t-key-of-32-characters-long";

  @Test
  void readsTheKeyFromTheEnvironment() {
    PseudonymKey key = PseudonymKey.resolve(Map.of(VARIABLE, SECRET), VARIABLE, 16, false);

    assertThat(key.isDevelopmentKey()).isFalse();
    assertThat(key).isEqualTo(PseudonymKey.resolve(Map.of("OTHER", SECRET), "OTHER", 16, false));
    assertThat(key).isNotEqualTo(PseudonymKey.development());
  }

  @Test
  void fallsBackToTheDevelopmentKeyOnlyWhenAllowed() {
    PseudonymKey key = PseudonymKey.resolve(Map.of(), VARIABLE, 16, true);

    assertThat(key.isDevelopmentKey()).isTrue();
    assertThat(key).isEqualTo(PseudonymKey.development());
    assertThat(key.toString()).isEqualTo("PseudonymKey[development]");
  }

  @Test
  void aSetVariableWinsOverTheDevelopmentKey() {
    PseudonymKey key = PseudonymKey.resolve(Map.of(VARIABLE, SECRET), VARIABLE, 16, true);

    assertThat(key.isDevelopmentKey()).isFalse();
  }

  @Test
  void unsetAndNotAllowedNamesTheVariableAndHowToSetIt() {
    assertThatThrownBy(() -> PseudonymKey.resolve(Map.of("UNRELATED", SECRET), VARIABLE, 16, false))
        .isInstanceOf(PrivacyConfigurationException.class)
        .hasMessage("Cannot pseudonymise personal identifiers: the environment variable OUTSIDEIN_PSEUDONYM_KEY "
            + "that holds the pseudonym key (outsidein.privacy.key-variable) is not set. Set it to a random "
            + "secret of at least 16 characters, e.g. export OUTSIDEIN_PSEUDONYM_KEY=\"$(openssl rand -hex 32)\", "
            + "or run with outsidein.profile = \"local\" to use the development key.")
        .message().doesNotContain(SECRET).doesNotContain(PseudonymKey.DEVELOPMENT_KEY);
  }

  @Test
  void aShortKeyIsRejectedWithoutShowingIt() {
    String shortKey = "tooshort";

    assertThatThrownBy(() -> PseudonymKey.resolve(Map.of(VARIABLE, shortKey), VARIABLE, 16, true))
        .isInstanceOf(PrivacyConfigurationException.class)
        .hasMessage("Cannot pseudonymise personal identifiers: the pseudonym key in OUTSIDEIN_PSEUDONYM_KEY is "
            + "shorter than 16 characters (outsidein.privacy.min-key-length), which makes pseudonyms guessable. "
            + "Set it to a random secret of at least 16 characters, e.g. "
            + "export OUTSIDEIN_PSEUDONYM_KEY=\"$(openssl rand -hex 32)\".")
        .message().doesNotContain(shortKey);
  }

  @Test
  void anEmptyValueIsTooShortRatherThanUnset() {
    assertThatThrownBy(() -> PseudonymKey.resolve(Map.of(VARIABLE, ""), VARIABLE, 16, true))
        .isInstanceOf(PrivacyConfigurationException.class)
        .hasMessageContaining("shorter than 16 characters");
  }

  @Test
  void aKeyOfExactlyTheMinimumLengthIsAccepted() {
    PseudonymKey key = PseudonymKey.resolve(Map.of(VARIABLE, "0123456789abcdef"), VARIABLE, 16, false);

    assertThat(key.isDevelopmentKey()).isFalse();
  }

  @Test
  void rejectsANonPositiveMinimumLength() {
    assertThatThrownBy(() -> PseudonymKey.resolve(Map.of(VARIABLE, SECRET), VARIABLE, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot set outsidein.privacy.min-key-length to 0, the value must be positive");
  }

  @Test
  void toStringNamesTheOriginNeverTheKey() {
    PseudonymKey key = PseudonymKey.resolve(Map.of(VARIABLE, SECRET), VARIABLE, 16, false);

    assertThat(key.toString()).isEqualTo("PseudonymKey[from OUTSIDEIN_PSEUDONYM_KEY]");
    assertThat(new Pseudonymizer(key).toString())
        .isEqualTo("Pseudonymizer[PseudonymKey[from OUTSIDEIN_PSEUDONYM_KEY]]");
  }

  @Test
  void survivesSerialisation() throws IOException, ClassNotFoundException {
    PseudonymKey key = PseudonymKey.resolve(Map.of(VARIABLE, SECRET), VARIABLE, 16, false);

    PseudonymKey copy = roundTrip(key);

    assertThat(copy).isEqualTo(key);
    assertThat(copy.toString()).isEqualTo(key.toString());
  }

  static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      @SuppressWarnings("unchecked")
      T copy = (T) in.readObject();
      return copy;
    }
  }
}
