package io.outsidein.common.schema;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The canonical types of raw fields, and the Spark type each becomes in silver. */
public enum FieldType {
  STRING(DataTypes.StringType),
  /** An instant: ISO-8601 with an offset, or zone-less in the source's configured zone. Stored in UTC. */
  TIMESTAMP(DataTypes.TimestampType),
  /** A calendar date, {@code yyyy-MM-dd}. */
  DATE(DataTypes.DateType),
  /** A month, {@code yyyy-MM}, stored as the date of its first day. */
  MONTH(DataTypes.DateType),
  INTEGER(DataTypes.IntegerType),
  DECIMAL(DataTypes.DoubleType),
  /** A JSON object of string values. */
  STRING_MAP(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)),
  /** A JSON object of integer ratings. */
  INTEGER_MAP(DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType));

  private final DataType sparkType;

  FieldType(DataType sparkType) {
    this.sparkType = sparkType;
  }

  public DataType sparkType() {
    return sparkType;
  }
}
