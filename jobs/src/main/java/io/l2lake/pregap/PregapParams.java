package io.l2lake.pregap;

import io.l2lake.config.PregapSettings;
import io.l2lake.config.Setting;
import io.l2lake.config.Strategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The typed, validated parameters of the pre-gap analyser, built from the strategy settings under
 * {@code strategy.pregap.} ({@link PregapSettings}: keys, defaults, ranges and meaning). Every check
 * names the setting's key and what is allowed, so a bad value stops the run with one line before any
 * work.
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
 * @param haltDays calendar days from D-1 to D at or above which D is a suspected halt
 * @param reversalVolume a gap that fully reverses by D's close on volume below this multiple of the
 *     long-window mean volume is a suspected bad print
 * @param absurdRatio an open at least this multiple of the previous close, or at most its inverse, is a
 *     suspected bad print
 * @param firstTestYear first year of the first rolling-origin test block
 * @param testBlockYears years per test block
 * @param bootstrapSamples ticker-bootstrap resamples of the intervals
 * @param bootstrapSeed their seed
 * @param minAucGain the smallest out-of-sample AUC gain claimed: the lower end of its interval must reach it
 * @param spreadBounds upper price bounds of the spread buckets (the last bucket is open-ended)
 * @param spreadRoundTrip round-trip spread per bucket (one more than the bounds)
 * @param eventBefore bars before D in the event study (D-eventBefore .. D-1)
 * @param eventAfter bars after D in the event study (D+1 .. D+eventAfter)
 */
