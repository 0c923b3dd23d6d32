package io.outsidein.common.testing;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** For benchmarks: the highest used heap seen while it runs, sampled every 50 ms (per-pool peaks would overstate). */
public final class HeapSampler {
  private final AtomicLong peak = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  private HeapSampler() {}

  public static HeapSampler start() {
    HeapSampler sampler = new HeapSampler();
    sampler.timer.scheduleAtFixedRate(() -> sampler.peak.accumulateAndGet(
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max), 0, 50, TimeUnit.MILLISECONDS);
    return sampler;
  }

  /** Stops sampling; the peak in bytes. */
  public long stop() {
    timer.shutdownNow();
    return peak.get();
  }
}
