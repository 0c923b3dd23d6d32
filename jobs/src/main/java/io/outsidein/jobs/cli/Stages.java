package io.outsidein.jobs.cli;

import io.outsidein.common.stage.Stage;
import io.outsidein.jobs.customers.CustomersJob;
import io.outsidein.jobs.ingest.IngestJob;
import io.outsidein.jobs.insights.InsightsJob;
import io.outsidein.jobs.journeys.JourneysJob;
import io.outsidein.jobs.publish.PublishJob;
import io.outsidein.jobs.scores.ScoresJob;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The night, in order. Each stage is also a command of its own ({@code outsidein <name>}), and its settings are
 * read at start-up; adding a stage is one class and one line here.
 */
final class Stages {
  private Stages() {}

  static List<Stage<?>> nightly() {
    return List.of(new IngestJob(), new JourneysJob(), new ScoresJob(), new CustomersJob(), new InsightsJob(),
        new PublishJob());
  }

  /** The names in order, e.g. {@code ingest -> journeys}, for help texts. */
  static String order() {
    return nightly().stream().map(Stage::name).collect(Collectors.joining(" -> "));
  }
}
