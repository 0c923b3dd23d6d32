package io.outsidein.common.tables;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import io.outsidein.common.schema.Source;
import java.util.Arrays;
import java.util.List;

/**
 * The silver tables: one per raw source, its canonical fields typed, partitioned by event date (the customer
 * master is not partitioned). Ingest writes them; every later stage reads them by this definition.
 */
public final class SilverTables {
  private SilverTables() {}

  /** The silver table of {@code source}. */
  public static TableDefinition of(CatalogSettings catalog, Source source) {
    List<String> partitions = source.eventTimeField().isPresent() ? List.of(Source.EVENT_DATE) : List.of();
    return new TableDefinition(new TableName(catalog.silverDatabase(), source.id()), source.silverSchema(),
        partitions, source.description() + " (validated, UTC, deduplicated, pseudonymised)");
  }

  /** The silver tables of {@code sources}, in that order. */
  public static List<TableDefinition> of(CatalogSettings catalog, Source... sources) {
    return Arrays.stream(sources).map(s -> of(catalog, s)).toList();
  }

  /** Every silver table, in the order of {@link Source}. */
  public static List<TableDefinition> all(CatalogSettings catalog) {
    return of(catalog, Source.values());
  }
}
