package io.l2lake.config;

import static io.l2lake.config.SettingKinds.bars;
import static io.l2lake.config.SettingKinds.multiple;
import static io.l2lake.config.SettingKinds.unit;

import java.io.Serializable;
import java.util.List;

/**
 * The five stealth-accumulation signals and their composite ({@code io.l2lake.signals}): keys under
 * {@code strategy.signals}, {@code strategy.absorption}, {@code strategy.creep}, {@code strategy.darkpool},
 * {@code strategy.sinkhole} and {@code strategy.contraction}, in that block of {@code conf/strategy.conf}.
 */
public record SignalSettings(double trigger, int confluenceBars, int baselineDays, int volatilityBaselineDays,
    int minBaselineBars, int baselineSlotMinutes, double bidDropFraction, Absorption absorption, Creep creep,
    DarkPool darkPool, Sinkhole sinkhole, Contraction contraction, double[] weights)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Signal 1: sustained bid-side absorption. */
  public record Absorption(int window, double sellShareMin, double sellVolumeMultiple, int maxBidDropTicks,
      double refillRatioMin, int persistenceWindows, double persistenceMin)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Signal 2: controlled price creep. */
  public record Creep(int window, double r2Min, double maxPullbackAtr, double maxBarShare, double maxVolumeMultiple)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Signal 3: dark-pool inference. */
  public record DarkPool(int window, double zMin, double sdFloor, double aboveMidShareMin, double blockWeight)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Signal 4: liquidity sinkhole. */
  public record Sinkhole(int window, double absorbMultiple, double askDepthRatioMax)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Signal 5: micro-volatility contraction. */
  public record Contraction(int window, double volRatioMax, double rangeAtrMax)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  public static final Setting<Double> TRIGGER = unit("strategy.signals.trigger", 0.5,
      "score at which a signal fires; each score is built so that it reaches this value exactly when all of its conditions are met");
  public static final Setting<Integer> CONFLUENCE_BARS = bars("strategy.signals.confluence-bars", 30,
      "bars over which the confluence count looks for firing signals");
  public static final Setting<Integer> BASELINE_DAYS = Setting.intIn("strategy.signals.baseline-days", 20, 1,
      250, "prior trading days in the volume, off-exchange, spread and ATR baselines");
  public static final Setting<Integer> VOL_BASELINE_DAYS = Setting.intIn(
      "strategy.signals.volatility-baseline-days", 5, 1, 250, "prior trading days in the volatility baseline");
  public static final Setting<Integer> MIN_BASELINE_BARS = Setting.intIn("strategy.signals.min-baseline-bars",
      30, 5, 10_000, "bars of the same day needed before they stand in for a missing prior-day baseline");
  public static final Setting<Integer> BASELINE_SLOT_MINUTES = Setting.intIn(
      "strategy.signals.baseline-slot-minutes", 30, 0, 390,
      "minutes of the time-of-day slots the per-bar baselines are taken in (pre-market, session and after-hours "
          + "slotted apart); 0 takes them over all of a day's bars");
  public static final Setting<Double> BID_DROP_FRACTION = Setting.doubleIn(
      "strategy.signals.price-hold-fraction", 0.002, 0, 0.1,
      "a price 'holds' when it moves less than max(N ticks, this fraction of the price)");
  public static final Setting<Integer> ABS_WINDOW = bars("strategy.absorption.window", 15, "window in bars");
  public static final Setting<Double> ABS_SELL_SHARE = Setting.doubleIn("strategy.absorption.sell-share-min",
      0.55, 0.5, 1, "sell share of classified volume in the window");
  public static final Setting<Double> ABS_SELL_MULT = multiple("strategy.absorption.sell-volume-multiple",
      1.5, "sell volume per bar against the symbol's baseline");
  public static final Setting<Integer> ABS_BID_TICKS = Setting.intIn("strategy.absorption.max-bid-drop-ticks",
      1, 0, 100, "the lowest bid may sit at most this many ticks below the bid at the window's start");
  public static final Setting<Double> ABS_REFILL = Setting.doubleIn("strategy.absorption.refill-ratio-min",
      0.5, 0, 100, "size added back at an unchanged bid, per share executed at the bid");
  public static final Setting<Integer> ABS_PERSIST_WINDOWS = Setting.intIn(
      "strategy.absorption.persistence-windows", 4, 1, 20, "consecutive windows in the persistence share");
  public static final Setting<Double> ABS_PERSIST = unit("strategy.absorption.persistence-min", 0.5,
      "share of those windows that must meet the conditions");
  public static final Setting<Integer> CREEP_WINDOW = bars("strategy.creep.window", 30, "window in bars");
  public static final Setting<Double> CREEP_R2 = unit("strategy.creep.r2-min", 0.6,
      "R^2 of the OLS fit of log VWAP on bar number (with a positive slope)");
  public static final Setting<Double> CREEP_PULLBACK = multiple("strategy.creep.max-pullback-atr", 1.5,
      "largest pullback in ATRs of 1-minute bars");
  public static final Setting<Double> CREEP_BAR_SHARE = unit("strategy.creep.max-bar-share", 0.4,
      "largest share of the window's move made by one bar");
  public static final Setting<Double> CREEP_VOLUME = multiple("strategy.creep.max-volume-multiple", 2.0,
      "volume per bar against the baseline (creep is quiet)");
  public static final Setting<Integer> DARK_WINDOW = bars("strategy.darkpool.window", 30, "window in bars");
  public static final Setting<Double> DARK_Z = Setting.doubleIn("strategy.darkpool.z-min", 4.0, 0.1, 20,
      "z-score of the window's off-exchange share against the prior days' shares");
  public static final Setting<Double> DARK_SD_FLOOR = Setting.doubleIn("strategy.darkpool.sd-floor", 0.05,
      0.001, 1, "smallest standard deviation used in that z-score");
  public static final Setting<Double> DARK_ABOVE_MID = unit("strategy.darkpool.above-mid-share-min", 0.6,
      "share of off-exchange volume printed at or above the midpoint; the z grade is weighed by min(1, share / (this + 0.2))");
  public static final Setting<Double> DARK_BLOCK = Setting.doubleIn("strategy.darkpool.block-weight", 0.5, 0,
      10, "score boost per unit of off-exchange block share");
  public static final Setting<Integer> SINK_WINDOW = bars("strategy.sinkhole.window", 10, "window in bars");
  public static final Setting<Double> SINK_MULT = multiple("strategy.sinkhole.absorb-multiple", 4.0,
      "buy volume executed at the ask against the mean displayed (or estimated) ask size");
  public static final Setting<Double> SINK_DEPTH = Setting.doubleIn("strategy.sinkhole.ask-depth-ratio-max",
      0.75, 0.01, 1, "ask depth at the window's end against its start");
  public static final Setting<Integer> CONTRACT_WINDOW = bars("strategy.contraction.window", 30,
      "window in bars");
  public static final Setting<Double> CONTRACT_VOL = unit("strategy.contraction.vol-ratio-max", 0.5,
      "realised volatility of 1-minute returns against the baseline");
  public static final Setting<Double> CONTRACT_RANGE = unit("strategy.contraction.range-atr-max", 0.6,
      "mean bar range against the baseline ATR");
  public static final Setting<List<Double>> WEIGHTS = Setting.of("strategy.signals.weights", "1,1,1,1,1",
      SettingKinds::weights, l -> l.size() == 5 && l.stream().mapToDouble(Double::doubleValue).sum() > 0,
      "five non-negative numbers, not all zero",
      "composite weights: absorption, creep, darkpool, sinkhole, contraction");

  /** Every signal setting, in the order of the conf file. */
  public static final List<Setting<?>> SETTINGS = List.of(
      TRIGGER, CONFLUENCE_BARS, BASELINE_DAYS, VOL_BASELINE_DAYS, MIN_BASELINE_BARS, BASELINE_SLOT_MINUTES,
      BID_DROP_FRACTION, ABS_WINDOW, ABS_SELL_SHARE, ABS_SELL_MULT, ABS_BID_TICKS, ABS_REFILL, ABS_PERSIST_WINDOWS,
      ABS_PERSIST, CREEP_WINDOW, CREEP_R2, CREEP_PULLBACK, CREEP_BAR_SHARE, CREEP_VOLUME, DARK_WINDOW, DARK_Z,
      DARK_SD_FLOOR, DARK_ABOVE_MID, DARK_BLOCK, SINK_WINDOW, SINK_MULT, SINK_DEPTH, CONTRACT_WINDOW, CONTRACT_VOL,
      CONTRACT_RANGE, WEIGHTS);

  /** The values of {@code g}, validated. */
  static SignalSettings read(Strategy.Values g) {
    return new SignalSettings(g.v(TRIGGER), g.v(CONFLUENCE_BARS), g.v(BASELINE_DAYS), g.v(VOL_BASELINE_DAYS),
        g.v(MIN_BASELINE_BARS), g.v(BASELINE_SLOT_MINUTES), g.v(BID_DROP_FRACTION),
        new Absorption(g.v(ABS_WINDOW), g.v(ABS_SELL_SHARE), g.v(ABS_SELL_MULT), g.v(ABS_BID_TICKS),
            g.v(ABS_REFILL), g.v(ABS_PERSIST_WINDOWS), g.v(ABS_PERSIST)),
        new Creep(g.v(CREEP_WINDOW), g.v(CREEP_R2), g.v(CREEP_PULLBACK), g.v(CREEP_BAR_SHARE), g.v(CREEP_VOLUME)),
        new DarkPool(g.v(DARK_WINDOW), g.v(DARK_Z), g.v(DARK_SD_FLOOR), g.v(DARK_ABOVE_MID), g.v(DARK_BLOCK)),
        new Sinkhole(g.v(SINK_WINDOW), g.v(SINK_MULT), g.v(SINK_DEPTH)),
        new Contraction(g.v(CONTRACT_WINDOW), g.v(CONTRACT_VOL), g.v(CONTRACT_RANGE)),
        g.v(WEIGHTS).stream().mapToDouble(Double::doubleValue).toArray());
  }
}
