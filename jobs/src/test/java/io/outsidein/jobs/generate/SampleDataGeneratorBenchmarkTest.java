package io.outsidein.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.TestSpark;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The demo volume (60 days, -Doutsidein.generate.customers customers, default 3,000), timed. Not a unit
 * test: run it on purpose with {@code -Doutsidein.benchmark=true}; {@code -Doutsidein.benchmark.out=DIR} keeps
 * the data in DIR to look at.
 */
@EnabledIfSystemProperty(named = "outsidein.benchmark", matches = "true")
class SampleDataGeneratorBenchmarkTest {

  @Test
  void generatesSixtyDays() {
    int customers = Integer.getInteger("outsidein.generate.customers", 3000);
    GeneratorSettings settings = GeneratorSettings.defaults(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 30))
        .withCustomers(customers);
    long started = System.nanoTime();
    String out = System.getProperty("outsidein.benchmark.out", TestSpark.newFolder("benchmark").toString());
    GroundTruth truth = new SampleDataGenerator(settings).generate(TestSpark.session(), out);
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    System.out.printf("BENCHMARK customers=%d days=60 seconds=%d interactions=%d order_lines=%d surveys=%d%n",
        customers, seconds, truth.faults("interactions").records(), truth.faults("order_lines").records(),
        truth.faults("surveys").records());
    System.out.println(truth.toJson());
    assertThat(truth.faults("interactions").records()).isPositive();
  }
}
