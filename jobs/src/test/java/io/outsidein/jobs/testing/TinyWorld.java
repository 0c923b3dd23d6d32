package io.outsidein.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.cli.ExitCodes;
import io.outsidein.jobs.cli.Main;
import io.outsidein.jobs.generate.SampleDataGenerator;
import io.outsidein.jobs.generate.SampleDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tiny generated world (80 customers, four days) whose identity horizon, survey window and abandonment are a
 * day or two, so that each is crossed within it, and one backfill of it through {@code outsidein nightly}
 * (databases {@code *_backfill}), built once per test JVM. Only what the journeys read is delivered; the other
 * sources' reruns and backfills are checked on hand-made deliveries. A case or an order of the generator lasts
 * up to about three weeks, so the journey horizon keeps its default.
 */
public final class TinyWorld {
  public static final LocalDate FROM = LocalDate.of(2026, 5, 1);
  public static final LocalDate TO = LocalDate.of(2026, 5, 4);
  private static final Object LOCK = new Object();
  private static volatile TinyWorld generated;
  private static volatile TinyWorld backfilled;

  private final Path raw;
  private final List<String> extra;

  private TinyWorld(Path raw, List<String> extra) {
    this.raw = raw;
    this.extra = List.copyOf(extra);
  }

  /** The world's raw deliveries, generated once per test JVM; nothing run over them yet. */
  public static TinyWorld generated() {
    TinyWorld current = generated;
    if (current != null) {
      return current;
    }
    synchronized (LOCK) {
      if (generated == null) {
        TinyWorld world = new TinyWorld(TestSpark.newFolder("tiny-raw"), List.of());
        world.generate(FROM, TO);
        for (String source : List.of("engagement", "context_events", "customers")) {
          deleteRecursively(world.raw.resolve(source));
        }
        generated = world;
      }
      return generated;
    }
  }

  /**
   * A world of its own over {@code from} to {@code to}, with more settings after the tiny world's (later ones
   * win: a horizon or the number of customers), every source delivered; generated now, not shared.
   */
  public static TinyWorld generatedOver(String tag, LocalDate from, LocalDate to, List<String> extra) {
    TinyWorld world = new TinyWorld(TestSpark.newFolder(tag + "-raw"), extra);
    world.generate(from, to);
    return world;
  }

  private void generate(LocalDate from, LocalDate to) {
    new SampleDataGenerator(StageHarness.of(settings("unused", List.of())).generator().forRange(from, to))
        .generate(TestSpark.session(), raw.toString());
  }

  /** The world with its one backfill of the whole range (databases {@code *_backfill}), run once per test JVM. */
  public static TinyWorld get() {
    TinyWorld current = backfilled;
    if (current != null) {
      return current;
    }
    TinyWorld world = generated();
    // A lock of its own: a class running nights over the generated world does not wait for the backfill.
    synchronized (TinyWorld.class) {
      if (backfilled == null) {
        world.nightly("backfill", List.of(), "--from", FROM.toString(), "--to", TO.toString());
        backfilled = world;
      }
      return backfilled;
    }
  }

  /** The world's configuration in databases {@code silver_<name>}, {@code gold_<name>}, {@code ops_<name>}. */
  public List<String> settings(String name, List<String> more) {
    List<String> overrides = new ArrayList<>(List.of(
        "outsidein.storage.raw=" + raw,
        "outsidein.storage.warehouse=" + TestSpark.root().resolve("tiny-" + name),
        "outsidein.catalog.silver-database=silver_" + name,
        "outsidein.catalog.gold-database=gold_" + name,
        "outsidein.catalog.ops-database=ops_" + name,
        "outsidein.generate.customers=80",
        "outsidein.generate.bad-rate=0.01",
        "outsidein.generate.late-rate=0.05",
        "outsidein.generate.max-late-days=2",
        "outsidein.generate.surveys.relationship-rate=0.5",
        "outsidein.ingest.max-quarantine-share=1.0",
        "outsidein.journeys.identity-horizon=2d",
        "outsidein.journeys.abandon-after=1d",
        "outsidein.journeys.survey-attach-window=1d",
        "outsidein.journeys.max-customers-per-device=2"));
    overrides.addAll(SampleDelivery.overrides());
    overrides.addAll(extra);
    overrides.addAll(more);
    return overrides;
  }

  /** Runs {@code outsidein <command>} on the world's configuration named {@code name}; it must succeed. */
  public void nightly(String name, List<String> extra, String... command) {
    List<String> args = new ArrayList<>(List.of(command.length > 0 && command[0].startsWith("--")
        ? prepend("nightly", command) : command));
    for (String override : settings(name, extra)) {
      args.add("--set");
      args.add(override);
    }
    assertThat(Main.execute(args.toArray(new String[0]))).as(String.join(" ", args.subList(0, 3)))
        .isEqualTo(ExitCodes.SUCCESS);
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static void deleteRecursively(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
