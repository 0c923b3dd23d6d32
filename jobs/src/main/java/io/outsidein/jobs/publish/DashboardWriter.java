package io.outsidein.jobs.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Puts the dashboard on the warehouse's storage (a local folder or s3a): {@code index.html} and, beside it, the
 * chart library from its WebJar on the classpath, so that the page opens from disk with no network.
 */
final class DashboardWriter {
  /** ECharts inside the org.webjars.npm:echarts jar; the version is the pom's echarts.version. */
  static final String WEBJAR_FOLDER = "META-INF/resources/webjars/echarts/";
  static final String ECHARTS_VERSION = "5.3.1";
  private static final String LIBRARY_IN_WEBJAR = "/dist/echarts.min.js";

  private final Configuration hadoop;

  DashboardWriter(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  void write(String folder, String html) {
    Path dir = new Path(folder);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      // No .crc files beside the page on a local disk: nothing reads them.
      fs.setWriteChecksum(false);
      fs.mkdirs(dir);
      try (InputStream library = chartLibrary(); OutputStream out = fs.create(new Path(dir,
          DashboardPage.CHART_LIBRARY), true)) {
        library.transferTo(out);
      }
      // The page last: a reader never sees a new page without its library.
      try (OutputStream out = fs.create(new Path(dir, "index.html"), true)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the dashboard to " + folder + ": " + e.getMessage(), e);
    }
  }

  private static InputStream chartLibrary() {
    String path = WEBJAR_FOLDER + ECHARTS_VERSION + LIBRARY_IN_WEBJAR;
    InputStream in = DashboardWriter.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("The chart library " + path + " is not on the classpath (the echarts WebJar "
          + "is a dependency of outsidein-jobs)");
    }
    return in;
  }
}
