package io.l2lake.config;

import static io.l2lake.config.SettingKinds.halfLife;
import static io.l2lake.config.SettingKinds.multiple;
import static io.l2lake.config.SettingKinds.unit;

import java.io.Serializable;
import java.util.List;

/**
 * The multi-day accumulation tracker ({@code io.l2lake.tracker}): the day score, the decayed scores and the state
 * rules; keys under {@code strategy.tracker}.
 */
public record TrackerSettings(double runFullMinutes, double offExchangeFull, double quoteBalanceScale,
    double askStepWeight, double quoteBalanceCenter, double volumeTrendScale, double[] dayWeights, double halfLife5, double halfLife10, double halfLife20,
    double accumulatingScore, int accumulatingDays, double readyScore, int readyDays, double readyDayScore,
    double triggerReturn,
    double triggerVolumeMultiple, int holdDays, double exitDrawdown, int exitMinutes, int decayDays, int lateCutoff)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Setting<Double> RUN_FULL = Setting.doubleIn("strategy.tracker.run-full-minutes", 60, 1,
      390, "longest run of firing minutes that counts as a full day-score component");
  public static final Setting<Double> OFFEX_FULL = unit("strategy.tracker.off-exchange-full", 0.15,
      "off-exchange share above the symbol's 20-day mean that counts as a full component");
  public static final Setting<Double> QUOTE_BALANCE_SCALE = Setting.doubleIn("strategy.tracker.quote-balance-scale",
      0.05, 0.001, 1, "weighted quote balance above its center at which its component reaches 0.73 (a logistic "
          + "of (balance - center) / scale)");
  public static final Setting<Double> ASK_STEP_WEIGHT = Setting.doubleIn("strategy.tracker.ask-step-weight", 0.6,
      0, 1, "weight of an ask up-step against a bid down-step (1) in the day score's weighted quote balance");
  public static final Setting<Double> QUOTE_BALANCE_CENTER = Setting.doubleIn("strategy.tracker.quote-balance-center",
      -0.175, -1, 1, "weighted quote balance at which its component is 0.5 (a day without a buyer)");
  public static final Setting<Double> VOLUME_TREND_SCALE = Setting.doubleIn("strategy.tracker.volume-trend-scale",
      0.5, 0.01, 10, "volume trend (ln of the 5-day mean volume over the 20 days before) at which its component "
          + "reaches 0.73 (a logistic of trend / scale)");
  public static final Setting<List<Double>> DAY_WEIGHTS = Setting.of("strategy.tracker.day-weights",
      "0,0,0,0,1,0", SettingKinds::weights, l -> l.size() == 6 && l.stream().mapToDouble(Double::doubleValue).sum() > 0,
      "six non-negative numbers, not all zero",
      "day-score weights: mean composite, longest firing run, distinct signals fired, excess off-exchange share, "
          + "quote balance, volume trend");
  public static final Setting<Double> HALF_LIFE_5 = halfLife("strategy.tracker.half-life-5", 2.0);
  public static final Setting<Double> HALF_LIFE_10 = halfLife("strategy.tracker.half-life-10", 4.0);
  public static final Setting<Double> HALF_LIFE_20 = halfLife("strategy.tracker.half-life-20", 8.0);
  public static final Setting<Double> ACC_SCORE = unit("strategy.tracker.accumulating-score", 0.725,
      "decayed 5-day score at or above which a symbol is ACCUMULATING");
  public static final Setting<Integer> ACC_DAYS = Setting.intIn("strategy.tracker.accumulating-days", 2, 1, 5,
      "days of the last 5 whose day score reached that level");
  public static final Setting<Double> READY_SCORE = unit("strategy.tracker.ready-score", 0.54,
      "decayed 10-day score at or above which a symbol is READY");
  public static final Setting<Integer> READY_DAYS = Setting.intIn("strategy.tracker.ready-days", 2, 1, 10,
      "days of the last 10 whose day score reached the accumulating level");
  public static final Setting<Double> READY_DAY_SCORE = Setting.doubleIn("strategy.tracker.ready-day-score", 0.85, 0, 1,
      "day score the day itself must reach to be READY (the late READY reads its late day score); 0 asks nothing");
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

  /** Every tracker setting. */
  public static final List<Setting<?>> SETTINGS = List.of(RUN_FULL, OFFEX_FULL,
      QUOTE_BALANCE_SCALE, ASK_STEP_WEIGHT, QUOTE_BALANCE_CENTER, VOLUME_TREND_SCALE, DAY_WEIGHTS, HALF_LIFE_5, HALF_LIFE_10, HALF_LIFE_20, ACC_SCORE,
      ACC_DAYS, READY_SCORE, READY_DAYS, READY_DAY_SCORE, TRIGGER_RETURN, TRIGGER_VOLUME, HOLD_DAYS, EXIT_DRAWDOWN, EXIT_MINUTES,
      DECAY_DAYS, LATE_CUTOFF);

  /** The values of {@code g}, validated, with READY needing at least the days of ACCUMULATING. */
  static TrackerSettings read(Strategy.Values g) {
    TrackerSettings t = new TrackerSettings(g.v(RUN_FULL), g.v(OFFEX_FULL), g.v(QUOTE_BALANCE_SCALE),
        g.v(ASK_STEP_WEIGHT), g.v(QUOTE_BALANCE_CENTER), g.v(VOLUME_TREND_SCALE), g.v(DAY_WEIGHTS).stream().mapToDouble(Double::doubleValue).toArray(),
        g.v(HALF_LIFE_5), g.v(HALF_LIFE_10), g.v(HALF_LIFE_20), g.v(ACC_SCORE), g.v(ACC_DAYS), g.v(READY_SCORE),
        g.v(READY_DAYS), g.v(READY_DAY_SCORE), g.v(TRIGGER_RETURN), g.v(TRIGGER_VOLUME), g.v(HOLD_DAYS), g.v(EXIT_DRAWDOWN),
        g.v(EXIT_MINUTES), g.v(DECAY_DAYS), g.v(LATE_CUTOFF));
    if (t.readyDays() < t.accumulatingDays()) {
      throw new ConfigException("strategy keys " + READY_DAYS.key() + " (" + t.readyDays() + ") must be at least "
          + ACC_DAYS.key() + " (" + t.accumulatingDays() + ")");
    }
    return t;
  }
}
