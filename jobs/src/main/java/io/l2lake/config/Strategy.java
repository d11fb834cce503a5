package io.l2lake.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The research parameters: every threshold, window and weight of the signals, exits and the
 * accumulation tracker, read from {@code conf/strategy.conf} (keys under {@code strategy.}) with
 * {@code --set strategy.KEY=VALUE} overrides. Each key is declared once here with its type, range and
 * meaning; an unknown key or a value out of range stops the run at start with a one-line message.
 * The formulas that use them are documented in {@code io.l2lake.signals} and {@code io.l2lake.tracker}.
 */
public record Strategy(Signals signals, Exits exits, Tracker tracker, Stops stops, Backtest backtest,
    Map<String, String> values)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The five stealth-accumulation signals and their composite. */
  public record Signals(double trigger, int confluenceBars, int baselineDays, int volatilityBaselineDays,
      int minBaselineBars, double bidDropFraction, Absorption absorption, Creep creep, DarkPool darkPool,
      Sinkhole sinkhole, Contraction contraction, double[] weights) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Signal 1: sustained bid-side absorption. */
  public record Absorption(int window, double sellShareMin, double sellVolumeMultiple, int maxBidDropTicks,
      double refillRatioMin, int persistenceWindows, double persistenceMin) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Signal 2: controlled price creep. */
  public record Creep(int window, double r2Min, double maxPullbackAtr, double maxBarShare,
      double maxVolumeMultiple) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Signal 3: dark-pool inference. */
  public record DarkPool(int window, double zMin, double sdFloor, double aboveMidShareMin, double blockWeight)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Signal 4: liquidity sinkhole. */
  public record Sinkhole(int window, double absorbMultiple, double askDepthRatioMax) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Signal 5: micro-volatility contraction. */
  public record Contraction(int window, double volRatioMax, double rangeAtrMax) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The two exit signals. */
  public record Exits(int depthWindow, double depthDrop, double spreadMultiple, int ofiBars, double ofiMax,
      int dumpBars, double dumpSellMultiple, double dumpDropAtr, int walkLevels) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The multi-day tracker: the day score, the decayed scores and the state rules. */
  public record Tracker(double runFullMinutes, double offExchangeFull, double quoteBalanceScale,
      double volumeTrendScale, double[] dayWeights,
      double halfLife5, double halfLife10, double halfLife20, double accumulatingScore, int accumulatingDays,
      double readyScore, int readyDays, double triggerReturn, double triggerVolumeMultiple, int holdDays,
      double exitDrawdown, int exitMinutes, int decayDays, int lateCutoff) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The stop-loss system (see {@code io.l2lake.stops}). */
  public record Stops(int atrDays, int regimeDays, int regimeHistoryDays, double regimeLowPercentile,
      double regimeHighPercentile, double kLow, double kNormal, double kHigh, int graceBars, int microOfiBars,
      double microSpreadMultiple, int supportDays, double supportBucket, double supportBufferAtr, int timeBars,
      double timeProgressAtr, double timeShrink, int patternBars, double breakoutAtr, String mode,
      int swingGraceDays, int microConfirmBars, int coarseBars, int timeDays, double trailAfter, double trailKeep,
      boolean holdWhileAccumulating)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The multi-day mode (see {@code io.l2lake.backtest.StopLevels}), as opposed to {@code intraday}. */
    public boolean swing() {
      return mode.equals("swing");
    }
  }

  /** Entries, fills, sizing and costs of the backtest (see {@code io.l2lake.backtest}). */
  public record Backtest(double entryCompositeMin, int entryMinFiring, double initialCapital, double riskPerTrade,
      double maxPositionValue, double participationCap, double slippageSpreadFraction, double impact,
      double commissionPerShare, double commissionMin, double secFeeRate, double tafPerShare, double tafMax,
      int maxHoldDays, int cooldownBars, int controlDraws, int controlDays, double gapMin, String entryStates,
      int entryWorkBars, int exitWorkBars, int lateEntryMinFiring)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The tracker states of the day before that allow an entry. */
    public Object[] entryStateList() {
      return java.util.Arrays.stream(entryStates.split(",")).map(String::strip).filter(x -> !x.equals("LATE_READY"))
          .toArray();
    }

    /** Whether a day's own READY as of the tracker's late cutoff allows entries after it. */
    public boolean lateEntries() {
      return java.util.Arrays.stream(entryStates.split(",")).map(String::strip).anyMatch(x -> x.equals("LATE_READY"));
    }
  }

  // Signals ---------------------------------------------------------------------------------------
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
  public static final Setting<Double> SINK_MULT = multiple("strategy.sinkhole.absorb-multiple", 3.0,
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
      Strategy::weights, l -> l.size() == 5 && l.stream().mapToDouble(Double::doubleValue).sum() > 0,
      "five non-negative numbers, not all zero",
      "composite weights: absorption, creep, darkpool, sinkhole, contraction");

  // Exits -----------------------------------------------------------------------------------------
  public static final Setting<Integer> FLEE_DEPTH_WINDOW = bars("strategy.fleeing.depth-window", 30,
      "prior bars in the bid-depth mean");
  public static final Setting<Double> FLEE_DEPTH_DROP = unit("strategy.fleeing.depth-drop", 0.5,
      "fall of bid depth against that mean");
  public static final Setting<Double> FLEE_SPREAD = multiple("strategy.fleeing.spread-multiple", 2.0,
      "relative spread against its baseline");
  public static final Setting<Integer> FLEE_OFI_BARS = bars("strategy.fleeing.ofi-bars", 3,
      "bars over which order-flow imbalance is summed");
  public static final Setting<Double> FLEE_OFI = Setting.doubleIn("strategy.fleeing.ofi-max", -0.1, -1, -0.001,
      "normalised OFI (sum / sum of absolute values) at or below which flow is negative");
  public static final Setting<Integer> DUMP_BARS = bars("strategy.dumping.bars", 3, "bars in the dumping window");
  public static final Setting<Double> DUMP_SELL = multiple("strategy.dumping.sell-volume-multiple", 3.0,
      "sell volume against the baseline");
  public static final Setting<Double> DUMP_DROP = multiple("strategy.dumping.drop-atr", 1.5,
      "price drop from the window's high in ATRs");
  public static final Setting<Integer> DUMP_WALK = Setting.intIn("strategy.dumping.walk-levels", 3, 2, 100,
      "distinct lit prices hit by sellers in one bar that count as walking the book");

  // Tracker ---------------------------------------------------------------------------------------
  public static final Setting<Double> RUN_FULL = Setting.doubleIn("strategy.tracker.run-full-minutes", 60, 1,
      390, "longest run of firing minutes that counts as a full day-score component");
  public static final Setting<Double> OFFEX_FULL = unit("strategy.tracker.off-exchange-full", 0.15,
      "off-exchange share above the symbol's 20-day mean that counts as a full component");
  public static final Setting<Double> QUOTE_BALANCE_SCALE = Setting.doubleIn("strategy.tracker.quote-balance-scale",
      0.05, 0.001, 1, "quote balance (ask up-steps minus bid down-steps per quote-changing minute) at which its "
          + "component reaches 0.73 (a logistic of balance / scale)");
  public static final Setting<Double> VOLUME_TREND_SCALE = Setting.doubleIn("strategy.tracker.volume-trend-scale",
      0.5, 0.01, 10, "volume trend (ln of the 5-day mean volume over the 20 days before) at which its component "
          + "reaches 0.73 (a logistic of trend / scale)");
  public static final Setting<List<Double>> DAY_WEIGHTS = Setting.of("strategy.tracker.day-weights",
      "0,0,0,0,1,0", Strategy::weights, l -> l.size() == 6 && l.stream().mapToDouble(Double::doubleValue).sum() > 0,
      "six non-negative numbers, not all zero",
      "day-score weights: mean composite, longest firing run, distinct signals fired, excess off-exchange share, "
          + "quote balance, volume trend");
  public static final Setting<Double> HALF_LIFE_5 = halfLife("strategy.tracker.half-life-5", 2.0);
  public static final Setting<Double> HALF_LIFE_10 = halfLife("strategy.tracker.half-life-10", 4.0);
  public static final Setting<Double> HALF_LIFE_20 = halfLife("strategy.tracker.half-life-20", 8.0);
  public static final Setting<Double> ACC_SCORE = unit("strategy.tracker.accumulating-score", 0.7,
      "decayed 5-day score at or above which a symbol is ACCUMULATING");
  public static final Setting<Integer> ACC_DAYS = Setting.intIn("strategy.tracker.accumulating-days", 2, 1, 5,
      "days of the last 5 whose day score reached that level");
  public static final Setting<Double> READY_SCORE = unit("strategy.tracker.ready-score", 0.7,
      "decayed 10-day score at or above which a symbol is READY");
  public static final Setting<Integer> READY_DAYS = Setting.intIn("strategy.tracker.ready-days", 2, 1, 10,
      "days of the last 10 whose day score reached the accumulating level");
  public static final Setting<Double> TRIGGER_RETURN = Setting.doubleIn("strategy.tracker.trigger-return", 0.2,
      0.01, 10, "open-to-prior-close or close-to-prior-close return that triggers a READY symbol");
  public static final Setting<Double> TRIGGER_VOLUME = multiple("strategy.tracker.trigger-volume-multiple", 3.0,
      "or day volume against the 20-day mean together with a positive close");
  public static final Setting<Integer> HOLD_DAYS = Setting.intIn("strategy.tracker.hold-days", 5, 1, 60,
      "days a TRIGGERED symbol stays so before it is EXITED by time");
  public static final Setting<Double> EXIT_DRAWDOWN = unit("strategy.tracker.exit-drawdown", 0.25,
      "close below the trigger day's high by this fraction exits");
  public static final Setting<Integer> EXIT_MINUTES = Setting.intIn("strategy.tracker.exit-minutes", 15, 1, 390,
      "minutes with a fleeing or dumping exit in a day that exit a TRIGGERED symbol");
  public static final Setting<Integer> DECAY_DAYS = Setting.intIn("strategy.tracker.decay-days", 5, 1, 60,
      "days after leaving ACCUMULATING/READY (without a trigger) during which the state is DECAYED");
  public static final Setting<Integer> LATE_CUTOFF = Setting.intIn("strategy.tracker.late-cutoff", 900, 571, 959,
      "minute of the day (US/Eastern; 900 = 15:00) up to which the late READY reads the day: the day's score from "
          + "its minutes before it, with the days before whole");

  // Stops -----------------------------------------------------------------------------------------
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
  public static final Setting<String> ENTRY_STATES = Setting.of("strategy.backtest.entry-states", "READY,LATE_READY",
      v -> v, v -> !v.isBlank() && java.util.Arrays.stream(v.split(",")).map(String::strip)
          .allMatch(x -> x.equals("READY") || x.equals("TRIGGERED") || x.equals("LATE_READY")),
      "READY, LATE_READY, TRIGGERED, comma-separated",
      "what allows an entry: READY, the previous day's state (before the move, the thesis); LATE_READY, the day's"
          + " own READY as of tracker.late-cutoff, for entries from that minute to the close; TRIGGERED, the previous"
          + " day's, after the move started, another strategy");

  public static final Setting<Double> BREAKOUT_ATR = Setting.doubleIn("strategy.stops.breakout-atr", 0.5, 0, 100,
      "a new high counts as a breakout (whose failure tightens the stop) this many ATRs above the entry");

  // Backtest --------------------------------------------------------------------------------------
  public static final Setting<Double> ENTRY_COMPOSITE = Setting.doubleIn("strategy.backtest.entry-composite-min", 0,
      0, 1, "composite score on the bar (with the tracker in one of entry-states) that enters; 0: none, the fired"
          + " signal of entry-min-firing alone");
  public static final Setting<Integer> ENTRY_FIRING = Setting.intIn("strategy.backtest.entry-min-firing", 1, 0, 5,
      "signals that must have fired within the last confluence-bars bars (the confluence count) for an entry; a"
          + " composite of many weak, non-firing scores alone does not enter");
  public static final Setting<Integer> LATE_ENTRY_FIRING = Setting.intIn("strategy.backtest.late-entry-min-firing", 1,
      0, 5, "the confluence count a LATE_READY entry needs; 0 lets the day's late READY (itself several days of"
          + " scored minutes) stand as the signal");
  public static final Setting<Integer> ENTRY_WORK_BARS = Setting.intIn("strategy.backtest.entry-work-bars", 30, 1, 390,
      "bars after the signal over which the entry order is worked, each filling at most participation-cap of its"
          + " volume; 1 fills on the next bar alone");
  public static final Setting<Integer> EXIT_WORK_BARS = Setting.intIn("strategy.backtest.exit-work-bars", 30, 1, 390,
      "bars from an exit's trigger over which the sale is worked, each selling at most participation-cap of its"
          + " volume and the last what is left; 1 sells everything on the trigger bar");
  public static final Setting<Double> CAPITAL = Setting.doubleIn("strategy.backtest.initial-capital", 100_000, 1_000,
      1e12, "starting equity");
  public static final Setting<Double> RISK = Setting.doubleIn("strategy.backtest.risk-per-trade", 0.01, 0.0001, 0.5,
      "fraction of the starting equity lost if the initial stop is hit (sizes the position)");
  public static final Setting<Double> MAX_POSITION = Setting.doubleIn("strategy.backtest.max-position-value", 20_000,
      100, 1e12, "largest position value");
  public static final Setting<Double> PARTICIPATION = unit("strategy.backtest.participation-cap", 0.10,
      "largest share of the fill bar's volume an order may take; the rest is unfilled");
  public static final Setting<Double> SLIPPAGE = Setting.doubleIn("strategy.backtest.slippage-spread-fraction", 0.1,
      0, 5, "slippage beyond the touch as a fraction of the spread");
  public static final Setting<Double> IMPACT = Setting.doubleIn("strategy.backtest.impact", 0.1, 0, 10,
      "extra slippage as a fraction of price per unit of participation (order size / bar volume)");
  public static final Setting<Double> COMMISSION = Setting.doubleIn("strategy.backtest.commission-per-share", 0.005,
      0, 1, "commission per share");
  public static final Setting<Double> COMMISSION_MIN = Setting.doubleIn("strategy.backtest.commission-min", 1.0, 0,
      1000, "minimum commission per order");
  public static final Setting<Double> SEC_FEE = Setting.doubleIn("strategy.backtest.sec-fee-rate", 0.0000278, 0,
      0.01, "SEC section 31 fee per dollar sold");
  public static final Setting<Double> TAF = Setting.doubleIn("strategy.backtest.taf-per-share", 0.000166, 0, 0.01,
      "FINRA trading activity fee per share sold");
  public static final Setting<Double> TAF_MAX = Setting.doubleIn("strategy.backtest.taf-max", 8.30, 0, 1000,
      "largest FINRA trading activity fee per sale");
  public static final Setting<Integer> MAX_HOLD = days("strategy.backtest.max-hold-days", 5,
      "trading days after which a position is closed whatever the stops say");
  public static final Setting<Integer> COOLDOWN = Setting.intIn("strategy.backtest.cooldown-bars", 30, 0, 100_000,
      "bars after an exit before the same symbol may be entered again");
  public static final Setting<Integer> CONTROL_DRAWS = Setting.intIn("strategy.backtest.control-draws", 1000, 1,
      1_000_000, "random-entry draws matched to the strategy's trades (and bootstrap resamples of its mean return)");
  public static final Setting<Integer> CONTROL_DAYS = Setting.intIn("strategy.backtest.control-days", 2, 0, 20,
      "a matched draw may enter the trade's symbol on any trading day this many days either side of its signal day,"
          + " at the same minute of day");
  public static final Setting<Double> GAP_MIN = Setting.doubleIn("strategy.backtest.gap-min", 0.2, 0.01, 10,
      "an up-gap (open over the previous regular close, less 1) at least this large is attributed when the lake"
          + " holds no simulator truth for its symbol");

  /**
   * The settings of the stop context ({@code gold.stops}, the stops stage): the ATR and the volatility regime.
   * The rest of {@code strategy.stops.*} is applied by the backtest to each position.
   */
  public static final List<Setting<?>> STOP_CONTEXT_SETTINGS = List.of(ATR_DAYS, REGIME_DAYS, REGIME_HISTORY,
      REGIME_LOW, REGIME_HIGH);

  public static final List<Setting<?>> SETTINGS = List.of(ATR_DAYS, REGIME_DAYS, REGIME_HISTORY, REGIME_LOW,
      REGIME_HIGH, K_LOW, K_NORMAL, K_HIGH, GRACE_BARS, MICRO_OFI_BARS, MICRO_SPREAD, SUPPORT_DAYS, SUPPORT_BUCKET,
      SUPPORT_BUFFER, TIME_BARS, TIME_PROGRESS, TIME_SHRINK, PATTERN_BARS, BREAKOUT_ATR, STOP_MODE,
      SWING_GRACE_DAYS, HOLD_WHILE_ACCUMULATING, MICRO_CONFIRM, COARSE_BARS, TIME_DAYS, TRAIL_AFTER, TRAIL_KEEP,
      ENTRY_STATES, ENTRY_WORK_BARS, EXIT_WORK_BARS, ENTRY_COMPOSITE, ENTRY_FIRING, LATE_ENTRY_FIRING, CAPITAL, RISK,
      MAX_POSITION, PARTICIPATION, SLIPPAGE, IMPACT, COMMISSION, COMMISSION_MIN, SEC_FEE, TAF, TAF_MAX, MAX_HOLD,
      COOLDOWN, CONTROL_DRAWS, CONTROL_DAYS, GAP_MIN, TRIGGER, CONFLUENCE_BARS, BASELINE_DAYS,
      VOL_BASELINE_DAYS, MIN_BASELINE_BARS, BID_DROP_FRACTION, ABS_WINDOW, ABS_SELL_SHARE, ABS_SELL_MULT,
      ABS_BID_TICKS, ABS_REFILL, ABS_PERSIST_WINDOWS, ABS_PERSIST, CREEP_WINDOW, CREEP_R2, CREEP_PULLBACK,
      CREEP_BAR_SHARE, CREEP_VOLUME, DARK_WINDOW, DARK_Z, DARK_SD_FLOOR, DARK_ABOVE_MID, DARK_BLOCK,
      SINK_WINDOW, SINK_MULT, SINK_DEPTH, CONTRACT_WINDOW, CONTRACT_VOL, CONTRACT_RANGE, WEIGHTS,
      FLEE_DEPTH_WINDOW, FLEE_DEPTH_DROP, FLEE_SPREAD, FLEE_OFI_BARS, FLEE_OFI, DUMP_BARS, DUMP_SELL,
      DUMP_DROP, DUMP_WALK, RUN_FULL, OFFEX_FULL, QUOTE_BALANCE_SCALE, VOLUME_TREND_SCALE, DAY_WEIGHTS, HALF_LIFE_5, HALF_LIFE_10, HALF_LIFE_20,
      ACC_SCORE, ACC_DAYS, READY_SCORE, READY_DAYS, TRIGGER_RETURN, TRIGGER_VOLUME, HOLD_DAYS, EXIT_DRAWDOWN,
      EXIT_MINUTES, DECAY_DAYS, LATE_CUTOFF);

  /** The defaults (no file, no overrides). */
  public static Strategy defaults() {
    return load(null, Map.of());
  }

  /** Loads {@code file} (null: defaults only) with {@code strategy.KEY=VALUE} overrides on top. */
  public static Strategy load(Path file, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> source = new TreeMap<>();
    if (file != null) {
      HoconFile.read(file).forEach((k, v) -> {
        values.put(k, v);
        source.put(k, file.toString());
      });
    }
    overrides.forEach((k, v) -> {
      values.put(k.trim(), v);
      source.put(k.trim(), "command line");
    });
    TreeSet<String> known = new TreeSet<>();
    SETTINGS.forEach(s -> known.add(s.key()));
    PregapSettings.SETTINGS.forEach(s -> known.add(s.key()));
    List<String> unknown = new ArrayList<>();
    values.keySet().stream().filter(k -> !known.contains(k)).forEach(k -> unknown.add(k + " (from " + source.get(k) + ")"));
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown strategy keys " + unknown + ": allowed are " + known);
    }
    Get g = new Get(values, source);
    PregapSettings.SETTINGS.forEach(g::v); // the pre-gap settings are read by the analyser; checked here at start
    Signals signals = new Signals(g.v(TRIGGER), g.v(CONFLUENCE_BARS), g.v(BASELINE_DAYS), g.v(VOL_BASELINE_DAYS),
        g.v(MIN_BASELINE_BARS), g.v(BID_DROP_FRACTION),
        new Absorption(g.v(ABS_WINDOW), g.v(ABS_SELL_SHARE), g.v(ABS_SELL_MULT), g.v(ABS_BID_TICKS),
            g.v(ABS_REFILL), g.v(ABS_PERSIST_WINDOWS), g.v(ABS_PERSIST)),
        new Creep(g.v(CREEP_WINDOW), g.v(CREEP_R2), g.v(CREEP_PULLBACK), g.v(CREEP_BAR_SHARE), g.v(CREEP_VOLUME)),
        new DarkPool(g.v(DARK_WINDOW), g.v(DARK_Z), g.v(DARK_SD_FLOOR), g.v(DARK_ABOVE_MID), g.v(DARK_BLOCK)),
        new Sinkhole(g.v(SINK_WINDOW), g.v(SINK_MULT), g.v(SINK_DEPTH)),
        new Contraction(g.v(CONTRACT_WINDOW), g.v(CONTRACT_VOL), g.v(CONTRACT_RANGE)),
        g.v(WEIGHTS).stream().mapToDouble(Double::doubleValue).toArray());
    Exits exits = new Exits(g.v(FLEE_DEPTH_WINDOW), g.v(FLEE_DEPTH_DROP), g.v(FLEE_SPREAD), g.v(FLEE_OFI_BARS),
        g.v(FLEE_OFI), g.v(DUMP_BARS), g.v(DUMP_SELL), g.v(DUMP_DROP), g.v(DUMP_WALK));
    Tracker tracker = new Tracker(g.v(RUN_FULL), g.v(OFFEX_FULL), g.v(QUOTE_BALANCE_SCALE), g.v(VOLUME_TREND_SCALE),
        g.v(DAY_WEIGHTS).stream().mapToDouble(Double::doubleValue).toArray(), g.v(HALF_LIFE_5),
        g.v(HALF_LIFE_10), g.v(HALF_LIFE_20), g.v(ACC_SCORE), g.v(ACC_DAYS), g.v(READY_SCORE), g.v(READY_DAYS),
        g.v(TRIGGER_RETURN), g.v(TRIGGER_VOLUME), g.v(HOLD_DAYS), g.v(EXIT_DRAWDOWN), g.v(EXIT_MINUTES),
        g.v(DECAY_DAYS), g.v(LATE_CUTOFF));
    if (tracker.readyDays() < tracker.accumulatingDays()) {
      throw new ConfigException("strategy keys " + READY_DAYS.key() + " (" + tracker.readyDays() + ") must be at least "
          + ACC_DAYS.key() + " (" + tracker.accumulatingDays() + ")");
    }
    Stops stops = new Stops(g.v(ATR_DAYS), g.v(REGIME_DAYS), g.v(REGIME_HISTORY), g.v(REGIME_LOW), g.v(REGIME_HIGH),
        g.v(K_LOW), g.v(K_NORMAL), g.v(K_HIGH), g.v(GRACE_BARS), g.v(MICRO_OFI_BARS), g.v(MICRO_SPREAD),
        g.v(SUPPORT_DAYS), g.v(SUPPORT_BUCKET), g.v(SUPPORT_BUFFER), g.v(TIME_BARS), g.v(TIME_PROGRESS),
        g.v(TIME_SHRINK), g.v(PATTERN_BARS), g.v(BREAKOUT_ATR), g.v(STOP_MODE), g.v(SWING_GRACE_DAYS),
        g.v(MICRO_CONFIRM), g.v(COARSE_BARS), g.v(TIME_DAYS), g.v(TRAIL_AFTER), g.v(TRAIL_KEEP),
        g.v(HOLD_WHILE_ACCUMULATING));
    if (stops.regimeLowPercentile() >= stops.regimeHighPercentile()) {
      throw new ConfigException("strategy keys " + REGIME_LOW.key() + " (" + stops.regimeLowPercentile()
          + ") must be below " + REGIME_HIGH.key() + " (" + stops.regimeHighPercentile() + ")");
    }
    Backtest backtest = new Backtest(g.v(ENTRY_COMPOSITE), g.v(ENTRY_FIRING), g.v(CAPITAL), g.v(RISK), g.v(MAX_POSITION),
        g.v(PARTICIPATION), g.v(SLIPPAGE), g.v(IMPACT), g.v(COMMISSION), g.v(COMMISSION_MIN), g.v(SEC_FEE), g.v(TAF),
        g.v(TAF_MAX), g.v(MAX_HOLD), g.v(COOLDOWN), g.v(CONTROL_DRAWS), g.v(CONTROL_DAYS), g.v(GAP_MIN),
        g.v(ENTRY_STATES), g.v(ENTRY_WORK_BARS), g.v(EXIT_WORK_BARS), g.v(LATE_ENTRY_FIRING));
    return new Strategy(signals, exits, tracker, stops, backtest, Map.copyOf(values));
  }

  /**
   * The value of any declared strategy setting (for settings read outside the typed records, such as
   * {@link PregapSettings}): the loaded or overridden value, else the default; already validated by
   * {@link #load}.
   */
  public <T> T get(Setting<T> s) {
    String raw = values.get(s.key());
    return raw == null ? s.parse(s.defaultValue(), "default") : s.parse(raw, "strategy");
  }

  private record Get(Map<String, String> values, Map<String, String> source) {
    <T> T v(Setting<T> s) {
      String raw = values.get(s.key());
      return raw == null ? s.parse(s.defaultValue(), "default") : s.parse(raw, source.get(s.key()));
    }
  }

  private static List<Double> weights(String s) {
    List<Double> out = Setting.numbers(s);
    if (out.stream().anyMatch(v -> v < 0)) {
      throw new IllegalArgumentException("bad weight");
    }
    return out;
  }

  private static Setting<Double> unit(String key, double def, String help) {
    return Setting.doubleIn(key, def, 0.001, 1, help);
  }

  private static Setting<Double> multiple(String key, double def, String help) {
    return Setting.doubleIn(key, def, 0.01, 1000, help);
  }

  private static Setting<Integer> bars(String key, int def, String help) {
    return Setting.intIn(key, def, 2, 390, help);
  }

  private static Setting<Integer> days(String key, int def, String help) {
    return Setting.intIn(key, def, 1, 1000, help);
  }

  private static Setting<Double> halfLife(String key, double def) {
    return Setting.doubleIn(key, def, 0.1, 100, "half-life in days of the decayed score's day weights");
  }
}
