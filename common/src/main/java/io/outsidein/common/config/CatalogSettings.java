package io.outsidein.common.config;

import java.util.regex.Pattern;

/** The database of each layer in the catalog. */
public record CatalogSettings(String silverDatabase, String goldDatabase, String opsDatabase) {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  static CatalogSettings read(ConfigReader catalog) {
    return new CatalogSettings(
        database(catalog, "silver-database"), database(catalog, "gold-database"), database(catalog, "ops-database"));
  }

  private static String database(ConfigReader catalog, String path) {
    String name = catalog.string(path);
    if (!IDENTIFIER.matcher(name).matches()) {
      throw catalog.invalid(path, "must be a lower-case identifier: a letter, then letters, digits or _");
    }
    return name;
  }
}
