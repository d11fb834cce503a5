package io.l2lake.stops;

import io.l2lake.config.Setting;
import io.l2lake.config.StopSettings;
import io.l2lake.lake.TableId;
import io.l2lake.stage.Stage;
import io.l2lake.stage.StageContext;
import io.l2lake.stage.StageData;
import io.l2lake.stage.StageInput;
import io.l2lake.stage.StageOutput;
import io.l2lake.stage.StageResult;
import java.util.List;

/**
 * {@code gold.stops}: per symbol-day, the part of the stop-loss system that depends on no position, from the
 * days before only ({@link VolatilityRegime}: ATR, realised volatility, its percentile and the regime), replaced
 * by date range. The backtest reads it to size its entries (risk over k x ATR, k by regime) and to place each
 * position's volatility, time and support stops; the levels of a position (which depend on its entry) are the
 * backtest's, in {@code gold.backtest_stops}.
 *
 * <p>The windows count rows of {@code gold.accumulation} (one per traded symbol-day), so the stage reads twice
 * the reach of its longest chain of windows before the range: the regime's percentile looks back
 * {@code regime-history-days} values of a volatility that itself looks back {@code regime-days} returns.
 * Twice is the margin for symbols with missing days; a row's value is then the same as from the whole history.
 */
public final class StopsStage implements Stage {

  @Override
  public String name() {
    return "stops";
  }

  @Override
  public List<StageInput> inputs() {
    return List.of(StageInput.required(TableId.GOLD_ACCUMULATION).withLookBack());
  }

  @Override
  public List<StageOutput> outputs() {
    return List.of(StageOutput.replaceRange(TableId.GOLD_STOPS));
  }

  @Override
  public List<Setting<?>> settings() {
    return StopSettings.CONTEXT_SETTINGS;
  }

  @Override
  public int lookBackTradingDays(StageContext context) {
    return lookBack(context.strategy().stops());
  }

  /** Trading days read before the range (see the class comment). */
  static int lookBack(StopSettings p) {
    return 2 * (Math.max(p.atrDays(), p.regimeHistoryDays() + p.regimeDays()) + 1);
  }

  @Override
  public StageResult transform(StageContext context, StageData data) {
    return StageResult.of(TableId.GOLD_STOPS,
        VolatilityRegime.daily(data.get(TableId.GOLD_ACCUMULATION), context.strategy().stops()).filter(data.range()));
  }
}
