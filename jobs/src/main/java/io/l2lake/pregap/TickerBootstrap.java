package io.l2lake.pregap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * 95% intervals by a bootstrap over tickers, on the driver, from small per-ticker sums.
 *
 * <p>A replicate draws T tickers with replacement from the T tickers of the analysed rows (fixed seed);
 * ticker a then enters with multiplicity w_a (0, 1, 2, ...). Every statistic of a replicate is
 * evaluated with the same multiplicities, so a difference (a gain) is resampled as a pair. The interval
 * is the 2.5% and 97.5% percentiles of the replicates (linear interpolation between order statistics);
 * it is null when more than 5% of the replicates leave the statistic undefined (no events, say).
 *
 * <p><b>AUC.</b> From per-ticker parts ({@link AucParts}): events P_a, non-events N_a, A_a = the sum over
 * a's events of the non-events (of all tickers) scoring lower, ties one half, and B_a = the sum over a's
 * non-events of the events scoring higher, ties one half; U = sum A_a = sum B_a and AUC = U / (P N). A
 * replicate takes P* = sum w_a P_a and N* = sum w_a N_a exactly and U* = sum w_a (A_a + B_a) - U, the
 * expansion of U to first order in the multiplicities (the placement values of DeLong et al. 1988,
 * clustered by ticker as in Obuchowski 1997); the second-order term, pairs between two resampled
 * tickers' own rows, is left out (U* is kept within [0, P* N*], so an AUC stays within [0, 1]). An AUC pooled over rolling origins is sum U / sum P N over them (pairs
 * within one test block only).
 *
 * <p><b>Means.</b> From per-ticker counts and sums ({@link MeanParts}): mean* = sum w_a s_a / sum w_a n_a,
 * exact for every replicate.
 *
 * <p>Cost: B x T multiplicities (about 1,000 x 331 small integers) drawn once; each statistic is a few
 * dot products of length T per replicate.
 */
public final class TickerBootstrap {
  /** Share of undefined replicates above which no interval is given. */
  static final double MAX_UNDEFINED = 0.05;

  private final List<String> tickers;
  private final Map<String, Integer> index = new TreeMap<>();
  private final double[][] weights;

  /** Multiplicities for {@code samples} replicates of {@code tickers} (any order; sorted here), from {@code seed}. */
  public TickerBootstrap(List<String> tickers, int samples, long seed) {
    List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(tickers));
    this.tickers = List.copyOf(sorted);
    for (int i = 0; i < sorted.size(); i++) {
      index.put(sorted.get(i), i);
    }
    int t = sorted.size();
    Random random = new Random(seed);
    weights = new double[samples][t];
    for (int b = 0; b < samples; b++) {
      for (int i = 0; i < t; i++) {
        weights[b][random.nextInt(t)] += 1;
      }
    }
  }

  public int tickers() {
    return tickers.size();
  }

  public int samples() {
    return weights.length;
  }

  /** The position of a ticker in the per-ticker arrays; an unknown ticker is an error. */
  public int indexOf(String ticker) {
    Integer i = index.get(ticker);
    if (i == null) {
      throw new IllegalArgumentException("ticker " + ticker + " is not among the bootstrap's tickers");
    }
    return i;
  }

  /** A statistic of the ticker multiplicities (all ones: the estimate on the data). */
  @FunctionalInterface
  public interface Statistic {
    double at(double[] w);
  }

  /** An estimate and its 95% bootstrap interval (lo, hi null when not available). */
  public record Estimate(double value, Double lo, Double hi) {
    /** true when the interval exists and lies wholly above or wholly below 0. */
    public boolean excludesZero() {
      return lo != null && hi != null && (lo > 0 || hi < 0);
    }
  }

  /** The statistic on the data and its percentile interval over the replicates. */
  public Estimate estimate(Statistic s) {
    double[] ones = new double[tickers.size()];
    Arrays.fill(ones, 1.0);
    double value = s.at(ones);
    double[] r = new double[weights.length];
    int n = 0;
    for (double[] w : weights) {
      double v = s.at(w);
      if (Double.isFinite(v)) {
        r[n++] = v;
      }
    }
    if (!Double.isFinite(value) || n < (1 - MAX_UNDEFINED) * weights.length) {
      return new Estimate(value, null, null);
    }
    double[] sorted = Arrays.copyOf(r, n);
    Arrays.sort(sorted);
    return new Estimate(value, quantile(sorted, 0.025), quantile(sorted, 0.975));
  }

  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Per-ticker parts of one AUC (arrays by ticker index). */
  public record AucParts(double[] events, double[] nonEvents, double[] a, double[] b) {
    public static AucParts empty(int tickers) {
      return new AucParts(new double[tickers], new double[tickers], new double[tickers], new double[tickers]);
    }

    double u() {
      return Arrays.stream(a).sum();
    }

    /** U* of the multiplicities w (first order, kept within [0, pairs*]). */
    double u(double[] w) {
      return Math.max(0, Math.min(pairs(w), dot(w, a) + dot(w, b) - u()));
    }

    double pairs(double[] w) {
      return dot(w, events) * dot(w, nonEvents);
    }
  }

  /** The AUC pooled over the parts of several test blocks: sum U / sum pairs (NaN without pairs). */
  public static double pooledAuc(List<AucParts> parts, double[] w) {
    double u = 0;
    double pairs = 0;
    for (AucParts p : parts) {
      u += p.u(w);
      pairs += p.pairs(w);
    }
    return pairs > 0 ? u / pairs : Double.NaN;
  }

  /** Per-ticker rows and sums of a mean (arrays by ticker index). */
  public record MeanParts(double[] n, double[] sum) {
    public static MeanParts empty(int tickers) {
      return new MeanParts(new double[tickers], new double[tickers]);
    }

    /** The mean of the multiplicities w (NaN without rows). */
    public double mean(double[] w) {
      double d = dot(w, n);
      return d > 0 ? dot(w, sum) / d : Double.NaN;
    }
  }

  static double dot(double[] w, double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += w[i] * x[i];
    }
    return s;
  }
}
