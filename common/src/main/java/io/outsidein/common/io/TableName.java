package io.outsidein.common.io;

import static java.util.Objects.requireNonNull;

/** A table in the catalog, {@code database.table}. */
public record TableName(String database, String table) {
  public TableName {
    requireNonNull(database, "database is null");
    requireNonNull(table, "table is null");
  }

  /** The name as SQL writes it, quoted. */
  public String sql() {
    return "`" + database + "`.`" + table + "`";
  }

  @Override
  public String toString() {
    return database + "." + table;
  }
}
