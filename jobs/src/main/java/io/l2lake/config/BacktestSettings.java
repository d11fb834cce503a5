package io.l2lake.config;

import static io.l2lake.config.SettingKinds.days;
import static io.l2lake.config.SettingKinds.unit;

import java.io.Serializable;
import java.util.List;

/**
 * Entries, fills, sizing, costs and controls of the backtest ({@code io.l2lake.backtest}); keys under
 * {@code strategy.backtest}.
 */
public record BacktestSettings(double entryCompositeMin, int entryMinFiring, double initialCapital,
    double riskPerTrade, double maxPositionValue, double participationCap, double slippageSpreadFraction,
    double impact, double commissionPerShare, double commissionMin, double secFeeRate, double tafPerShare,
    double tafMax, int maxHoldDays, int cooldownBars, int controlDraws, int controlDays, double gapMin,
    String entryStates, int entryWorkBars, int exitWorkBars, int lateEntryMinFiring, double commissionMaxFraction,
    double entryScoreMin)
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

  public static final Setting<String> ENTRY_STATES = Setting.of("strategy.backtest.entry-states", "READY,LATE_READY",
      v -> v, v -> !v.isBlank() && java.util.Arrays.stream(v.split(",")).map(String::strip)
          .allMatch(x -> x.equals("READY") || x.equals("TRIGGERED") || x.equals("LATE_READY")),
      "READY, LATE_READY, TRIGGERED, comma-separated",
      "what allows an entry: READY, the previous day's state (before the move, the thesis); LATE_READY, the day's"
          + " own READY as of tracker.late-cutoff, for entries from that minute to the close; TRIGGERED, the previous"
          + " day's, after the move started, another strategy");
  public static final Setting<Integer> ENTRY_WORK_BARS = Setting.intIn("strategy.backtest.entry-work-bars", 30, 1, 390,
      "bars after the signal over which the entry order is worked, each filling at most participation-cap of its"
          + " volume; 1 fills on the next bar alone");
  public static final Setting<Integer> EXIT_WORK_BARS = Setting.intIn("strategy.backtest.exit-work-bars", 30, 1, 390,
      "bars from an exit's trigger over which the sale is worked, each selling at most participation-cap of its"
          + " volume and the last what is left; 1 sells everything on the trigger bar");
  public static final Setting<Double> ENTRY_COMPOSITE = Setting.doubleIn("strategy.backtest.entry-composite-min", 0,
      0, 1, "composite score on the bar (with the tracker in one of entry-states) that enters; 0: none, the fired"
          + " signal of entry-min-firing alone");
  public static final Setting<Double> ENTRY_SCORE = Setting.doubleIn("strategy.backtest.entry-score-min", 0.65,
      0, 1, "tracker score an entry needs besides its state, read as of the entry: the previous day's score_10 for a"
          + " state entry (READY, TRIGGERED), the day's late_score_10 for a LATE_READY entry; 0: the state alone");
  public static final Setting<Integer> ENTRY_FIRING = Setting.intIn("strategy.backtest.entry-min-firing", 1, 0, 5,
      "signals that must have fired within the last confluence-bars bars (the confluence count) for an entry; a"
          + " composite of many weak, non-firing scores alone does not enter");
  public static final Setting<Integer> LATE_ENTRY_FIRING = Setting.intIn("strategy.backtest.late-entry-min-firing", 0,
      0, 5, "the confluence count a LATE_READY entry needs; 0 lets the day's late READY (itself several days of"
          + " scored minutes) stand as the signal");
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
  public static final Setting<Double> COMMISSION_MAX = unit("strategy.backtest.commission-max-fraction", 0.01,
      "largest commission per order as a fraction of its value (shares x average price), applied after the"
          + " minimum, as a per-share broker caps it; 1: no cap in practice");
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

  /** Every backtest setting. */
  public static final List<Setting<?>> SETTINGS = List.of(ENTRY_STATES,
      ENTRY_WORK_BARS, EXIT_WORK_BARS, ENTRY_COMPOSITE, ENTRY_SCORE, ENTRY_FIRING, LATE_ENTRY_FIRING, CAPITAL, RISK, MAX_POSITION,
      PARTICIPATION, SLIPPAGE, IMPACT, COMMISSION, COMMISSION_MIN, COMMISSION_MAX, SEC_FEE, TAF, TAF_MAX, MAX_HOLD, COOLDOWN,
      CONTROL_DRAWS, CONTROL_DAYS, GAP_MIN);

  /** The values of {@code g}, validated. */
  static BacktestSettings read(Strategy.Values g) {
    return new BacktestSettings(g.v(ENTRY_COMPOSITE), g.v(ENTRY_FIRING), g.v(CAPITAL), g.v(RISK), g.v(MAX_POSITION),
        g.v(PARTICIPATION), g.v(SLIPPAGE), g.v(IMPACT), g.v(COMMISSION), g.v(COMMISSION_MIN), g.v(SEC_FEE),
        g.v(TAF), g.v(TAF_MAX), g.v(MAX_HOLD), g.v(COOLDOWN), g.v(CONTROL_DRAWS), g.v(CONTROL_DAYS), g.v(GAP_MIN),
        g.v(ENTRY_STATES), g.v(ENTRY_WORK_BARS), g.v(EXIT_WORK_BARS), g.v(LATE_ENTRY_FIRING), g.v(COMMISSION_MAX),
        g.v(ENTRY_SCORE));
  }
}
