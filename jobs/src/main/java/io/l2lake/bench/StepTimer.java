package io.l2lake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Times the steps of one benchmark cell and repetition and collects their measurements. Each step
 * starts after a {@code System.gc()} (so one step's garbage is not billed to the next) with the heap
 * peak reset; the gc is outside the timed region.
 */
public final class StepTimer {
  private final List<Measurement> out = new ArrayList<>();
  private final HeapSampler heap;
  private final int cores;
  private final int scale;
  private final int rep;

  public StepTimer(HeapSampler heap, int cores, int scale, int rep) {
    this.heap = heap;
    this.cores = cores;
    this.scale = scale;
    this.rep = rep;
  }

  /** Runs {@code body} (which returns its input rows) and records it as {@code kind} {@code name}. */
  public Measurement time(String kind, String name, LongSupplier body, String note) {
    System.gc();
    heap.reset();
    long start = System.nanoTime();
    long rows = body.getAsLong();
    double seconds = (System.nanoTime() - start) / 1e9;
    Measurement x = new Measurement(kind, cores, scale, rep, name, rows, seconds, heap.peak(), note);
    out.add(x);
    System.out.printf("bench: %d cores x%d rep %d  %-28s %,12d rows %8.2f s %,10.0f rows/s/core%n", cores, scale,
        rep, name, rows, seconds, x.rowsPerSecondPerCore());
    return x;
  }

  /** Records a fact (a value, not a time). */
  public void info(String name, long value, String note) {
    out.add(new Measurement(Measurement.INFO, cores, scale, rep, name, value, 0, 0, note));
  }

  public List<Measurement> measurements() {
    return out;
  }
}
