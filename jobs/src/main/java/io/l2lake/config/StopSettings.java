package io.l2lake.config;

import static io.l2lake.config.SettingKinds.bars;
import static io.l2lake.config.SettingKinds.days;
import static io.l2lake.config.SettingKinds.multiple;
import static io.l2lake.config.SettingKinds.unit;

import java.io.Serializable;
import java.util.List;

/**
 * The stop-loss system: the stop context of the stops stage ({@code gold.stops}: ATR and volatility regime,
 * {@link #CONTEXT_SETTINGS}) and the rest, which the backtest applies to each position
 * ({@code io.l2lake.backtest.StopLevels}); keys under {@code strategy.stops}.
 */
public record StopSettings(int atrDays, int regimeDays, int regimeHistoryDays, double regimeLowPercentile,
    double regimeHighPercentile, double kLow, double kNormal, double kHigh, int graceBars, int microOfiBars,
    double microSpreadMultiple, int supportDays, double supportBucket, double supportBufferAtr, int timeBars,
    double timeProgressAtr, double timeShrink, int patternBars, double breakoutAtr, String mode, int swingGraceDays,
    int microConfirmBars, int coarseBars, int timeDays, double trailAfter, double trailKeep,
    boolean holdWhileAccumulating)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The multi-day mode (see {@code io.l2lake.backtest.StopLevels}), as opposed to {@code intraday}. */
  public boolean swing() {
    return mode.equals("swing");
  }

  public static final Setting<Integer> ATR_DAYS = days("strategy.stops.atr-days", 14,
      "days in the daily average true range the stops are measured in");
  public static final Setting<Integer> REGIME_DAYS = days("strategy.stops.regime-days", 20,
      "days in the realised volatility that sets the regime");
  public static final Setting<Integer> REGIME_HISTORY = days("strategy.stops.regime-history-days", 120,
      "prior days against which that volatility is ranked (percentile)");
  public static final Setting<Double> REGIME_LOW = unit("strategy.stops.regime-low-percentile", 0.33,
      "at or below this percentile the regime is low");
  public static final Setting<Double> REGIME_HIGH = unit("strategy.stops.regime-high-percentile", 0.67,
      "above this percentile the regime is high");
  public static final Setting<Double> K_LOW = multiple("strategy.stops.k-low", 1.5, "ATRs of the volatility stop, low regime");
  public static final Setting<Double> K_NORMAL = multiple("strategy.stops.k-normal", 2.5,
      "ATRs of the volatility stop, normal regime");
  public static final Setting<Double> K_HIGH = multiple("strategy.stops.k-high", 3.5, "ATRs of the volatility stop, high regime");
  public static final Setting<Integer> GRACE_BARS = Setting.intIn("strategy.stops.grace-bars", 30, 0, 10_000,
      "bars after entry in which only the volatility stop applies");
  public static final Setting<Integer> MICRO_OFI_BARS = bars("strategy.stops.micro-ofi-bars", 5,
      "bars of negative order-flow imbalance for the microstructure exit");
  public static final Setting<Double> MICRO_SPREAD = multiple("strategy.stops.micro-spread-multiple", 2.0,
      "relative spread against its baseline for the microstructure exit");
  public static final Setting<Integer> SUPPORT_DAYS = days("strategy.stops.support-days", 5,
      "days of volume-at-price before entry clustered into support levels");
  public static final Setting<Double> SUPPORT_BUCKET = Setting.doubleIn("strategy.stops.support-bucket", 0.01,
      0.0005, 0.2, "width of a volume-at-price level, as a fraction of price (log scale)");
  public static final Setting<Double> SUPPORT_BUFFER = Setting.doubleIn("strategy.stops.support-buffer-atr", 0.25,
      0, 10, "the support stop sits this many ATRs below the strongest level under the entry");
  public static final Setting<Integer> TIME_BARS = Setting.intIn("strategy.stops.time-bars", 390, 1, 100_000,
      "bars after which a position without progress has its stop tightened");
  public static final Setting<Double> TIME_PROGRESS = Setting.doubleIn("strategy.stops.time-progress-atr", 0.5, 0,
      100, "unrealised gain, in ATRs, that counts as progress");
  public static final Setting<Double> TIME_SHRINK = unit("strategy.stops.time-shrink", 0.5,
      "fraction of the volatility stop distance kept once the time stop tightens it");
  public static final Setting<Integer> PATTERN_BARS = bars("strategy.stops.pattern-bars", 5,
      "bars of lower highs and lower lows that tighten the stop to the swing low");
  public static final Setting<Double> BREAKOUT_ATR = Setting.doubleIn("strategy.stops.breakout-atr", 0.5, 0, 100,
      "a new high counts as a breakout (whose failure tightens the stop) this many ATRs above the entry");
  public static final Setting<String> STOP_MODE = Setting.of("strategy.stops.mode", "swing", v -> v,
      v -> v.equals("swing") || v.equals("intraday"), "swing or intraday",
      "swing: stops for multi-day holds (grace in days, confirmed microstructure exits, coarse-bar patterns, a"
          + " ratchet, time in days, a trailing exit after a gain); intraday: the minute-bar stops");
  public static final Setting<Integer> SWING_GRACE_DAYS = Setting.intIn("strategy.stops.swing-grace-days", 1, 0, 100,
      "swing: trading days, the entry day first, in which only the volatility stop applies");
  public static final Setting<Boolean> HOLD_WHILE_ACCUMULATING = Setting.flag("strategy.stops.hold-while-accumulating",
      false, "swing: a day after one the tracker ended READY or ACCUMULATING is a grace day too (the buyer"
          + " is still at work, the gap not yet come): only the volatility stop and the trailing exit apply");
  public static final Setting<Integer> MICRO_CONFIRM = Setting.intIn("strategy.stops.micro-confirm-bars", 5, 1, 390,
      "swing: consecutive bars on which the microstructure exit's condition must hold before it sells");
  public static final Setting<Integer> COARSE_BARS = bars("strategy.stops.coarse-bars", 15,
      "swing: minute bars per bar of the pattern stop (lower highs and lows of 15-minute bars by default)");
  public static final Setting<Integer> TIME_DAYS = days("strategy.stops.time-days", 3,
      "swing: trading days after entry after which a position without progress has its stop tightened");
  public static final Setting<Double> TRAIL_AFTER = Setting.doubleIn("strategy.stops.trail-after", 0.2, 0.001, 100,
      "swing: once the highest close is this fraction above the entry (a gap came), the trailing exit applies");
  public static final Setting<Double> TRAIL_KEEP = unit("strategy.stops.trail-keep", 0.5,
      "swing: the trailing exit's stop keeps this share of the highest close's gain over the entry");

  /** Every stop setting. */
  public static final List<Setting<?>> SETTINGS = List.of(ATR_DAYS, REGIME_DAYS,
      REGIME_HISTORY, REGIME_LOW, REGIME_HIGH, K_LOW, K_NORMAL, K_HIGH, GRACE_BARS, MICRO_OFI_BARS, MICRO_SPREAD,
      SUPPORT_DAYS, SUPPORT_BUCKET, SUPPORT_BUFFER, TIME_BARS, TIME_PROGRESS, TIME_SHRINK, PATTERN_BARS, BREAKOUT_ATR,
      STOP_MODE, SWING_GRACE_DAYS, HOLD_WHILE_ACCUMULATING, MICRO_CONFIRM, COARSE_BARS, TIME_DAYS, TRAIL_AFTER,
      TRAIL_KEEP);

  /**
   * The settings of the stop context ({@code gold.stops}, the stops stage): the ATR and the volatility regime.
   * The rest of {@code strategy.stops.*} is applied by the backtest to each position.
   */
  public static final List<Setting<?>> CONTEXT_SETTINGS = List.of(ATR_DAYS, REGIME_DAYS, REGIME_HISTORY, REGIME_LOW,
      REGIME_HIGH);

  /** The values of {@code g}, validated, with the low regime percentile below the high one. */
  static StopSettings read(Strategy.Values g) {
    StopSettings s = new StopSettings(g.v(ATR_DAYS), g.v(REGIME_DAYS), g.v(REGIME_HISTORY), g.v(REGIME_LOW),
        g.v(REGIME_HIGH), g.v(K_LOW), g.v(K_NORMAL), g.v(K_HIGH), g.v(GRACE_BARS), g.v(MICRO_OFI_BARS),
        g.v(MICRO_SPREAD), g.v(SUPPORT_DAYS), g.v(SUPPORT_BUCKET), g.v(SUPPORT_BUFFER), g.v(TIME_BARS),
        g.v(TIME_PROGRESS), g.v(TIME_SHRINK), g.v(PATTERN_BARS), g.v(BREAKOUT_ATR), g.v(STOP_MODE),
        g.v(SWING_GRACE_DAYS), g.v(MICRO_CONFIRM), g.v(COARSE_BARS), g.v(TIME_DAYS), g.v(TRAIL_AFTER),
        g.v(TRAIL_KEEP), g.v(HOLD_WHILE_ACCUMULATING));
    if (s.regimeLowPercentile() >= s.regimeHighPercentile()) {
      throw new ConfigException("strategy keys " + REGIME_LOW.key() + " (" + s.regimeLowPercentile()
          + ") must be below " + REGIME_HIGH.key() + " (" + s.regimeHighPercentile() + ")");
    }
    return s;
  }
}
