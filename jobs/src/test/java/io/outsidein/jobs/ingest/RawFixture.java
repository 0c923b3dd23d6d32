package io.outsidein.jobs.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes hand-made raw deliveries into {@code <root>/<source>/dt=<date>/}. */
final class RawFixture {
  private final Path root;

  RawFixture(Path root) {
    this.root = root;
  }

  Path folder(String source, String date) {
    try {
      return Files.createDirectories(root.resolve(source).resolve("dt=" + date));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void text(String source, String date, String file, List<String> lines) {
    write(folder(source, date).resolve(file), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  void gzip(String source, String date, String file, List<String> lines) {
    write(folder(source, date).resolve(file), gzipped(String.join("\n", lines) + "\n"));
  }

  /** A gzip file cut in the middle, as an interrupted upload leaves it. */
  void truncatedGzip(String source, String date, String file, List<String> lines) {
    byte[] whole = gzipped(String.join("\n", lines) + "\n");
    write(folder(source, date).resolve(file), Arrays.copyOf(whole, whole.length / 2));
  }

  void empty(String source, String date, String file) {
    write(folder(source, date).resolve(file), new byte[0]);
  }

  private static byte[] gzipped(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
