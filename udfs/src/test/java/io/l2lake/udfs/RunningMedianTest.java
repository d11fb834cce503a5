package io.l2lake.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The two-heap lower median against sorting every prefix. */
class RunningMedianTest {
  final RunningMedian median = new RunningMedian();

  static long lowerMedianBySorting(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((sorted.size() + 1) / 2 - 1);
  }

  @Test
  void lowerMedianOfSmallCases() {
    RunningMedian.Halves h = median.zero();
    assertNull(median.finish(h));
    long[] in = {30, 10, 40, 20, 20, 5};
    long[] want = {30, 10, 30, 20, 20, 20}; // {30}; {10,30}; {10,30,40}; {10,20,30,40}; ...
    for (int i = 0; i < in.length; i++) {
      h = median.reduce(h, in[i]);
      assertEquals(want[i], median.finish(h), "after " + (i + 1) + " values");
    }
  }

  @Test
  void nullsAreSkipped() {
    RunningMedian.Halves h = median.reduce(median.zero(), null);
    assertNull(median.finish(h));
    h = median.reduce(median.reduce(median.reduce(h, 7L), null), 3L);
    assertEquals(3L, median.finish(h));
  }

  @Test
  void everyPrefixOfRandomValuesEqualsSorting() {
    Random random = new Random(11);
    for (int run = 0; run < 50; run++) {
      RunningMedian.Halves h = median.zero();
      List<Long> seen = new ArrayList<>();
      int n = 1 + random.nextInt(400);
      int range = 1 + random.nextInt(run % 2 == 0 ? 5 : 100_000); // many ties, or few
      for (int i = 0; i < n; i++) {
        long v = random.nextInt(range) - (run % 5 == 0 ? range / 2 : 0);
        seen.add(v);
        h = median.reduce(h, v);
        assertEquals(lowerMedianBySorting(seen), median.finish(h), "run " + run + " prefix " + (i + 1));
      }
    }
  }

  @Test
  void mergeEqualsOneBuffer() {
    Random random = new Random(5);
    RunningMedian.Halves a = median.zero();
    RunningMedian.Halves b = median.zero();
    List<Long> all = new ArrayList<>();
    for (int i = 0; i < 301; i++) {
      long v = random.nextInt(1_000);
      all.add(v);
      if (i % 3 == 0) {
        a = median.reduce(a, v);
      } else {
        b = median.reduce(b, v);
      }
    }
    assertEquals(lowerMedianBySorting(all), median.finish(median.merge(a, b)));
  }
}
