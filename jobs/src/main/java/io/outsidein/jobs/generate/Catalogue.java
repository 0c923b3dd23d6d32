package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The items for sale and how baskets are drawn from them. Most items are drawn by popularity (a Zipf-like
 * weight), each independently, so two of them are bought together at chance level (lift 1). The named items
 * of the planted truths are drawn on their own: hurricane and control SKUs at a base rate (k times it in a
 * warned store), planted pairs with the configured lift and control pairs independently.
 */
final class Catalogue implements Serializable {
  /** An item: id, category, price in dollars. */
  record Sku(String id, String category, double price) implements Serializable {}

  /** One line of a basket. */
  record Line(String sku, int quantity, double unitPrice) implements Serializable {}

  /** Two items of a pair. */
  record Pair(String first, String second) implements Serializable {
    static Pair parse(String text) {
      String[] parts = text.split(":");
      return new Pair(parts[0].trim(), parts[1].trim());
    }
  }

  private static final List<String> CATEGORIES = List.of("grocery", "snacks", "beverages", "household",
      "personal-care", "electronics", "apparel", "toys", "home", "hardware", "stationery", "pets");
  private static final Map<String, String> NAMED_CATEGORIES = Map.ofEntries(
      Map.entry("strawberry-toaster-pastry", "snacks"), Map.entry("flashlight", "hardware"),
      Map.entry("aa-batteries", "hardware"), Map.entry("bottled-water-24pk", "beverages"),
      Map.entry("beer-12pk", "beverages"), Map.entry("greeting-card", "stationery"),
      Map.entry("shampoo", "personal-care"), Map.entry("coffee-beans", "grocery"), Map.entry("dog-food", "pets"),
      Map.entry("paper-towels", "household"), Map.entry("pasta", "grocery"), Map.entry("pasta-sauce", "grocery"),
      Map.entry("tortilla-chips", "snacks"), Map.entry("salsa", "grocery"), Map.entry("printer-paper", "stationery"),
      Map.entry("ink-cartridge", "electronics"), Map.entry("light-bulbs", "household"),
      Map.entry("notebook", "stationery"), Map.entry("toothpaste", "personal-care"), Map.entry("rice", "grocery"));
  private static final Map<String, double[]> PRICE_RANGES = Map.ofEntries(
      Map.entry("grocery", new double[] {1.5, 12}), Map.entry("snacks", new double[] {1.5, 8}),
      Map.entry("beverages", new double[] {1, 25}), Map.entry("household", new double[] {2, 30}),
      Map.entry("personal-care", new double[] {2, 20}), Map.entry("electronics", new double[] {10, 400}),
      Map.entry("apparel", new double[] {8, 90}), Map.entry("toys", new double[] {5, 60}),
      Map.entry("home", new double[] {6, 150}), Map.entry("hardware", new double[] {3, 80}),
      Map.entry("stationery", new double[] {1, 25}), Map.entry("pets", new double[] {3, 45}),
      Map.entry("misc", new double[] {2, 40}));

  private final Map<String, Sku> skus;
  private final List<Sku> popular;
  private final double[] cumulativeWeights;
  private final List<String> hurricaneSkus;
  private final List<String> controlSkus;
  private final List<Pair> pairs;
  private final List<Pair> controlPairs;
  private final double baseRate;
  private final double multiplier;
  private final double support;
  private final double lift;

  private Catalogue(Map<String, Sku> skus, List<Sku> popular, GeneratorSettings.Planted planted) {
    this.skus = Map.copyOf(skus);
    this.popular = List.copyOf(popular);
    this.cumulativeWeights = new double[popular.size()];
    double total = 0;
    for (int rank = 0; rank < popular.size(); rank++) {
      total += 1.0 / (rank + 5);
      cumulativeWeights[rank] = total;
    }
    this.hurricaneSkus = planted.hurricane().skus();
    this.controlSkus = planted.hurricane().controlSkus();
    this.pairs = planted.coPurchase().pairs().stream().map(Pair::parse).toList();
    this.controlPairs = planted.coPurchase().controlPairs().stream().map(Pair::parse).toList();
    this.baseRate = planted.hurricane().baseRate();
    this.multiplier = planted.hurricane().multiplier();
    this.support = planted.coPurchase().support();
    this.lift = planted.coPurchase().lift();
  }

