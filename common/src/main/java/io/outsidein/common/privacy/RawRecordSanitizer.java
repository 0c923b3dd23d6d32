package io.outsidein.common.privacy;

import static java.util.Objects.requireNonNull;

import io.outsidein.common.io.CsvRecords;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.Seq;

/**
 * Makes a quarantined raw record safe to keep in {@code ops.quarantine}: the values of personal-identifier
 * fields become their pseudonyms (the same ones silver holds, so a quarantined record can still be traced to
 * its customer), and the rest of the text goes through the {@link Redactor}. Records here are often broken,
 * so nothing below parses them strictly.
 *
 * <p>JSON: every {@code "<name>": "<value>"} pair whose name is an identifier column is rewritten wherever it
 * stands, nested maps included, and on a truncated line too: a value cut off by the end of the line is
 * pseudonymised as far as it goes. A bare number as the value is pseudonymised as well and written back as a
 * string. JSON escapes in the value are decoded first, so the pseudonym matches silver's.
 *
 * <p>CSV: the record (which may span lines inside quotes) is split into its fields as written by the one CSV
 * parser, {@link CsvRecords}, and, when the field count matches the header,
 * the identifier positions are pseudonymised (quotes removed, {@code ""} decoded). When the count does not
 * match, a stray or missing comma has usually shifted one side of the line only, so a field is pseudonymised
 * when its position names an identifier counted from the left or from the right; the rest is redacted, and
 * tokens that match one of the {@code identifierPatterns} given at construction (none by default) are
 * pseudonymised too. The limitation: a line broken on both sides of an identifier can keep it in clear
 * unless it looks like an e-mail address or a phone number, or matches a pattern.
 *
 * <p>Pseudonyms are never redacted afterwards: the Redactor runs on the text between them only, because a
 * 64-character hex pseudonym may hold a digit run that passes Luhn.
 */
