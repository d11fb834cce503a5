package io.l2lake.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * Packs raw files into parse tasks of about equal weight.
 *
 * <p>A raw file is small (tens of KB for a quiet symbol-day), and a Spark task has a fixed cost
 * (scheduling, a Parquet writer per record kind, a small output file per kind) far larger than parsing
 * it. So files are grouped into tasks of about {@code targetBytes} of estimated raw text each, with at
 * least {@code minTasks} tasks (the cluster's cores) so every core has work, rounded up to a multiple of
 * {@code minTasks} so that the last wave is full, and never more tasks than files. Groups are filled largest file first into the lightest group (longest-processing-time
 * packing), which keeps a busy symbol's large file from sharing a task with many others.
 *
 * <p>The weight of a gzipped file is its size times {@link #GZIP_RATIO}, an estimate of its text size.
 */
public final class FilePacking {
  /** Typical compression of IQFeed CSV text by gzip. */
  public static final int GZIP_RATIO = 6;

  private FilePacking() {}

  /** Estimated raw text bytes of a file. */
  public static long weight(String path, long sizeOnDisk) {
    return path.endsWith(".gz") ? sizeOnDisk * GZIP_RATIO : sizeOnDisk;
  }

  /** How many tasks the given total weight needs. */
  public static int taskCount(int files, long totalWeight, long targetBytes, int minTasks) {
    if (files == 0) {
      return 0;
    }
    long bySize = (totalWeight + targetBytes - 1) / Math.max(1, targetBytes);
    int cores = Math.max(1, minTasks);
    // A whole number of waves: every core has the same number of tasks.
    long n = (Math.max(bySize, cores) + cores - 1) / cores * cores;
    return (int) Math.max(1, Math.min(files, n));
  }

  /**
   * Groups file indices into tasks.
   *
   * @param weights estimated bytes per file, in the files' order
   * @return one list of file indices per task, none empty; every index appears exactly once
   */
  public static List<List<Integer>> pack(long[] weights, long targetBytes, int minTasks) {
    long total = 0;
    for (long w : weights) {
      total += w;
    }
    int tasks = taskCount(weights.length, total, targetBytes, minTasks);
    List<List<Integer>> groups = new ArrayList<>(tasks);
    PriorityQueue<long[]> lightest = new PriorityQueue<>(
        Comparator.<long[]>comparingLong(g -> g[0]).thenComparingLong(g -> g[1]));
    for (int i = 0; i < tasks; i++) {
      groups.add(new ArrayList<>());
      lightest.add(new long[] {0, i});
    }
    int[] bySizeDesc = IntStream.range(0, weights.length).boxed()
        .sorted(Comparator.<Integer>comparingLong(i -> weights[i]).reversed().thenComparing(i -> i))
        .mapToInt(Integer::intValue).toArray();
    for (int i : bySizeDesc) {
      long[] g = lightest.poll();
      groups.get((int) g[1]).add(i);
      g[0] += weights[i];
      lightest.add(g);
    }
    groups.removeIf(List::isEmpty);
    return groups;
  }
}