  static Catalogue of(GeneratorSettings settings) {
    GeneratorSettings.Planted planted = settings.planted();
    Set<String> named = new LinkedHashSet<>();
    named.addAll(planted.hurricane().skus());
    named.addAll(planted.hurricane().controlSkus());
    for (String pair : planted.coPurchase().pairs()) {
      named.add(Pair.parse(pair).first());
      named.add(Pair.parse(pair).second());
    }
    for (String pair : planted.coPurchase().controlPairs()) {
      named.add(Pair.parse(pair).first());
      named.add(Pair.parse(pair).second());
    }
    if (named.size() != planted.hurricane().skus().size() + planted.hurricane().controlSkus().size()
        + 2 * (planted.coPurchase().pairs().size() + planted.coPurchase().controlPairs().size())) {
      throw new IllegalArgumentException("outsidein.generate.planted: the hurricane SKUs, control SKUs, "
          + "pairs and control pairs must be different items, got " + named);
    }
    Draw draw = Draw.of(settings.seed(), Draw.Stream.WORLD, 1);
    Map<String, Sku> skus = new LinkedHashMap<>();
    for (String id : named) {
      String category = NAMED_CATEGORIES.getOrDefault(id, "misc");
      skus.put(id, new Sku(id, category, price(category, draw)));
    }
    List<Sku> popular = new ArrayList<>();
    int generic = Math.max(40, settings.volumes().catalogueSize() - named.size());
    for (int i = 0; i < generic; i++) {
      String category = CATEGORIES.get(i % CATEGORIES.size());
      Sku sku = new Sku(String.format(Locale.ROOT, "%s-%03d", category, i / CATEGORIES.size() + 1), category,
          price(category, draw));
      skus.put(sku.id(), sku);
      popular.add(sku);
    }
    return new Catalogue(skus, popular, planted);
  }

  private static double price(String category, Draw draw) {
    double[] range = PRICE_RANGES.get(category);
    // Shelf prices end in .99.
    return Math.floor(draw.uniform(range[0], range[1])) + 0.99;
  }

  /**
   * A basket. {@code meanItems} is the mean number of popular items; {@code warned} whether the store is
   * under a hurricane warning that day (only then the hurricane SKUs are drawn at k times their base rate).
   */
  List<Line> basket(Draw draw, double meanItems, int quantityFactor, boolean warned) {
    Map<String, Integer> quantities = new LinkedHashMap<>();
    int items = draw.poisson(meanItems);
    for (int i = 0; i < items; i++) {
      quantities.merge(popular.get(draw.cumulative(cumulativeWeights)).id(), quantity(draw, quantityFactor),
          Integer::sum);
    }
    for (String sku : hurricaneSkus) {
      if (draw.chance(warned ? baseRate * multiplier : baseRate)) {
        quantities.put(sku, quantity(draw, 1));
      }
    }
    for (String sku : controlSkus) {
      if (draw.chance(baseRate)) {
        quantities.put(sku, quantity(draw, 1));
      }
    }
    // P(B | A) = lift x support and P(B | not A) chosen so that P(B) = support: the lift is exact.
    double withFirst = lift * support;
    double withoutFirst = (support - support * withFirst) / (1 - support);
    for (Pair pair : pairs) {
      boolean first = draw.chance(support);
      boolean second = draw.chance(first ? withFirst : withoutFirst);
      addIf(first, pair.first(), quantities, draw);
      addIf(second, pair.second(), quantities, draw);
    }
    for (Pair pair : controlPairs) {
      addIf(draw.chance(support), pair.first(), quantities, draw);
      addIf(draw.chance(support), pair.second(), quantities, draw);
    }
    if (quantities.isEmpty()) {
      quantities.put(popular.get(draw.cumulative(cumulativeWeights)).id(), quantity(draw, quantityFactor));
    }
    List<Line> lines = new ArrayList<>(quantities.size());
    quantities.forEach((sku, quantity) -> lines.add(new Line(sku, quantity, skus.get(sku).price())));
    return lines;
  }

  private static void addIf(boolean buy, String sku, Map<String, Integer> quantities, Draw draw) {
    if (buy) {
      quantities.put(sku, quantity(draw, 1));
    }
  }

  private static int quantity(Draw draw, int factor) {
    int base = switch (draw.weighted(0.7, 0.2, 0.1)) {
      case 0 -> 1;
      case 1 -> 2;
      default -> draw.between(3, 6);
    };
    return base * factor;
  }

  /** A popular item, for browsing and abandoned carts. */
  String browse(Draw draw) {
    return popular.get(draw.cumulative(cumulativeWeights)).id();
  }

  double price(String sku) {
    return skus.get(sku).price();
  }

  List<Sku> all() {
    return List.copyOf(skus.values());
  }

  List<String> hurricaneSkus() {
    return hurricaneSkus;
  }

  List<String> controlSkus() {
    return controlSkus;
  }

  List<Pair> pairs() {
    return pairs;
  }

  List<Pair> controlPairs() {
    return controlPairs;
  }
}