public record PregapParams(List<Double> gaps, List<Integer> returnDays, List<Integer> slopeDays,
    int rangeDays, int longDays, int maxGapDays, int haltDays, double reversalVolume, double absurdRatio,
    int firstTestYear, int testBlockYears, int bootstrapSamples, int bootstrapSeed, double minAucGain, List<Double> spreadBounds,
    List<Double> spreadRoundTrip, int eventBefore, int eventAfter) {

  /** A daily-bar price ratio within this of the threshold counts as on it (float rounding of quoted prices). */
  public static final double GAP_TOLERANCE = 1e-9;

  /** The defaults of {@link PregapSettings}. */
  public static PregapParams defaults() {
    return from(Strategy.defaults());
  }

  /** The parameters from the loaded strategy (its {@code strategy.pregap.} keys). */
  public static PregapParams from(Strategy s) {
    return new PregapParams(s.get(PregapSettings.GAPS), s.get(PregapSettings.RETURN_DAYS),
        s.get(PregapSettings.SLOPE_DAYS), s.get(PregapSettings.RANGE_DAYS), s.get(PregapSettings.LONG_DAYS),
        s.get(PregapSettings.MAX_GAP_DAYS), s.get(PregapSettings.HALT_DAYS), s.get(PregapSettings.REVERSAL_VOLUME),
        s.get(PregapSettings.ABSURD_RATIO), s.get(PregapSettings.FIRST_TEST_YEAR),
        s.get(PregapSettings.TEST_BLOCK_YEARS), s.get(PregapSettings.BOOTSTRAP_SAMPLES),
        s.get(PregapSettings.BOOTSTRAP_SEED), s.get(PregapSettings.MIN_AUC_GAIN), s.get(PregapSettings.SPREAD_PRICE_BOUNDS),
        s.get(PregapSettings.SPREAD_ROUND_TRIP), s.get(PregapSettings.EVENT_BEFORE),
        s.get(PregapSettings.EVENT_AFTER));
  }

  public PregapParams {
    gaps = List.copyOf(require(gaps, PregapSettings.GAPS));
    returnDays = List.copyOf(require(returnDays, PregapSettings.RETURN_DAYS));
    slopeDays = List.copyOf(require(slopeDays, PregapSettings.SLOPE_DAYS));
    spreadBounds = List.copyOf(require(spreadBounds, PregapSettings.SPREAD_PRICE_BOUNDS));
    spreadRoundTrip = List.copyOf(require(spreadRoundTrip, PregapSettings.SPREAD_ROUND_TRIP));
    valid(PregapSettings.GAPS, gaps);
    valid(PregapSettings.RETURN_DAYS, returnDays);
    valid(PregapSettings.SLOPE_DAYS, slopeDays);
    valid(PregapSettings.RANGE_DAYS, rangeDays);
    valid(PregapSettings.LONG_DAYS, longDays);
    valid(PregapSettings.MAX_GAP_DAYS, maxGapDays);
    valid(PregapSettings.HALT_DAYS, haltDays);
    valid(PregapSettings.REVERSAL_VOLUME, reversalVolume);
    valid(PregapSettings.ABSURD_RATIO, absurdRatio);
    valid(PregapSettings.FIRST_TEST_YEAR, firstTestYear);
    valid(PregapSettings.TEST_BLOCK_YEARS, testBlockYears);
    valid(PregapSettings.BOOTSTRAP_SAMPLES, bootstrapSamples);
    valid(PregapSettings.BOOTSTRAP_SEED, bootstrapSeed);
    valid(PregapSettings.MIN_AUC_GAIN, minAucGain);
    valid(PregapSettings.SPREAD_PRICE_BOUNDS, spreadBounds);
    valid(PregapSettings.SPREAD_ROUND_TRIP, spreadRoundTrip);
    valid(PregapSettings.EVENT_BEFORE, eventBefore);
    valid(PregapSettings.EVENT_AFTER, eventAfter);
    check(rangeDays < longDays, PregapSettings.RANGE_DAYS.key(), rangeDays,
        "less than " + PregapSettings.LONG_DAYS.key() + " (" + longDays + ")");
    check(spreadRoundTrip.size() == spreadBounds.size() + 1, PregapSettings.SPREAD_ROUND_TRIP.key(), spreadRoundTrip,
        "one spread more than " + PregapSettings.SPREAD_PRICE_BOUNDS.key() + " has bounds (" + spreadBounds.size()
            + "), one per price bucket");
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

  /** A copy with other rolling-origin test blocks. */
  public PregapParams withTestBlocks(int firstYear, int blockYears) {
    return new PregapParams(gaps, returnDays, slopeDays, rangeDays, longDays, maxGapDays, haltDays, reversalVolume,
        absurdRatio, firstYear, blockYears, bootstrapSamples, bootstrapSeed, minAucGain, spreadBounds, spreadRoundTrip,
        eventBefore, eventAfter);
  }

  /** A copy with another number of bootstrap resamples. */
  public PregapParams withBootstrapSamples(int samples) {
    return new PregapParams(gaps, returnDays, slopeDays, rangeDays, longDays, maxGapDays, haltDays, reversalVolume,
        absurdRatio, firstTestYear, testBlockYears, samples, bootstrapSeed, minAucGain, spreadBounds, spreadRoundTrip,
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
        "gaps %s, returns %s, slopes %s, range %d/%d, max gap %d days, halt from %d days, bad print: reversal"
            + " on < %s x volume or ratio >= %s, test blocks of %d years from %d, bootstrap %d (seed %d),"
            + " gains claimed from %s, round-trip spread %s below %s, events %d..+%d",
        gaps.stream().map(g -> percent(g) + "%").collect(Collectors.joining(",")), returnDays, slopeDays,
        rangeDays, longDays, maxGapDays, haltDays, reversalVolume, absurdRatio, testBlockYears, firstTestYear,
        bootstrapSamples, bootstrapSeed, minAucGain, spreadRoundTrip, spreadBounds, -eventBefore, eventAfter);
  }

  /** The round-trip spread assumed for a stock whose close of D-1 is {@code price}. */
  public double spreadFor(double price) {
    for (int i = 0; i < spreadBounds.size(); i++) {
      if (price < spreadBounds.get(i)) {
        return spreadRoundTrip.get(i);
      }
    }
    return spreadRoundTrip.get(spreadRoundTrip.size() - 1);
  }

  private static <T> void valid(Setting<T> s, T value) {
    String raw = value instanceof List<?> l ? l.stream().map(String::valueOf).collect(Collectors.joining(","))
        : String.valueOf(value);
    try {
      s.parse(raw, "the pre-gap parameters");
    } catch (io.l2lake.config.ConfigException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static <T> List<T> require(List<T> l, Setting<?> setting) {
    if (l == null) {
      throw new IllegalArgumentException(setting.key() + " is required");
    }
    for (T t : l) {
      if (t == null) {
        throw new IllegalArgumentException(setting.key() + " has an empty value");
      }
    }
    return l;
  }

  private static void check(boolean ok, String option, Object value, String allowed) {
    if (!ok) {
      String v = value instanceof List<?> l
          ? l.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(value);
      throw new IllegalArgumentException(option + " has value '" + v + "': allowed is " + allowed);
    }
  }
}
