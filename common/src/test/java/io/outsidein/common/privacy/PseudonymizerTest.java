package io.outsidein.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
  private static final Pseudonymizer DEVELOPMENT = new Pseudonymizer(PseudonymKey.development());

  @Test
  void matchesRfc4231TestCase2() {
    Pseudonymizer jefe = new Pseudonymizer(PseudonymKey.resolve(Map.of("K", "Jefe"), "K", 4, false));

    assertThat(jefe.pseudonymise("what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void theSameValueGetsTheSamePseudonymInEveryInstance() {
    Pseudonymizer other = new Pseudonymizer(PseudonymKey.development());

    String pseudonym = DEVELOPMENT.pseudonymise("C-000123");

    assertThat(pseudonym).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(DEVELOPMENT.pseudonymise("C-000123")).isEqualTo(pseudonym);
    assertThat(other.pseudonymise("C-000123")).isEqualTo(pseudonym);
    assertThat(DEVELOPMENT.pseudonymise("C-000124")).isNotEqualTo(pseudonym);
  }

  @Test
  void anotherKeyGivesOtherPseudonyms() {
    Pseudonymizer other = new Pseudonymizer(
        PseudonymKey.resolve(Map.of("K", "another-key-of-enough-length"), "K", 16, false));

    assertThat(other.pseudonymise("C-000123")).isNotEqualTo(DEVELOPMENT.pseudonymise("C-000123"));
  }

  @Test
  void nullStaysNullAndEmptyIsAValue() {
    assertThat(DEVELOPMENT.pseudonymise(null)).isNull();
    assertThat(DEVELOPMENT.pseudonymise("")).hasSize(64);
  }

  /**
   * The value is hashed as UTF-8, whatever the JVM's default charset. The expected digests were made outside Java:
   * {@code printf 'zo\xc3\xab@example.com' | openssl dgst -sha256 -hmac Jefe} (UTF-8 bytes) and the same with
   * {@code 'zo\xeb@example.com'} (the Latin-1 bytes a platform-charset bug would hash).
   */
  @Test
  void hashesUtf8() {
    Pseudonymizer jefe = new Pseudonymizer(PseudonymKey.resolve(Map.of("K", "Jefe"), "K", 4, false));

    assertThat(jefe.pseudonymise("zo\u00eb@example.com"))
        .isEqualTo("24ce6ad78bd50fd71409fa90f2e049d0281445b56d4ab94430fafc44a7967b32")
        .isNotEqualTo("d6ff1576da55f75328f04b440235bc9dfae94cf28f339243e039e75491d3a2b3");
  }

  @Test
  void givesTheSamePseudonymsAfterSerialisation() throws Exception {
    Pseudonymizer copy = PseudonymKeyTest.roundTrip(DEVELOPMENT);

    assertThat(copy.pseudonymise("C-000123")).isEqualTo(DEVELOPMENT.pseudonymise("C-000123"));
  }

  @Test
  void isSafeOnSeveralThreads() throws Exception {
    List<String> values = IntStream.range(0, 2_000).mapToObj(i -> "C-" + i).toList();
    List<String> expected = values.stream().map(DEVELOPMENT::pseudonymise).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = IntStream.range(0, 4)
          .mapToObj(t -> pool.submit(() -> values.stream().map(DEVELOPMENT::pseudonymise).toList()))
          .toList();
      for (Future<List<String>> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