public final class RawRecordSanitizer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Pseudonymizer pseudonymizer;
  private final Redactor redactor;
  private final Set<String> identifierColumns;
  private final Pattern jsonIdentifier;
  private final Pattern identifierToken;

  /**
   * @param identifierColumns the delivered names (after any column mapping) of the fields that hold personal
   *     identifiers, e.g. customer_id, anonymous_id, agent_id, referred_by, email, phone
   */
  public RawRecordSanitizer(Pseudonymizer pseudonymizer, Redactor redactor, Set<String> identifierColumns) {
    this(pseudonymizer, redactor, identifierColumns, List.of());
  }

  /**
   * @param identifierPatterns regular expressions of identifier values, e.g. {@code C-\d{6}}, pseudonymised
   *     wherever they stand as a whole token in a CSV line that does not match its header
   */
  public RawRecordSanitizer(Pseudonymizer pseudonymizer, Redactor redactor, Set<String> identifierColumns,
      List<String> identifierPatterns) {
    this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
    this.redactor = requireNonNull(redactor, "redactor is null");
    this.identifierColumns = Set.copyOf(requireNonNull(identifierColumns, "identifierColumns is null"));
    this.jsonIdentifier = jsonIdentifierPattern(this.identifierColumns);
    this.identifierToken = identifierTokenPattern(List.copyOf(
        requireNonNull(identifierPatterns, "identifierPatterns is null")));
  }

  /** A JSON line, possibly malformed or truncated, with identifier values pseudonymised and redacted. */
  public String sanitizeJson(String line) {
    if (line == null || jsonIdentifier == null) {
      return line == null ? null : redactor.redact(line);
    }
    return rewrite(line, jsonIdentifier, match -> {
      String value = match.group(2) != null
          ? decodeJsonString(match.group(2))
          : match.group(4);
      if (value.isEmpty()) {
        return match.group(); // Nothing to hide, and silver reads an empty identifier as absent.
      }
      // The closing quote stays off when the line was cut inside the value.
      String closing = match.group(2) == null || match.group(3) != null ? "\"" : "";
      return match.group(1) + "\"" + pseudonymizer.pseudonymise(value) + closing;
    });
  }

  /**
   * A CSV line with identifier values pseudonymised and the rest redacted.
   *
   * @param header the column names of the line's file, as delivered; null or of another length than the line
   *     means the fields cannot be placed, see the class comment
   */
  public String sanitizeCsv(String line, List<String> header) {
    if (line == null) {
      return null;
    }
    List<String> fields = CsvRecords.rawFields(line);
    if (header == null) {
      return sanitizeUnplaced(line);
    }
    // With the wrong field count, a stray or missing comma usually shifts one side of the line only: treat a
    // field as an identifier when its position names one counted from the left or from the right.
    int shift = header.size() - fields.size();
    List<String> sanitized = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      String field = fields.get(i);
      boolean identifier = !field.isEmpty() && (isIdentifierAt(header, i) || (shift != 0 && isIdentifierAt(header, i + shift)));
      sanitized.add(identifier ? pseudonymizer.pseudonymise(CsvRecords.unquote(field)) : redactField(field));
    }
    return String.join(",", sanitized);
  }

  private boolean isIdentifierAt(List<String> header, int position) {
    return position >= 0 && position < header.size() && identifierColumns.contains(header.get(position));
  }

  private String redactField(String field) {
    return identifierToken == null ? redactor.redact(field) : sanitizeUnplaced(field);
  }

  /** {@link #sanitizeJson} as a deterministic Spark UDF of the raw line, named {@code sanitize_json}. */
  public UserDefinedFunction jsonUdf() {
    return functions.udf((UDF1<String, String>) this::sanitizeJson, DataTypes.StringType)
        .withName("sanitize_json");
  }

  /**
   * {@link #sanitizeCsv} as a deterministic Spark UDF named {@code sanitize_csv} of two columns: the raw line
   * and its file's header as {@code array<string>}. The header is a column, not a constructor argument,
   * because files of one source may deliver different headers: pass a column that holds each row's header,
   * or a literal such as {@code functions.array(functions.lit("event_id"), ...)} when there is one.
   */
  public UserDefinedFunction csvUdf() {
    return functions.udf((UDF2<String, Seq<String>, String>) (line, header) ->
        sanitizeCsv(line, header == null ? null : toJavaList(header)), DataTypes.StringType)
        .withName("sanitize_csv");
  }

  private String sanitizeUnplaced(String line) {
    if (identifierToken == null) {
      return redactor.redact(line);
    }
    return rewrite(line, identifierToken, match -> pseudonymizer.pseudonymise(match.group()));
  }

  /** Replaces each match by {@code replacement} and redacts only the text between matches. */
  private String rewrite(String text, Pattern pattern, Function<Matcher, String> replacement) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 64);
    int last = 0;
    while (matcher.find()) {
      out.append(redactor.redact(text.substring(last, matcher.start())));
      out.append(replacement.apply(matcher));
      last = matcher.end();
    }
    out.append(redactor.redact(text.substring(last)));
    return out.toString();
  }

  // Group 1: the name and colon; 2: a quoted value without its quotes, to the end of the line when cut off;
  // 3: its closing quote, absent when cut off; 4: a bare number.
  private static Pattern jsonIdentifierPattern(Set<String> names) {
    if (names.isEmpty()) {
      return null;
    }
    // And any key ending in _customer_id (Source.isIdentifierKey): a referral event's properties name one.
    String alternatives = names.stream().sorted().map(Pattern::quote).collect(Collectors.joining("|"))
        + "|[A-Za-z0-9_]*_customer_id";
    return Pattern.compile("(\"(?:" + alternatives + ")\"\\s*:\\s*)"
        + "(?:\"((?:[^\"\\\\]|\\\\.)*+)(\")?|(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?))");
  }

  private static Pattern identifierTokenPattern(List<String> patterns) {
    if (patterns.isEmpty()) {
      return null;
    }
    // Whole tokens only: C-\d{6} must not pseudonymise the middle of XC-1234567.
    String alternatives = patterns.stream().map(p -> "(?:" + p + ")").collect(Collectors.joining("|"));
    return Pattern.compile("(?<![\\w-])(?:" + alternatives + ")(?![\\w-])");
  }

  private static List<String> toJavaList(Seq<String> seq) {
    List<String> list = new ArrayList<>(seq.length());
    for (int i = 0; i < seq.length(); i++) {
      list.add(seq.apply(i));
    }
    return list;
  }

  /** Decodes the escapes of a JSON string body; a broken escape is kept as written. */
  static String decodeJsonString(String body) {
    if (body.indexOf('\\') < 0) {
      return body;
    }
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 >= body.length()) {
        out.append(c);
        continue;
      }
      char escaped = body.charAt(++i);
      switch (escaped) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 5 <= body.length() && body.substring(i + 1, i + 5).matches("[0-9A-Fa-f]{4}")) {
            out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
            i += 4;
          } else {
            out.append('\\').append('u');
          }
        }
        default -> out.append(escaped); // \" \\ \/ and anything unknown
      }
    }
    return out.toString();
  }
}
