package io.outsidein.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command takes: the environment file, overrides and verbosity. */
final class CommonOptions {
  @Option(names = "--conf", paramLabel = "FILE",
      description = "Environment configuration (HOCON), e.g. conf/local.conf, conf/s3.conf. Default: the built-in defaults.")
  Path conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one configuration key, e.g. --set outsidein.spark.master=local[2]. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces of failures (they always go to the log file).")
  boolean verbose;

  Optional<Path> confFile() {
    return Optional.ofNullable(conf);
  }
}
