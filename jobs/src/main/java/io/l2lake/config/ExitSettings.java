package io.l2lake.config;

import static io.l2lake.config.SettingKinds.bars;
import static io.l2lake.config.SettingKinds.multiple;
import static io.l2lake.config.SettingKinds.unit;

import java.io.Serializable;
import java.util.List;

/**
 * The two exit signals, fleeing liquidity and dumping ({@code io.l2lake.signals.ExitSignals}): keys under
 * {@code strategy.fleeing} and {@code strategy.dumping}.
 */
public record ExitSettings(int depthWindow, double depthDrop, double spreadMultiple, int ofiBars, double ofiMax,
    int dumpBars, double dumpSellMultiple, double dumpDropAtr, int walkLevels)
    implements Serializable {
  private static final long serialVersionUID = 1L;

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

  /** Every exit-signal setting. */
  public static final List<Setting<?>> SETTINGS = List.of(FLEE_DEPTH_WINDOW,
      FLEE_DEPTH_DROP, FLEE_SPREAD, FLEE_OFI_BARS, FLEE_OFI, DUMP_BARS, DUMP_SELL, DUMP_DROP, DUMP_WALK);

  /** The values of {@code g}, validated. */
  static ExitSettings read(Strategy.Values g) {
    return new ExitSettings(g.v(FLEE_DEPTH_WINDOW), g.v(FLEE_DEPTH_DROP), g.v(FLEE_SPREAD), g.v(FLEE_OFI_BARS),
        g.v(FLEE_OFI), g.v(DUMP_BARS), g.v(DUMP_SELL), g.v(DUMP_DROP), g.v(DUMP_WALK));
  }
}
