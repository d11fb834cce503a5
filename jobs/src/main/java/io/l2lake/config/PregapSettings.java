package io.l2lake.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The pre-gap analyser's settings (keys under {@code strategy.pregap.}), read with the rest of the
 * strategy from {@code conf/strategy.conf} and {@code --set strategy.pregap.KEY=VALUE}. Each is declared
 * once here with its type, range and meaning; {@link Strategy#load} parses every one of them at start,
 * so a bad value stops the run with one line. Rules that tie two settings together (the short range
 * window below the long one, one spread per price bucket) are checked where the analyser builds its
 * parameters. Windows count a symbol's bars (trading days present in the data).
 */
public final class PregapSettings {
  private PregapSettings() {}

  public static final Setting<List<Double>> GAPS = Setting.of("strategy.pregap.gaps", "0.2,0.5",
      PregapSettings::numbers, l -> l.size() >= 1 && l.size() <= 4 && new HashSet<>(l).size() == l.size()
          && l.stream().allMatch(g -> g >= 0.01 - 1e-12 && g <= 5 + 1e-12
              && Math.abs(g * 100 - Math.rint(g * 100)) < 1e-9),
      "1 to 4 distinct thresholds, each from 0.01 to 5 in whole percent (e.g. 0.2,0.5)",
      "gap thresholds g: D is a gap up when open_D / close_(D-1) - 1 >= g and a gap down when <= -g");
  public static final Setting<List<Integer>> RETURN_DAYS = Setting.of("strategy.pregap.return-days", "1,5,10",
      PregapSettings::integers, l -> l.size() >= 1 && l.size() <= 6 && new HashSet<>(l).size() == l.size()
          && l.stream().allMatch(k -> k >= 1 && k <= 250),
      "1 to 6 distinct integers, each from 1 to 250", "k of the k-bar returns close_(D-1) / close_(D-1-k) - 1");
  public static final Setting<List<Integer>> SLOPE_DAYS = Setting.of("strategy.pregap.slope-days", "5,10",
      PregapSettings::integers, l -> l.size() >= 1 && l.size() <= 4 && new HashSet<>(l).size() == l.size()
          && l.stream().allMatch(k -> k >= 3 && k <= 60),
      "1 to 4 distinct integers, each from 3 to 60", "n of the volume accelerations (OLS slope of ln(1 + volume))");
  public static final Setting<Integer> RANGE_DAYS = Setting.intIn("strategy.pregap.range-days", 5, 2, 250,
      "short window of the range contraction (below long-days)");
  public static final Setting<Integer> LONG_DAYS = Setting.intIn("strategy.pregap.long-days", 20, 5, 250,
      "long window: volatility, distance below the high, dollar volume, range and volume baselines");
  public static final Setting<Integer> MAX_GAP_DAYS = Setting.intIn("strategy.pregap.max-gap-days", 7, 1, 31,
      "most calendar days between bar D-1 and bar D for D's open to count as an overnight gap");
  public static final Setting<Integer> HALT_DAYS = Setting.intIn("strategy.pregap.halt-days", 5, 2, 31,
      "calendar days from D-1 to D at or above which D is flagged as a suspected halt (a weekday is missing)");
  public static final Setting<Double> REVERSAL_VOLUME = Setting.doubleIn("strategy.pregap.reversal-volume-ratio",
      0.5, 0, 100, "a gap that fully reverses by the close of D on volume below this multiple of the mean volume"
          + " of the long window before D is flagged as a suspected bad print");
  public static final Setting<Double> ABSURD_RATIO = Setting.doubleIn("strategy.pregap.absurd-ratio", 10, 1.5,
      1000, "an open at least this many times the previous close (or at most its inverse) is flagged as a"
          + " suspected bad print");
  public static final Setting<Integer> FIRST_TEST_YEAR = Setting.intIn("strategy.pregap.first-test-year", 2009,
      1900, 2100, "first year of the first rolling-origin test block");
  public static final Setting<Integer> TEST_BLOCK_YEARS = Setting.intIn("strategy.pregap.test-block-years", 3, 1,
      50, "years in each rolling-origin test block; each block is scored by models fitted on all years before it");
  public static final Setting<Integer> BOOTSTRAP_SAMPLES = Setting.intIn("strategy.pregap.bootstrap-samples",
      1000, 200, 100_000, "bootstrap resamples of the tickers for the 95% intervals");
  public static final Setting<Integer> BOOTSTRAP_SEED = Setting.intIn("strategy.pregap.bootstrap-seed", 20171231,
      0, Integer.MAX_VALUE, "seed of the ticker bootstrap (fixed, so the intervals repeat)");
  public static final Setting<Double> MIN_AUC_GAIN = Setting.doubleIn("strategy.pregap.min-auc-gain", 0.005, 0,
      0.5, "smallest out-of-sample AUC gain over the baseline that is claimed: a feature adds to the baseline only"
          + " where the lower end of its gain's 95% interval reaches this (the interval holds the fitted models"
          + " fixed, so a negligible gain of a refitted copy of volatility can have a narrow interval above 0)");
  public static final Setting<List<Double>> SPREAD_PRICE_BOUNDS = Setting.of(
      "strategy.pregap.spread-price-bounds", "0.1,1,5", PregapSettings::numbers,
      l -> l.size() >= 1 && l.size() <= 10 && increasing(l) && l.get(0) > 0,
      "1 to 10 increasing positive prices", "upper bounds of the price buckets (close of D-1) of the spread"
          + " assumption; the last bucket is open-ended");
  public static final Setting<List<Double>> SPREAD_ROUND_TRIP = Setting.of("strategy.pregap.spread-round-trip",
      "0.1,0.05,0.02,0.005", PregapSettings::numbers,
      l -> l.size() >= 2 && l.size() <= 11 && l.stream().allMatch(s -> s >= 0 && s < 1),
      "2 to 11 numbers from 0 to below 1, one more than the price bounds",
      "round-trip cost of buying at the close of D-1 and selling at the open of D (a full quoted spread, as a"
          + " fraction of the price) per price bucket");
  public static final Setting<Integer> EVENT_BEFORE = Setting.intIn("strategy.pregap.event-before", 10, 1, 60,
      "event study: bars before D");
  public static final Setting<Integer> EVENT_AFTER = Setting.intIn("strategy.pregap.event-after", 5, 1, 60,
      "event study: bars after D");

  public static final List<Setting<?>> SETTINGS = List.of(GAPS, RETURN_DAYS, SLOPE_DAYS, RANGE_DAYS, LONG_DAYS,
      MAX_GAP_DAYS, HALT_DAYS, REVERSAL_VOLUME, ABSURD_RATIO, FIRST_TEST_YEAR, TEST_BLOCK_YEARS, BOOTSTRAP_SAMPLES,
      BOOTSTRAP_SEED, MIN_AUC_GAIN, SPREAD_PRICE_BOUNDS, SPREAD_ROUND_TRIP, EVENT_BEFORE, EVENT_AFTER);

  private static List<Double> numbers(String s) {
    return Setting.numbers(s);
  }

  private static List<Integer> integers(String s) {
    return Setting.integers(s);
  }

  private static boolean increasing(List<Double> l) {
    for (int i = 1; i < l.size(); i++) {
      if (l.get(i) <= l.get(i - 1)) {
        return false;
      }
    }
    return true;
  }
}
