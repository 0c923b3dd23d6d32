package io.outsidein.jobs.generate;

import io.outsidein.common.io.CsvRecords;
import io.outsidein.common.schema.ReasonCodes;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-level faults, added next to the published files of the middle day of the range: a gzip file of
 * interactions cut in the middle (truncated_file), a surveys CSV whose header renames score to rating
 * (bad_header) and an empty order_lines file. Their content copies the day's first rows, so only the file is
 * wrong. The truncated file counts as one quarantined record (its records cannot be counted), the one with the
 * wrong header as the records it holds, and the empty one as none.
 */
final class FileFaults {
  private static final Logger LOG = LoggerFactory.getLogger(FileFaults.class);
  private static final int COPIED_LINES = 200;

  private final RawLayoutWriter writer;

  FileFaults(RawLayoutWriter writer) {
    this.writer = writer;
  }

  static LocalDate day(GeneratorSettings settings) {
    return settings.from().plusDays(settings.days() / 2);
  }

  /** Writes the faulty files; returns the records of the survey file with the wrong header. */
  long write(LocalDate day) {
    long badHeaderRecords;
    try {
      List<String> interactions = firstLines(SourceFormat.INTERACTIONS, day, COPIED_LINES);
      if (interactions.isEmpty()) {
        interactions = List.of("{\"event_id\":\"E-truncated\",\"event_time\":\"" + day + "T12:00:00.000Z\"}");
      }
      byte[] gzip = gzip(String.join("\n", interactions) + "\n");
      writer.write(new Path(writer.dtFolder(SourceFormat.INTERACTIONS, day), "part-99999.json.gz"),
          Arrays.copyOf(gzip, gzip.length / 2));

      List<String> surveys = new ArrayList<>(firstLines(SourceFormat.SURVEYS, day, 21));
      String header = SourceFormat.SURVEYS.header().replace(",score,", ",rating,");
      if (surveys.isEmpty()) {
        surveys.add(header);
      } else {
        surveys.set(0, header);
      }
      // Records, not lines: a comment may span lines. Counted as ingest counts them.
      badHeaderRecords = Math.max(1, CsvRecords.countAfterHeader(new java.io.StringReader(
          String.join("\n", surveys) + "\n"), header));
      writer.write(new Path(writer.dtFolder(SourceFormat.SURVEYS, day), "part-99998.csv"),
          (String.join("\n", surveys) + "\n").getBytes(StandardCharsets.UTF_8));

      writer.write(new Path(writer.dtFolder(SourceFormat.ORDER_LINES, day), "part-99997.csv"), new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the file-level faults for " + day, e);
    }
    LOG.info("Wrote the file faults ({}, {}, empty file) on {}", ReasonCodes.TRUNCATED_FILE, ReasonCodes.BAD_HEADER,
        day);
    return badHeaderRecords;
  }

  private List<String> firstLines(SourceFormat format, LocalDate day, int limit) throws IOException {
    Path folder = writer.dtFolder(format, day);
    if (!writer.fileSystem().exists(folder)) {
      return List.of();
    }
    FileStatus[] parts = writer.fileSystem().listStatus(folder, p -> p.getName().startsWith("part-00000"));
    if (parts.length == 0) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    try (InputStream raw = writer.fileSystem().open(parts[0].getPath());
        InputStream in = format.layout() == SourceFormat.Layout.JSON_GZIP ? new GZIPInputStream(raw) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while (lines.size() < limit && (line = reader.readLine()) != null) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
