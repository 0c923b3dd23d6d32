package io.outsidein.common.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the files of {@code <raw>/<feed path>/dt=YYYY-MM-DD/} for a range of delivery dates, locally or on s3a.
 * A feed's path is relative to the raw root unless it is a full URI or an absolute path.
 */
public final class RawFileLister {
  private final Configuration hadoop;
  private final String rawRoot;

  public RawFileLister(Configuration hadoop, String rawRootUri) {
    this.hadoop = hadoop;
    this.rawRoot = rawRootUri.endsWith("/") ? rawRootUri.substring(0, rawRootUri.length() - 1) : rawRootUri;
  }

  /** Whether the raw root exists at all: a root that does not is a configuration error, not a quiet day. */
  public boolean rootExists() {
    try {
      return FileSystem.get(URI.create(rawRoot + "/"), hadoop).exists(new Path(rawRoot));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach " + rawRoot + ": " + e.getMessage(), e);
    }
  }

  /** The raw root, as a URI. */
  public String root() {
    return rawRoot;
  }

  /** Where {@link #list} looks, for messages: {@code <folder>/dt=D} or {@code .../dt=D1..D2}. */
  public String location(String path, LocalDate from, LocalDate to) {
    return folder(path) + "/dt=" + from + (from.equals(to) ? "" : ".." + to);
  }

  /** The folder of a feed's {@code dt=} folders. */
  public String folder(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.contains("://") ? trimmed
        : trimmed.startsWith("/") ? new Path(trimmed).toUri().toString() : rawRoot + "/" + trimmed;
  }

  /** The files of every {@code dt=} folder of the feed at {@code path} from {@code from} to {@code to}, in date and name order. */
  public List<RawFile> list(String path, LocalDate from, LocalDate to) {
    List<RawFile> files = new ArrayList<>();
    String root = folder(path);
    try {
      FileSystem fs = FileSystem.get(URI.create(root + "/"), hadoop);
      for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
        Path folder = new Path(root + "/dt=" + date);
        FileStatus[] statuses;
        try {
          statuses = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
          continue; // nothing delivered that day
        }
        List<RawFile> day = new ArrayList<>();
        for (FileStatus status : statuses) {
          String name = status.getPath().getName();
          // _SUCCESS, .crc and other hidden files are the writer's bookkeeping, not deliveries.
          if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
            day.add(new RawFile(status.getPath().toString(), date, status.getLen()));
          }
        }
        day.sort(java.util.Comparator.comparing(RawFile::path));
        files.addAll(day);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
    }
    return files;
  }

  /** The delivery dates that have a {@code dt=} folder under the feed at {@code path}, in order. */
  public List<LocalDate> deliveryDates(String path) {
    String root = folder(path);
    List<LocalDate> dates = new ArrayList<>();
    try {
      FileSystem fs = FileSystem.get(URI.create(root + "/"), hadoop);
      FileStatus[] statuses;
      try {
        statuses = fs.listStatus(new Path(root));
      } catch (FileNotFoundException e) {
        return dates;
      }
      for (FileStatus status : statuses) {
        String name = status.getPath().getName();
        if (status.isDirectory() && name.startsWith("dt=")) {
          try {
            dates.add(LocalDate.parse(name.substring(3)));
          } catch (java.time.format.DateTimeParseException e) {
            // Not a delivery folder of ours: left alone.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
    }
    dates.sort(null);
    return dates;
  }

  /**
   * When the delivery of one date of the feed at {@code path} last changed: the latest modification time of its
   * files; empty when it has none.
   */
  public java.util.Optional<java.time.Instant> lastModified(String path, LocalDate date) {
    Path folder = new Path(folder(path) + "/dt=" + date);
    try {
      FileSystem fs = FileSystem.get(URI.create(folder(path) + "/"), hadoop);
      long latest = -1;
      for (FileStatus status : fs.listStatus(folder)) {
        if (status.isFile()) {
          latest = Math.max(latest, status.getModificationTime());
        }
      }
      return latest < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Instant.ofEpochMilli(latest));
    } catch (FileNotFoundException e) {
      return java.util.Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the delivery of one date of the feed at {@code path} (its {@code dt=} folder and everything in it)
   * and returns the files it held; 0 when there was none.
   */
  public int deleteDelivery(String path, LocalDate date) {
    List<RawFile> files = list(path, date, date);
    Path folder = new Path(folder(path) + "/dt=" + date);
    try {
      FileSystem fs = FileSystem.get(URI.create(folder(path) + "/"), hadoop);
      if (fs.exists(folder) && !fs.delete(folder, true)) {
        throw new UncheckedIOException(new IOException("Could not delete " + folder));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + folder + ": " + e.getMessage(), e);
    }
    return files.size();
  }
}
