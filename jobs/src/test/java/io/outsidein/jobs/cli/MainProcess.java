package io.outsidein.jobs.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@link Main} in a JVM of its own, with this test JVM's class path and module openings. */
final class MainProcess {
  private MainProcess() {}

  static List<String> command(List<String> jvmOptions, List<String> args) {
    return command(jvmOptions, Main.class.getName(), args);
  }

  /** Any main class of the test class path in a JVM of its own. */
  static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
            || a.startsWith("-Djdk.reflect"))
        .forEach(command::add);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    return command;
  }
}
