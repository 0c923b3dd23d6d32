package io.outsidein.jobs.testing;

import org.junit.jupiter.api.Order;

/**
 * The order in which test classes are handed to the parallel executor ({@code @Order}, with the class orderer
 * set in the parent pom). The two shared worlds (the acceptance warehouse, the tiny world) each take minutes to
 * build; started first, they build beside the small tests instead of after them, and the classes that only read
 * them start last, when they no longer wait. A class that waits still holds one of the executor's slots.
 */
public final class TestOrder {
  public static final int BUILDS_A_SHARED_WORLD = 1;
  public static final int READS_A_SHARED_WORLD = Order.DEFAULT + 1;

  private TestOrder() {}
}
