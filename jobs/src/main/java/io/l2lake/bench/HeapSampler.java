package io.l2lake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the JVM's used heap on a daemon thread and keeps the highest value since the last
 * {@link #reset()}: the heap high-water mark of a step (live data plus garbage not yet collected).
 * Costs one {@link MemoryMXBean} read every {@code intervalMillis}.
 */
public final class HeapSampler implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  public HeapSampler(long intervalMillis) {
    thread = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(intervalMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }, "l2lake-heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    long used = memory.getHeapMemoryUsage().getUsed();
    peak.accumulateAndGet(used, Math::max);
  }

  /** Starts a new step: the peak becomes the heap in use now. */
  public void reset() {
    peak.set(memory.getHeapMemoryUsage().getUsed());
  }

  /** The highest heap use seen since the last reset, including now. */
  public long peak() {
    sample();
    return peak.get();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
