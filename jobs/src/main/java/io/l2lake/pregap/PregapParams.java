package io.l2lake.pregap;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The typed, validated parameters of the pre-gap analyser. Every check names the command-line option
 * and what is allowed, so a bad value stops the run with one line before any work.
 *
 * <p>Windows count a symbol's bars (trading days present in the data), not calendar days.
 *
 * @param gaps gap thresholds g (fractions, whole percents): a day D is a gap up when
 *     {@code open_D / close_{D-1} - 1 >= g} and a gap down when it is {@code <= -g}; each threshold
 *     gives the labels {@code gap_up_<100g>} and {@code gap_down_<100g>}
 * @param returnDays k of the k-day returns {@code close_{D-1} / close_{D-1-k} - 1}
 * @param slopeDays n of the volume accelerations (OLS slope of ln(1 + volume) over the n bars to D-1)
 * @param rangeDays the short window of the range contraction (mean (high - low) / close over it,
 *     divided by the same mean over {@code longDays})
 * @param longDays the long window: realised volatility, distance below the high, dollar volume, the
 *     denominator of the range contraction and the event study's volume baseline
 * @param maxGapDays the most calendar days between bar D-1 and bar D for D to count as an overnight gap
 *     (a longer hole in the data gives no label)
 * @param splitDate first day of the out-of-sample period; null chooses a year boundary (see
 *     {@code testShare})
 * @param testShare without a split date, the out-of-sample period starts on the 1 January whose later
 *     years hold the share of the analysed rows closest to this
 * @param eventBefore bars before D in the event study (D-eventBefore .. D-1)
 * @param eventAfter bars after D in the event study (D+1 .. D+eventAfter)
 */
