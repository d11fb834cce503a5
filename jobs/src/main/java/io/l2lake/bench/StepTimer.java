package io.l2lake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Times the steps of one benchmark cell and repetition and collects their measurements. Each step
 * starts after a {@code System.gc()} and a file-system {@code sync} (so neither the garbage nor the
 * pending disk write-back of earlier steps, timed or not, is billed to it) with the heap peak reset;
 * both are outside the timed region. A step's own writes are in its time as far as the operating
 * system makes the writer wait for them, for l2lake and for DuckDB alike.
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
    flushPendingWrites();
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

  /**
   * Waits until the operating system has written its dirty file pages to disk ({@code sync}):
   * otherwise the write-back of one step's output (a lake of hundreds of megabytes) runs while the
   * next step is timed, competing with it for the cores. Where there is no {@code sync} command the
   * steps are timed without it, and the bench says so once.
   */
  static void flushPendingWrites() {
    if (noSync) {
      return;
    }
    try {
      new ProcessBuilder("sync").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor();
    } catch (java.io.IOException e) {
      noSync = true;
      System.out.println("bench: no sync command (" + e.getMessage() + "); steps are timed without flushing"
          + " the pending writes of earlier steps");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Set once {@code sync} could not be started. */
  private static volatile boolean noSync;

  /** Records a fact (a value, not a time). */
  public void info(String name, long value, String note) {
    out.add(new Measurement(Measurement.INFO, cores, scale, rep, name, value, 0, 0, note));
  }

  public List<Measurement> measurements() {
    return out;
  }
}
