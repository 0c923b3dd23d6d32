package io.outsidein.common.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** How far apart two keys are (Levenshtein), to suggest the key a user meant. */
final class EditDistance {
  private EditDistance() {}

  static int between(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The known key closest to a misspelt one, when it is close enough to be what was meant. */
  static Optional<String> closest(Collection<String> known, String misspelt) {
    return known.stream().min(Comparator.comparingInt(k -> between(k, misspelt)))
        .filter(k -> between(k, misspelt) <= Math.max(2, misspelt.length() / 3));
  }
}
