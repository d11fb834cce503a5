package io.l2lake.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeapSamplerTest {
  private static volatile byte[] sink;

  @Test
  void keepsTheHeapSeenJustBeforeACollectionAfterTheGarbageIsGone() throws InterruptedException {
    long size = 96L << 20;
    try (HeapSampler heap = new HeapSampler()) {
      System.gc();
      Thread.sleep(200);
      heap.reset();
      long start = heap.peak();
      sink = new byte[(int) size];
      sink = null;
      System.gc();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (heap.peak() < start + size && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(heap.peak() >= start + size, "peak " + heap.peak() + " after a " + size + "-byte array on "
          + start);
      heap.reset();
      assertTrue(heap.peak() < start + size, "reset keeps the old peak: " + heap.peak());
    }
  }
}
