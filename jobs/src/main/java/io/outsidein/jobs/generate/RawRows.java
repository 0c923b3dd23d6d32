package io.outsidein.jobs.generate;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows every text source is generated as: the rendered line with its source and dt folder, plus what
 * the ground truth needs (natural key and expected quarantine reason). {@code rank} 0 marks a CSV header,
 * sorted first in its file.
 */
final class RawRows {
  static final String SOURCE = "source";
  static final String DT = "dt";
  static final String RANK = "rank";
  static final String LINE = "line";
  static final String KEY = "natural_key";
  static final String REASON = "reason";

  static final StructType SCHEMA = new StructType()
      .add(SOURCE, DataTypes.StringType, false)
      .add(DT, DataTypes.StringType, false)
      .add(RANK, DataTypes.IntegerType, false)
      .add(LINE, DataTypes.StringType, false)
      .add(KEY, DataTypes.StringType, true)
      .add(REASON, DataTypes.StringType, true);

  static final int HEADER = 0;
  static final int DATA = 1;

  private RawRows() {}

  static Row data(SourceFormat format, String dt, String line, String key, String reason) {
    return RowFactory.create(format.id(), dt, DATA, line, key, reason);
  }

  static Row header(SourceFormat format, String dt) {
    return RowFactory.create(format.id(), dt, HEADER, format.header(), null, null);
  }
}
