package io.outsidein.common.io;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.outsidein.common.config.FeedSettings;
import io.outsidein.common.schema.ReasonCodes;
import io.outsidein.common.schema.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the readable files of one source into one frame: the canonical fields as strings (mapped from their
 * delivered names) plus the {@link RawRecords} columns. Always with an explicit schema, never inferred, so a
 * delivery can never change the types; typing and rules come after, in ingest. JSON is read as lines and parsed
 * with from_json, CSV as whole records by {@link CsvRecords} (a quoted field may span lines), so the raw text of
 * every record stays at hand for quarantine.
 */
public final class RawReader {
  private static final String CORRUPT = "_corrupt_record";
  private static final String VALUES = "_values";

  private final SparkSession spark;
  private final int parallelism;

  /**
   * {@code parallelism}: the least number of tasks that parse text records; fewer files than that (a gzip
   * file cannot be split) are spread over this many by a hash of file and line. 0 = the default parallelism.
   */
  public RawReader(SparkSession spark, int parallelism) {
    this.spark = spark;
    this.parallelism = parallelism > 0 ? parallelism : spark.sparkContext().defaultParallelism();
  }

  /** Empty when there is nothing to read. */
  public Dataset<Row> read(Source source, FeedSettings settings, List<RawFile> files, Map<RawFile, String> csvHeaders) {
    List<Dataset<Row>> parts = new ArrayList<>();
    List<String> json = paths(files, RawFormat.JSON_LINES);
    if (!json.isEmpty()) {
      parts.add(readJson(source, settings, json));
    }
    Map<String, List<String>> csvByHeader = new LinkedHashMap<>();
    for (RawFile file : files) {
      if (csvHeaders.containsKey(file)) {
        csvByHeader.computeIfAbsent(csvHeaders.get(file), h -> new ArrayList<>()).add(file.path());
      }
    }
    csvByHeader.forEach((header, paths) -> parts.add(readCsv(source, settings, header, paths)));
    List<String> parquet = paths(files, RawFormat.PARQUET);
    if (!parquet.isEmpty()) {
      parts.add(readParquet(source, settings, parquet));
    }
    if (parts.isEmpty()) {
      return spark.createDataFrame(List.of(), schema(source));
    }
    Dataset<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.unionByName(parts.get(i));
    }
    return all;
  }

  /** The schema of what {@link #read} returns. */
  public static StructType schema(Source source) {
    StructType schema = new StructType()
        .add(RawRecords.FILE, DataTypes.StringType)
        .add(RawRecords.POSITION, DataTypes.LongType)
        .add(RawRecords.DELIVERY_DATE, DataTypes.DateType)
        .add(RawRecords.RAW, DataTypes.StringType)
        .add(RawRecords.FORMAT, DataTypes.StringType)
        .add(RawRecords.HEADER, DataTypes.createArrayType(DataTypes.StringType))
        .add(RawRecords.MALFORMED, DataTypes.StringType);
    for (String field : source.fieldNames()) {
      schema = schema.add(field, DataTypes.StringType);
    }
    return schema;
  }

  private static List<String> paths(List<RawFile> files, RawFormat format) {
    return files.stream()
        .filter(f -> f.length() > 0 && RawFormat.of(f.name()).orElse(null) == format)
        .map(RawFile::path)
        .collect(Collectors.toList());
  }

  private Dataset<Row> lines(List<String> paths) {
    // Blank lines (a trailing newline, a gap) separate records; they are not records themselves.
    Dataset<Row> lines = spark.read().text(paths.toArray(new String[0]))
        .select(input_file_name().as(RawRecords.FILE), monotonically_increasing_id().as(RawRecords.POSITION),
            col("value").as(RawRecords.RAW))
        .where(trim(col(RawRecords.RAW)).notEqual(""));
    return spread(lines);
  }

  private Dataset<Row> spread(Dataset<Row> records) {
    // Reading a record is cheap, typing and validating it is not: spread them over every core. A hash
    // partitioning (not round-robin) keeps a retried task's rows where they were, without a sort.
    return records.rdd().getNumPartitions() >= parallelism
        ? records
        : records.repartition(parallelism, col(RawRecords.FILE), col(RawRecords.RAW));
  }

  private Dataset<Row> readJson(Source source, FeedSettings settings, List<String> paths) {
    StructType parseSchema = new StructType();
    for (String field : source.fieldNames()) {
      parseSchema = parseSchema.add(settings.deliveredName(field), DataTypes.StringType);
    }
    parseSchema = parseSchema.add(CORRUPT, DataTypes.StringType);
    Column parsed = from_json(col(RawRecords.RAW), parseSchema,
        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
    Dataset<Row> withParsed = lines(paths).withColumn("_parsed", parsed);
    Column malformed = when(col("_parsed").isNull().or(col("_parsed." + CORRUPT).isNotNull()),
        lit(ReasonCodes.MALFORMED_JSON));
    return project(source, withParsed, "json", noHeader(), malformed,
        field -> col("_parsed.`" + settings.deliveredName(field) + "`"));
  }

  private Dataset<Row> readCsv(Source source, FeedSettings settings, String header, List<String> paths) {
    List<String> columns = CsvRecords.values(header).stream().map(String::trim).collect(Collectors.toList());
    StructType recordSchema = new StructType()
        .add(RawRecords.FILE, DataTypes.StringType)
        .add(RawRecords.POSITION, DataTypes.LongType)
        .add(RawRecords.RAW, DataTypes.StringType)
        .add(VALUES, DataTypes.createArrayType(DataTypes.StringType));
    // Whole files, not lines: a quoted field may span lines. A file is parsed in one task as it streams.
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> records = jsc.binaryFiles(String.join(",", paths), parallelism)
        .flatMap(file -> csvRows(file._1(), file._2(), header));
    Dataset<Row> rows = spread(spark.createDataFrame(records, recordSchema));
    Column[] names = columns.stream().map(functions::lit).toArray(Column[]::new);
    Column malformed = when(size(col(VALUES)).notEqual(columns.size()), lit(ReasonCodes.MALFORMED_CSV));
    return project(source, rows, "csv", array(names), malformed, field -> {
      int position = columns.indexOf(settings.deliveredName(field));
      return position >= 0 ? col(VALUES).getItem(position) : lit(null).cast(DataTypes.StringType);
    });
  }

  /** The records of one CSV file but its header (and repeats of it, as in concatenated exports). Runs in a task. */
  private static Iterator<Row> csvRows(String path, PortableDataStream content, String header) throws IOException {
    InputStream in = content.open();
    if (RawFormat.isGzip(path)) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    // Lazily, as the file streams; the parser closes the stream at its end.
    Iterator<CsvRecords.Record> records = CsvRecords.records(new InputStreamReader(in, StandardCharsets.UTF_8));
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(records, Spliterator.ORDERED), false)
        .filter(record -> !record.raw().equals(header))
        .map(record -> RowFactory.create(path, record.number(), record.raw(), record.values().toArray(new String[0])))
        .iterator();
  }

  private static Column noHeader() {
    return lit(null).cast(DataTypes.createArrayType(DataTypes.StringType));
  }

  private Dataset<Row> readParquet(Source source, FeedSettings settings, List<String> paths) {
    Dataset<Row> rows = spark.read().parquet(paths.toArray(new String[0]));
    List<String> present = Arrays.asList(rows.columns());
    Column[] all = Arrays.stream(rows.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Dataset<Row> withRaw = rows.select(col("*"), input_file_name().as(RawRecords.FILE),
        monotonically_increasing_id().as(RawRecords.POSITION), to_json(struct(all)).as(RawRecords.RAW));
    return project(source, withRaw, "parquet", noHeader(), lit(null).cast(DataTypes.StringType), field -> {
          String delivered = settings.deliveredName(field);
          return present.contains(delivered) ? col("`" + delivered + "`").cast(DataTypes.StringType)
              : lit(null).cast(DataTypes.StringType);
        });
  }

  private static Dataset<Row> project(Source source, Dataset<Row> rows, String format, Column header,
      Column malformed, java.util.function.Function<String, Column> fieldColumn) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(RawRecords.FILE));
    columns.add(col(RawRecords.POSITION));
    columns.add(regexp_extract(col(RawRecords.FILE), "dt=(\\d{4}-\\d{2}-\\d{2})", 1)
        .cast(DataTypes.DateType).as(RawRecords.DELIVERY_DATE));
    columns.add(col(RawRecords.RAW));
    columns.add(lit(format).as(RawRecords.FORMAT));
    columns.add(header.as(RawRecords.HEADER));
    columns.add(malformed.as(RawRecords.MALFORMED));
    for (String field : source.fieldNames()) {
      columns.add(fieldColumn.apply(field).as(field));
    }
    return rows.select(columns.toArray(new Column[0]));
  }
}
