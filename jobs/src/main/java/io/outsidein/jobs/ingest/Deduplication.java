package io.outsidein.jobs.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.outsidein.common.config.FeedSettings;
import io.outsidein.common.io.RawRecords;
import io.outsidein.common.schema.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decides the fate of each valid record by its key: the first delivered of a key (earliest dt folder, then file,
 * then position in the file) is new unless silver holds the key already; a later record of the key is a
 * duplicate when its content is the same record delivered again, and a conflict when it is not. A conflict goes
 * to quarantine ({@code conflicting_key}): two different records with one key are never silently one. Ordering
 * by delivery makes a backfill over a range decide as the days one by one, where the first delivery wins.
 */
final class Deduplication {
  /** A hash of the record's delivered content: the same for the same record delivered again. */
  static final String CONTENT = "_content";
  /** The record's identity: its feed and its feed's key fields. */
  static final String KEY = "_key";
  /** {@link #NEW}, {@link #DUPLICATE} or {@link #CONFLICT}. */
  static final String FATE = "_fate";
  static final String NEW = "new";
  static final String DUPLICATE = "duplicate";
  static final String CONFLICT = "conflict";
  private static final String EXISTING = "_existing";
  private static final String FIRST = "_first";

  private Deduplication() {}

  /**
   * The content hash over the canonical fields ({@code fields}), each cast to its type; a map is hashed as its
   * sorted entries, so that key order in a delivery does not make a re-delivered record look different. What
   * ingest derives (feed, line kind, event date) is not content.
   */
  static Column content(StructType fields) {
    Column[] values = Arrays.stream(fields.fields()).map(Deduplication::hashable).toArray(Column[]::new);
    return xxhash64(values);
  }

  /**
   * The identity of a record, as one comparable value: its feed and the values of that feed's key, as a JSON
   * array of strings (a null stays null, distinct from the text "null"). Records of two feeds never share an
   * identity. A row written before feeds existed belongs to the {@value FeedSettings#DEFAULT} feed.
   */
  static Column key(List<FeedSettings> feeds) {
    Column feed = coalesce(col("`" + Source.FEED + "`"), lit(FeedSettings.DEFAULT));
    Column identity = null;
    for (FeedSettings settings : feeds) {
      List<Column> parts = new ArrayList<>();
      parts.add(feed);
      settings.key().forEach(k -> parts.add(col("`" + k + "`").cast(DataTypes.StringType)));
      Column json = to_json(array(parts.toArray(new Column[0])));
      identity = identity == null ? when(feed.equalTo(settings.name()), json)
          : identity.when(feed.equalTo(settings.name()), json);
    }
    // A silver row of a feed no longer configured can match no record of this batch.
    return identity.otherwise(to_json(array(feed)));
  }

  private static Column hashable(StructField field) {
    Column value = col("`" + field.name() + "`").cast(field.dataType());
    return field.dataType() instanceof MapType ? array_sort(map_entries(value)) : value;
  }

  /**
   * Adds {@link #FATE} to valid records that carry {@link #KEY} and {@link #CONTENT}. {@code existing} holds
   * {@link #KEY} and {@link #CONTENT} of what silver has (within the bound the batch can reach).
   */
  static Dataset<Row> judge(Dataset<Row> valid, Dataset<Row> existing) {
    WindowSpec byDelivery = Window.partitionBy(col(KEY)).orderBy(col(RawRecords.DELIVERY_DATE),
        col(RawRecords.FILE), col(RawRecords.POSITION), col(CONTENT));
    Dataset<Row> ranked = valid
        .withColumn("_rank", row_number().over(byDelivery))
        .withColumn(FIRST, first(col(CONTENT)).over(byDelivery));
    Dataset<Row> silver = existing.withColumnRenamed(CONTENT, EXISTING).withColumnRenamed(KEY, "_silver_key");
    Column joinOn = ranked.col(KEY).equalTo(silver.col("_silver_key"));
    Column againstFirst = when(col("_rank").equalTo(1), lit(NEW))
        .when(col(CONTENT).equalTo(col(FIRST)), lit(DUPLICATE))
        .otherwise(lit(CONFLICT));
    Column fate = when(col(EXISTING).isNull(), againstFirst)
        .when(col(CONTENT).equalTo(col(EXISTING)), lit(DUPLICATE))
        .otherwise(lit(CONFLICT));
    Column[] kept = Arrays.stream(ranked.columns()).filter(c -> !c.equals("_rank") && !c.equals(FIRST) && !c.equals(KEY))
        .map(c -> ranked.col("`" + c + "`")).toArray(Column[]::new);
    return ranked.join(silver, joinOn, "left")
        .select(concat(kept, fate.as(FATE)));
  }

  private static Column[] concat(Column[] columns, Column... more) {
    Column[] all = Arrays.copyOf(columns, columns.length + more.length);
    System.arraycopy(more, 0, all, columns.length, more.length);
    return all;
  }
}
