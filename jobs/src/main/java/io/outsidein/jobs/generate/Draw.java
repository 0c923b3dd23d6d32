package io.outsidein.jobs.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The random draws of one entity. Each stream is seeded from (seed, stream, entity) so that an entity's data
 * does not depend on which partition or executor makes it, and so that faults and late deliveries draw from
 * streams of their own: changing the bad rate never changes the clean rows.
 */
final class Draw {
  /** Streams: one per purpose, so adding draws to one never shifts another. */
  enum Stream {
    PROFILE, ACCOUNT, ACTIVITY, REFERRAL, DELIVERY, FAULT, ENGAGEMENT_UNIT, ENGAGEMENT_MONTH, PULSE, WORLD, DEVICE
  }

  private final SplittableRandom random;

  private Draw(long state) {
    this.random = new SplittableRandom(state);
  }

  static Draw of(long seed, Stream stream, long entity) {
    return new Draw(mix(seed * 1_000_003L + entity) ^ mix(stream.ordinal() + 0x5DEECE66DL * (stream.ordinal() + 1)));
  }

  /** A stable 64-bit hash, for ids derived from the seed (device ids). */
  static long hash(long seed, Stream stream, long entity, long item) {
    return mix(mix(seed * 1_000_003L + entity) ^ mix(stream.ordinal() * 31L + item));
  }

  // Stafford's mix13, as in SplittableRandom: neighbouring seeds give unrelated streams.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  double uniform() {
    return random.nextDouble();
  }

  double uniform(double min, double max) {
    return min + (max - min) * random.nextDouble();
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /** An integer in [min, max], both included. */
  int between(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  double gaussian() {
    return random.nextGaussian();
  }

  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** An index drawn with the given weights (they need not sum to 1). */
  int weighted(double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** An index drawn from cumulative weights (ascending, last = total). */
  int cumulative(double[] cumulativeWeights) {
    double u = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
    int lo = 0;
    int hi = cumulativeWeights.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulativeWeights[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** A digit string of the given length. */
  String digits(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('0' + random.nextInt(10)));
    }
    return text.toString();
  }
}
