package io.outsidein.jobs.generate;

import io.outsidein.common.schema.Field;
import io.outsidein.common.schema.Source;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How each source is delivered: file layout and extension, and the column names of deliveries named
 * otherwise than the canonical contract (order_lines: order_ts, qty, price).
 */
enum SourceFormat {
  INTERACTIONS(Source.INTERACTIONS, Layout.JSON_GZIP, Map.of()),
  ORDER_LINES(Source.ORDER_LINES, Layout.CSV, Map.of("order_time", "order_ts", "quantity", "qty", "unit_price", "price")),
  SURVEYS(Source.SURVEYS, Layout.CSV, Map.of()),
  ENGAGEMENT(Source.ENGAGEMENT, Layout.CSV, Map.of()),
  CONTEXT_EVENTS(Source.CONTEXT_EVENTS, Layout.JSON, Map.of()),
  CUSTOMERS(Source.CUSTOMERS, Layout.PARQUET, Map.of());

  /** File format and the extension of the published part files. */
  enum Layout {
    JSON_GZIP("json.gz"),
    JSON("json"),
    CSV("csv"),
    PARQUET("snappy.parquet");

    private final String extension;

    Layout(String extension) {
      this.extension = extension;
    }

    String extension() {
      return extension;
    }
  }

  private final Source source;
  private final Layout layout;
  private final Map<String, String> renamed;

  SourceFormat(Source source, Layout layout, Map<String, String> renamed) {
    this.source = source;
    this.layout = layout;
    this.renamed = renamed;
  }

  String id() {
    return source.id();
  }

  Source source() {
    return source;
  }

  Layout layout() {
    return layout;
  }

  /** The delivered name of a canonical field. */
  String column(String canonical) {
    return renamed.getOrDefault(canonical, canonical);
  }

  List<String> canonicalFields() {
    return source.fields().stream().map(Field::name).toList();
  }

  /** The CSV header line: delivered column names in canonical order. */
  String header() {
    return canonicalFields().stream().map(this::column).collect(Collectors.joining(","));
  }

  /** The natural key of a record, its values joined by '|'. */
  String naturalKey(Map<String, Object> fields) {
    return source.naturalKey().stream().map(k -> Objects.toString(fields.get(k), ""))
        .collect(Collectors.joining("|"));
  }

  static SourceFormat of(String id) {
    for (SourceFormat format : values()) {
      if (format.id().equals(id)) {
        return format;
      }
    }
    throw new IllegalArgumentException("Unknown source " + id);
  }
}
