package io.outsidein.jobs.cli;

import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Puts the log file where the configuration says ({@code outsidein.storage.logs}). Logging starts before the
 * configuration is read, with the launcher's guess of the folder ({@code -Doutsidein.log.dir}); the file
 * appender creates its file on the first line, so a wrong guess leaves nothing behind once this has moved it.
 */
final class LogFolder {
  /** The system property {@code conf/log4j2.properties} takes the folder from. */
  static final String PROPERTY = "outsidein.log.dir";

  private LogFolder() {}

  static void use(String folder) {
    String wanted = Path.of(folder).toAbsolutePath().normalize().toString();
    if (wanted.equals(System.getProperty(PROPERTY))) {
      return;
    }
    System.setProperty(PROPERTY, wanted);
    // Only log4j's own context reads the property; another logging back end keeps its own configuration.
    if (LogManager.getContext(false) instanceof LoggerContext context) {
      context.reconfigure();
    }
  }
}
