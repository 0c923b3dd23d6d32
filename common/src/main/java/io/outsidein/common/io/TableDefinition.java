package io.outsidein.common.io;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a Delta table looks like: its columns with comments (in the schema's metadata), partition columns and a
 * table comment. {@link DeltaTables#ensure} creates it from this when it does not exist yet.
 */
public record TableDefinition(TableName name, StructType schema, List<String> partitionColumns, String comment) {
  public TableDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(schema, "schema is null");
    partitionColumns = List.copyOf(partitionColumns);
    requireNonNull(comment, "comment is null");
  }

  /** A nullable column with its comment, as {@link DeltaTables#ensure} writes it into the catalog. */
  public static StructField column(String name, DataType type, String comment) {
    return new StructField(name, type, true, new MetadataBuilder().putString("comment", comment).build());
  }
}
