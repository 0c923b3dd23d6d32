package io.outsidein.common.io;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The one CSV parser of the code base: univocity's, the parser Spark's own CSV reader is built on, set to RFC
 * 4180. A record may span lines inside double quotes (a comment with line breaks is one record), a quote inside
 * a quoted field is doubled, {@code #} is text and not a comment, blanks around a field are kept, blank lines
 * separate records and are none themselves. Every record keeps its text as delivered, so that a rejected one
 * reaches quarantine whole. Lenient on purpose, like the tool that wrote the file: an unclosed quote runs to the
 * end of the file as one record, whose field count then marks it malformed.
 */
public final class CsvRecords {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private CsvRecords() {}

  /**
   * One record: its number in the file (the header is record 1), its text as delivered without the line break
   * that ends it, and its values (a quoted empty field is {@code ""}, an unquoted one null).
   */
  public record Record(long number, String raw, List<String> values) {
    public Record {
      // Not List.copyOf: an unquoted empty field is a null value.
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }
  }

  /** The values of one record's text, e.g. a header line. */
  public static List<String> values(String record) {
    String[] values = new CsvParser(settings(false)).parseLine(record);
    return values == null ? List.of("") : Arrays.asList(values);
  }

  /**
   * The fields of one record's text as written, quotes and doubled quotes kept, so that a record can be
   * rewritten field by field and joined back with commas; an empty text is one empty field.
   */
  public static List<String> rawFields(String record) {
    String[] fields = new CsvParser(settings(true)).parseLine(record);
    if (fields == null) {
      return List.of("");
    }
    return Arrays.stream(fields).map(f -> f == null ? "" : f).toList();
  }

  /** The value of a field as written: surrounding quotes removed and {@code ""} decoded. */
  public static String unquote(String field) {
    if (field.length() >= 2 && field.charAt(0) == '"' && field.charAt(field.length() - 1) == '"') {
      return field.substring(1, field.length() - 1).replace("\"\"", "\"");
    }
    return field;
  }

  /**
   * The records of a delivery whose first record is {@code header}, as ingest counts them: a repeat of the
   * header (concatenated exports) is not a record. The caller closes {@code reader}.
   */
  public static long countAfterHeader(Reader reader, String header) {
    Iterator<Record> records = records(reader);
    long count = 0;
    while (records.hasNext()) {
      if (!records.next().raw().equals(header)) {
        count++;
      }
    }
    return count;
  }

  /**
   * The records of a whole delivery, read as it streams: a leading byte-order mark is dropped, records whose
   * text is blank are skipped. The caller closes {@code reader}.
   */
  public static Iterator<Record> records(Reader reader) {
    CsvParser parser = new CsvParser(settings(false));
    parser.beginParsing(withoutByteOrderMark(reader));
    return new Iterator<>() {
      private Record next = advance();

      private Record advance() {
        String[] values;
        while ((values = parser.parseNext()) != null) {
          String raw = stripLineBreak(parser.getContext().currentParsedContent());
          if (!raw.isBlank()) {
            return new Record(parser.getContext().currentRecord(), raw, Arrays.asList(values));
          }
        }
        parser.stopParsing();
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Record next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Record current = next;
        next = advance();
        return current;
      }
    };
  }

  private static String stripLineBreak(String content) {
    if (content == null) {
      return "";
    }
    int end = content.length();
    while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
      end--;
    }
    return content.substring(0, end);
  }

  private static Reader withoutByteOrderMark(Reader reader) {
    PushbackReader pushback = new PushbackReader(reader, 1);
    try {
      int first = pushback.read();
      if (first >= 0 && first != BYTE_ORDER_MARK) {
        pushback.unread(first);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pushback;
  }

  private static CsvParserSettings settings(boolean keepQuotes) {
    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setDelimiter(',');
    settings.getFormat().setQuote('"');
    settings.getFormat().setQuoteEscape('"');
    settings.getFormat().setComment('\0');
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setNormalizeLineEndingsWithinQuotes(false);
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setSkipEmptyLines(true);
    settings.setEmptyValue("");
    // No cap on a field or a record's width: a long comment is data, and the field count decides what is malformed.
    settings.setMaxCharsPerColumn(-1);
    settings.setMaxColumns(100_000);
    settings.setKeepQuotes(keepQuotes);
    settings.setKeepEscapeSequences(keepQuotes);
    // Parsing runs in the caller's thread: no reader thread per file inside a Spark task.
    settings.setReadInputOnSeparateThread(false);
    return settings;
  }
}
