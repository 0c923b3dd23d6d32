package io.outsidein.common.config;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.regexp_extract;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.sql.Column;

/**
 * {@code outsidein.stores}: what a store id says about the store. Read by every stage that groups stores (the
 * scorecard's region dimension, the scope of a context event), from one key with one default.
 */
public record StoreSettings(Optional<Pattern> regionPattern) {
  /** Reads the {@code stores} section. */
  public static StoreSettings read(ConfigReader stores) {
    String text = stores.string("region-pattern");
    if (text.isBlank()) {
      return new StoreSettings(Optional.empty());
    }
    try {
      Pattern pattern = Pattern.compile(text);
      if (pattern.matcher("").groupCount() < 1) {
        throw stores.invalid("region-pattern", "needs a group ( ... ) that captures the region");
      }
      return new StoreSettings(Optional.of(pattern));
    } catch (PatternSyntaxException e) {
      throw stores.invalid("region-pattern", "must be a regular expression: " + e.getDescription());
    }
  }

  /** The region of a store id: the pattern's first group; null when it does not match or there is no pattern. */
  public Column region(Column storeId) {
    return regionPattern.map(p -> nullif(regexp_extract(storeId, p.pattern(), 1), lit("")))
        .orElse(lit(null).cast("string"));
  }
}