public record PregapParams(List<Double> gaps, List<Integer> returnDays, List<Integer> slopeDays,
    int rangeDays, int longDays, int maxGapDays, LocalDate splitDate, double testShare, int eventBefore,
    int eventAfter) {

  /** A daily-bar price ratio within this of the threshold counts as on it (float rounding of quoted prices). */
  public static final double GAP_TOLERANCE = 1e-9;

  /** The defaults: gaps of 20% and 50%, returns over 1, 5, 10 bars, 5/10-bar slopes, 5 and 20-bar windows. */
  public static PregapParams defaults() {
    return new PregapParams(List.of(0.2, 0.5), List.of(1, 5, 10), List.of(5, 10), 5, 20, 7, null, 0.3, 10,
        5);
  }

  public PregapParams {
    gaps = List.copyOf(require(gaps, "--gaps"));
    returnDays = List.copyOf(require(returnDays, "--return-days"));
    slopeDays = List.copyOf(require(slopeDays, "--slope-days"));
    String gapRule = "1 to 4 distinct thresholds, each from 0.01 to 5 in whole percent (e.g. 0.2,0.5)";
    check(!gaps.isEmpty() && gaps.size() <= 4
        && distinct(gaps.stream().map(PregapParams::percent).toList()), "--gaps", gaps, gapRule);
    for (double g : gaps) {
      check(Double.isFinite(g) && g >= 0.01 - 1e-12 && g <= 5 + 1e-12
          && Math.abs(g * 100 - Math.rint(g * 100)) < 1e-9, "--gaps", gaps, gapRule);
    }
    check(rangeDays >= 2 && rangeDays <= 250, "--range-days", rangeDays, "an integer from 2 to 250");
    check(longDays >= 5 && longDays <= 250, "--long-days", longDays, "an integer from 5 to 250");
    check(rangeDays < longDays, "--range-days", rangeDays, "less than --long-days (" + longDays + ")");
    String returnRule = "1 to 6 distinct integers, each from 1 to 250";
    check(!returnDays.isEmpty() && returnDays.size() <= 6 && distinct(returnDays), "--return-days",
        returnDays, returnRule);
    for (int k : returnDays) {
      check(k >= 1 && k <= 250, "--return-days", returnDays, returnRule);
    }
    String slopeRule = "1 to 4 distinct integers, each from 3 to 60";
    check(!slopeDays.isEmpty() && slopeDays.size() <= 4 && distinct(slopeDays), "--slope-days", slopeDays,
        slopeRule);
    for (int n : slopeDays) {
      check(n >= 3 && n <= 60, "--slope-days", slopeDays, slopeRule);
    }
    check(maxGapDays >= 1 && maxGapDays <= 31, "--max-gap-days", maxGapDays, "an integer from 1 to 31");
    check(Double.isFinite(testShare) && testShare >= 0.05 && testShare <= 0.95, "--test-share",
        testShare, "a number from 0.05 to 0.95");
    check(eventBefore >= 1 && eventBefore <= 60, "--event-before", eventBefore, "an integer from 1 to 60");
    check(eventAfter >= 1 && eventAfter <= 60, "--event-after", eventAfter, "an integer from 1 to 60");
    List<Integer> sortedReturns = new ArrayList<>(returnDays);
    Collections.sort(sortedReturns);
    returnDays = List.copyOf(sortedReturns);
    List<Integer> sortedSlopes = new ArrayList<>(slopeDays);
    Collections.sort(sortedSlopes);
    slopeDays = List.copyOf(sortedSlopes);
    List<Double> sortedGaps = new ArrayList<>(gaps);
    Collections.sort(sortedGaps);
    gaps = List.copyOf(sortedGaps);
  }

  /** A copy with another split date (null: by {@code testShare}). */
  public PregapParams withSplitDate(LocalDate d) {
    return new PregapParams(gaps, returnDays, slopeDays, rangeDays, longDays, maxGapDays, d, testShare,
        eventBefore, eventAfter);
  }

  /** A threshold in whole percent, as in the label names. */
  public static int percent(double g) {
    return (int) Math.rint(g * 100);
  }

  /** The label columns, up before down, small before large: gap_up_20, gap_up_50, gap_down_20, gap_down_50. */
  public List<String> labels() {
    List<String> out = new ArrayList<>();
    gaps.forEach(g -> out.add(upLabel(g)));
    gaps.forEach(g -> out.add(downLabel(g)));
    return List.copyOf(out);
  }

  public static String upLabel(double g) {
    return "gap_up_" + percent(g);
  }

  public static String downLabel(double g) {
    return "gap_down_" + percent(g);
  }

  /**
   * The most bars before D that a feature or the event study reads (the volatility needs longDays
   * returns, so longDays + 1 closes).
   */
  public int lookbackBars() {
    int m = Math.max(longDays + 1, eventBefore);
    for (int k : returnDays) {
      m = Math.max(m, k + 1);
    }
    for (int n : slopeDays) {
      m = Math.max(m, n);
    }
    return m;
  }

  /**
   * Calendar days read before the first analysed day so that its features see their whole look-back:
   * the look-back in bars at 7 calendar days per 5 bars, plus two weeks for holidays and short holes.
   */
  public int lookbackCalendarDays() {
    return (int) Math.ceil(lookbackBars() * 7.0 / 5) + 14;
  }

  /** Calendar days read after the last analysed day for the event study's bars after D. */
  public int lookaheadCalendarDays() {
    return (int) Math.ceil(eventAfter * 7.0 / 5) + 14;
  }

  /** One line for the run log and the printed header. */
  public String describe() {
    return String.format(Locale.ROOT,
        "gaps %s, returns %s, slopes %s, range %d/%d, long window %d, max gap %d days, split %s, events %d..+%d",
        gaps.stream().map(g -> percent(g) + "%").collect(Collectors.joining(",")), returnDays, slopeDays,
        rangeDays, longDays, longDays, maxGapDays, splitDate == null ? "auto(" + testShare + ")" : splitDate,
        -eventBefore, eventAfter);
  }

  private static <T> List<T> require(List<T> l, String option) {
    if (l == null) {
      throw new IllegalArgumentException(option + " is required");
    }
    for (T t : l) {
      if (t == null) {
        throw new IllegalArgumentException(option + " has an empty value");
      }
    }
    return l;
  }

  private static boolean distinct(List<?> l) {
    return new HashSet<>(l).size() == l.size();
  }

  private static void check(boolean ok, String option, Object value, String allowed) {
    if (!ok) {
      String v = value instanceof List<?> l
          ? l.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(value);
      throw new IllegalArgumentException(option + " has value '" + v + "': allowed is " + allowed);
    }
  }
}
