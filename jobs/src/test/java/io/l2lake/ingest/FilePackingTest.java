package io.l2lake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilePackingTest {
  private static final long MB = 1L << 20;

  @Test
  void smallFilesShareTasksButEveryCoreGetsOne() {
    long[] w = new long[100];
    java.util.Arrays.fill(w, 80_000);
    List<List<Integer>> tasks = FilePacking.pack(w, 64 * MB, 2);
    assertEquals(2, tasks.size());
    assertEquals(50, tasks.get(0).size());
    assertEquals(50, tasks.get(1).size());
  }

  @Test
  void taskCountFollowsTotalSizeAndNeverExceedsFiles() {
    assertEquals(26, FilePacking.taskCount(18_000, 1_560 * MB, 64 * MB, 2));
    assertEquals(8, FilePacking.taskCount(18_000, 100 * MB, 64 * MB, 8));
    assertEquals(3, FilePacking.taskCount(3, 10_000 * MB, 64 * MB, 2));
    assertEquals(1, FilePacking.taskCount(1, 10, 64 * MB, 8));
    assertEquals(0, FilePacking.taskCount(0, 0, 64 * MB, 8));
  }

  @Test
  void everyFileOnceAndLargestFilesSpreadFirst() {
    long[] w = {100, 1, 1, 1, 50, 50, 1, 1};
    List<List<Integer>> tasks = FilePacking.pack(w, 100, 3);
    assertEquals(3, tasks.size());
    List<Integer> all = new ArrayList<>();
    tasks.forEach(all::addAll);
    all.sort(null);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), all);
    // The 100 goes alone; the two 50s go to the other two tasks, which take the small files.
    assertEquals(List.of(0), tasks.get(0));
    assertTrue(tasks.get(1).contains(4) && tasks.get(2).contains(5));
    long[] load = tasks.stream().mapToLong(g -> g.stream().mapToLong(i -> w[i]).sum()).toArray();
    assertEquals(100, load[0]);
    assertTrue(Math.abs(load[1] - load[2]) <= 1, java.util.Arrays.toString(load));
  }

  @Test
  void gzippedFilesWeighMoreThanTheirSizeOnDisk() {
    assertEquals(600, FilePacking.weight("iqfeed/ticks/ABC/2025-01-02.csv.gz", 100));
    assertEquals(100, FilePacking.weight("iqfeed/ticks/ABC/2025-01-02.csv", 100));
  }
}
