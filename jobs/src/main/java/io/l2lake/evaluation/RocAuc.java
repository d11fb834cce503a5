package io.l2lake.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ROC AUC (the Mann-Whitney statistic: the probability that a positive scores above a negative, ties counted
 * half) and its bootstrap interval, resampling clusters of rows (symbols, or events) with replacement.
 *
 * <p>The rows are sorted by score once; a resample only reweights them (each row by the number of times its
 * cluster was drawn), and the weighted statistic is one pass over the sorted rows. A resample with no positive
 * or no negative is drawn again. The interval is the 2.5th and 97.5th percentile of the resampled statistics.
 */
public final class RocAuc {
  private RocAuc() {}

  /** An estimate with its 95% interval and the sample it came from. */
  public record Interval(double estimate, double low, double high, long positives, long negatives, int clusters) {
    /** Whether the interval contains {@code v}. */
    public boolean contains(double v) {
      return low <= v && v <= high;
    }
  }

  /** The AUC of {@code scores}; NaN when either class is empty. */
  public static double auc(double[] scores, boolean[] positive) {
    double[] w = new double[scores.length];
    Arrays.fill(w, 1);
    return weighted(order(scores), scores, positive, w);
  }

  /**
   * The AUC with a percentile bootstrap interval over {@code resamples} draws of the clusters
   * ({@code cluster[i]} names row i's cluster), seeded: the same input gives the same interval.
   */
  public static Interval bootstrap(double[] scores, boolean[] positive, String[] cluster, int resamples, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    Integer[] sorted = order(scores);
    double[] ones = new double[scores.length];
    Arrays.fill(ones, 1);
    double estimate = weighted(sorted, scores, positive, ones);
    long pos = 0;
    for (boolean p : positive) {
      pos += p ? 1 : 0;
    }
    long neg = scores.length - pos;
    int[] clusterOf = clusterIndex(cluster);
    int k = Arrays.stream(clusterOf).max().orElse(-1) + 1;
    if (Double.isNaN(estimate)) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN, pos, neg, k);
    }
    double[] stats = new double[resamples];
    SplittableRandom random = new SplittableRandom(seed);
    int[] drawn = new int[k];
    double[] w = new double[scores.length];
    for (int b = 0; b < resamples; b++) {
      double s = Double.NaN;
      for (int attempt = 0; attempt < 1000 && Double.isNaN(s); attempt++) {
        Arrays.fill(drawn, 0);
        for (int j = 0; j < k; j++) {
          drawn[random.nextInt(k)]++;
        }
        for (int i = 0; i < w.length; i++) {
          w[i] = drawn[clusterOf[i]];
        }
        s = weighted(sorted, scores, positive, w);
      }
      stats[b] = s;
    }
    double[] lowHigh = percentiles(stats);
    return new Interval(estimate, lowHigh[0], lowHigh[1], pos, neg, k);
  }

  /**
   * A ratio of sums (e.g. READY days over negative days) with a percentile bootstrap interval over the clusters:
   * {@code numerator[i]} and {@code denominator[i]} are row i's parts.
   */
  public static Interval ratio(double[] numerator, double[] denominator, String[] cluster, int resamples, long seed) {
    int[] clusterOf = clusterIndex(cluster);
    int k = Arrays.stream(clusterOf).max().orElse(-1) + 1;
    double[] num = new double[k];
    double[] den = new double[k];
    for (int i = 0; i < clusterOf.length; i++) {
      num[clusterOf[i]] += numerator[i];
      den[clusterOf[i]] += denominator[i];
    }
    double n = Arrays.stream(num).sum();
    double d = Arrays.stream(den).sum();
    if (d == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN, (long) n, (long) d, k);
    }
    double[] stats = new double[resamples];
    SplittableRandom random = new SplittableRandom(seed);
    for (int b = 0; b < resamples; b++) {
      double sn = 0;
      double sd = 0;
      for (int attempt = 0; attempt < 1000 && sd == 0; attempt++) {
        sn = 0;
        sd = 0;
        for (int j = 0; j < k; j++) {
          int c = random.nextInt(k);
          sn += num[c];
          sd += den[c];
        }
      }
      stats[b] = sn / sd;
    }
    double[] lowHigh = percentiles(stats);
    return new Interval(n / d, lowHigh[0], lowHigh[1], (long) n, (long) d, k);
  }

  static Integer[] order(double[] scores) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble(i -> scores[i]));
    return idx;
  }

  /** The weighted Mann-Whitney statistic over rows sorted by score; NaN when a class has no weight. */
  static double weighted(Integer[] sorted, double[] scores, boolean[] positive, double[] w) {
    double negBelow = 0;
    double wins = 0;
    double totalPos = 0;
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      double wp = 0;
      double wn = 0;
      while (j < sorted.length && scores[sorted[j]] == scores[sorted[i]]) {
        int r = sorted[j];
        if (positive[r]) {
          wp += w[r];
        } else {
          wn += w[r];
        }
        j++;
      }
      wins += wp * (negBelow + 0.5 * wn);
      negBelow += wn;
      totalPos += wp;
      i = j;
    }
    if (totalPos == 0 || negBelow == 0) {
      return Double.NaN;
    }
    return wins / (totalPos * negBelow);
  }

  /** The weighted Mann-Whitney statistic of unsorted rows; NaN when a class has no weight. */
  static double weighted(double[] scores, boolean[] positive, double[] w) {
    return weighted(order(scores), scores, positive, w);
  }

  /**
   * Each row's cluster number, clusters numbered in the sorted order of their names: the draws then pick the
   * same clusters whatever order the rows were collected in, and a run over the same rows gives the same interval.
   */
  static int[] clusterIndex(String[] cluster) {
    Map<String, Integer> ids = new HashMap<>();
    Arrays.stream(cluster).distinct().sorted(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
        .forEachOrdered(c -> ids.put(c, ids.size()));
    int[] out = new int[cluster.length];
    for (int i = 0; i < cluster.length; i++) {
      out[i] = ids.get(cluster[i]);
    }
    return out;
  }

  /** The 2.5th and 97.5th percentiles (linear between order statistics). */
  static double[] percentiles(double[] stats) {
    double[] s = stats.clone();
    Arrays.sort(s);
    return new double[] {quantile(s, 0.025), quantile(s, 0.975)};
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
