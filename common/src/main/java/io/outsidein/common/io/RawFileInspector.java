package io.outsidein.common.io;

import com.univocity.parsers.common.TextParsingException;
import io.outsidein.common.schema.ReasonCodes;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Finds the files that cannot be read at all before the read, so that one broken file becomes one quarantine
 * record instead of failing the run or, with Spark's ignoreCorruptFiles, silently losing the rest of the
 * file. Gzip files are decompressed to the end in parallel tasks (a truncated one only shows there); CSV
 * headers and Parquet footers are read on the driver.
 */
public final class RawFileInspector {
  private final SparkSession spark;

  public RawFileInspector(SparkSession spark) {
    this.spark = spark;
  }

  /** The outcome: rejected files, and the header line of every readable CSV file. */
  public record Inspection(List<FileRejection> rejections, Map<RawFile, String> csvHeaders) {
    public Inspection {
      rejections = List.copyOf(rejections);
      csvHeaders = Map.copyOf(csvHeaders);
    }
  }

  /**
   * @param requiredColumns the delivered column names a CSV or Parquet file must have
   */
  public Inspection inspect(List<RawFile> files, List<String> requiredColumns) {
    List<FileRejection> rejections = new ArrayList<>();
    Map<RawFile, String> headers = new LinkedHashMap<>();
    rejections.addAll(checkGzip(files));
    for (RawFile file : files) {
      if (rejections.stream().anyMatch(r -> r.file().equals(file))) {
        continue;
      }
      Optional<RawFormat> format = RawFormat.of(file.name());
      if (format.isEmpty()) {
        rejections.add(new FileRejection(file, ReasonCodes.UNREADABLE_FILE,
            "unsupported file extension; expected .json, .jsonl, .csv (optionally .gz) or .parquet"));
      } else if (file.length() == 0) {
        continue; // an empty delivery: nothing to read, nothing lost
      } else if (format.get() == RawFormat.CSV) {
        inspectCsv(file, requiredColumns, rejections, headers);
      } else if (format.get() == RawFormat.PARQUET) {
        inspectParquet(file, requiredColumns, rejections);
      }
    }
    return new Inspection(rejections, headers);
  }

  private void inspectCsv(RawFile file, List<String> required, List<FileRejection> rejections,
      Map<RawFile, String> headers) {
    String header;
    try {
      header = firstRecord(file);
    } catch (IOException e) {
      rejections.add(new FileRejection(file, ReasonCodes.UNREADABLE_FILE, String.valueOf(e.getMessage())));
      return;
    }
    if (header == null) {
      return; // no content after decompression
    }
    List<String> columns = CsvRecords.values(header).stream().map(c -> c == null ? "" : c.trim()).toList();
    List<String> missing = required.stream().filter(c -> !columns.contains(c)).toList();
    if (!missing.isEmpty()) {
      rejections.add(new FileRejection(file, ReasonCodes.BAD_HEADER, "header lacks " + missing + ": " + header,
          Math.max(1, recordsAfterHeader(file, header))));
      return;
    }
    headers.put(file, header);
  }

  private void inspectParquet(RawFile file, List<String> required, List<FileRejection> rejections) {
    try {
      Dataset<Row> rows = spark.read().parquet(file.path());
      List<String> columns = List.of(rows.schema().fieldNames());
      List<String> missing = required.stream().filter(c -> !columns.contains(c)).toList();
      if (!missing.isEmpty()) {
        // The footers know the count: no data page is read.
        rejections.add(new FileRejection(file, ReasonCodes.BAD_HEADER, "columns " + columns + " lack " + missing,
            Math.max(1, rows.count())));
      }
    } catch (RuntimeException e) {
      rejections.add(new FileRejection(file, ReasonCodes.UNREADABLE_FILE, firstLineOf(e.getMessage())));
    }
  }

  private static String firstLineOf(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The file's first record, its header, as delivered; null when the file holds no record. */
  private String firstRecord(RawFile file) throws IOException {
    try (Reader reader = reader(file)) {
      Iterator<CsvRecords.Record> records = CsvRecords.records(reader);
      return records.hasNext() ? records.next().raw() : null;
    } catch (UncheckedIOException | TextParsingException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * The records of a CSV file after its header (a repeated header is not one), for a file rejected whole: it
   * counts as what it holds. Read on the driver, as such files are rare; 1 when it cannot be read to its end.
   */
  private long recordsAfterHeader(RawFile file, String header) {
    try (Reader reader = reader(file)) {
      return CsvRecords.countAfterHeader(reader, header);
    } catch (IOException | UncheckedIOException | TextParsingException e) {
      return 1;
    }
  }

  /** The file's text, decompressed when it is gzip. */
  private Reader reader(RawFile file) throws IOException {
    FileSystem fs = FileSystem.get(URI.create(file.path()), spark.sparkContext().hadoopConfiguration());
    return new InputStreamReader(open(fs.open(new Path(file.path())), file), StandardCharsets.UTF_8);
  }

  private static InputStream open(InputStream raw, RawFile file) throws IOException {
    return RawFormat.isGzip(file.name()) ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  private List<FileRejection> checkGzip(List<RawFile> files) {
    List<RawFile> gzip = files.stream().filter(f -> RawFormat.isGzip(f.name()) && f.length() > 0).toList();
    if (gzip.isEmpty()) {
      return List.of();
    }
    Map<String, String> conf = new HashMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> conf.put(e.getKey(), e.getValue()));
    List<String> paths = gzip.stream().map(RawFile::path).toList();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    spark.sparkContext().setJobDescription("ingest: check " + paths.size() + " gzip files");
    List<String> problems = jsc.parallelize(paths, paths.size())
        .map(path -> gzipProblem(path, conf))
        .collect();
    List<FileRejection> rejections = new ArrayList<>();
    for (int i = 0; i < gzip.size(); i++) {
      String problem = problems.get(i);
      if (!problem.isEmpty()) {
        boolean truncated = problem.startsWith("truncated");
        rejections.add(new FileRejection(gzip.get(i),
            truncated ? ReasonCodes.TRUNCATED_FILE : ReasonCodes.UNREADABLE_FILE, problem));
      }
    }
    return rejections;
  }

  /** Empty when the gzip stream decompresses to its end; else what went wrong. Runs in a task. */
  private static String gzipProblem(String path, Map<String, String> conf) {
    Configuration hadoop = new Configuration(false);
    conf.forEach(hadoop::set);
    byte[] buffer = new byte[1 << 16];
    try {
      FileSystem fs = FileSystem.get(URI.create(path), hadoop);
      try (InputStream in = new GZIPInputStream(fs.open(new Path(path)), 1 << 16)) {
        while (in.read(buffer) >= 0) {
          // read to the end: only the end shows a truncated stream
        }
      }
      return "";
    } catch (EOFException e) {
      return "truncated gzip stream: " + e.getMessage();
    } catch (ZipException e) {
      return "corrupt gzip stream: " + e.getMessage();
    } catch (IOException e) {
      return "cannot read: " + e.getMessage();
    }
  }
}
