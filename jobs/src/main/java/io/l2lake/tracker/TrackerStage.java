package io.l2lake.tracker;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.l2lake.calendar.EasternTime;
import io.l2lake.config.Setting;
import io.l2lake.config.Strategy;
import io.l2lake.config.TrackerSettings;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.stage.Stage;
import io.l2lake.stage.StageContext;
import io.l2lake.stage.StageData;
import io.l2lake.stage.StageInput;
import io.l2lake.stage.StageOutput;
import io.l2lake.stage.StageResult;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code gold.accumulation} (per symbol-day aggregates, decayed scores and tracker state) for
 * [from, to] by MERGE on (symbol, trade_date), and moves each symbol's row in {@code gold.watchlist}
 * (the current state per symbol) to its newest day by MERGE on symbol, so a nightly run updates the
 * watchlist in place and re-running an older range never moves it back. It reads the signals and bars
 * of the 40 trading days before {@code from} as well: the decayed scores, trigger volume mean and
 * hold/decay windows look that far back.
 */
public final class TrackerStage implements Stage {

  static final int LOOKBACK_DAYS = 40;

  /**
   * The tracker's days: the whole days' aggregates and states, with each day's late score and late READY
   * ({@link TrackerStates}) from the aggregates of its minutes before {@code late-cutoff}.
   */
  public static Dataset<Row> compute(Dataset<Row> signals, Dataset<Row> bars, TrackerSettings p) {
    Column early = EasternTime.minuteOfDay(col("bar_ts")).lt(p.lateCutoff());
    Dataset<Row> late = DailyAccumulation.aggregate(signals.filter(early), bars.filter(early), p)
        .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col("day_score").as("late_day_score"));
    Dataset<Row> days = DailyAccumulation.aggregate(signals, bars, p)
        .join(late, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left");
    return TrackerStates.track(days, p);
  }

  @Override
  public String name() {
    return "tracker";
  }

  @Override
  public List<StageInput> inputs() {
    return List.of(StageInput.required(TableId.GOLD_SIGNALS_1M).withLookBack(),
        StageInput.required(TableId.SILVER_BARS_1M).withLookBack());
  }

  @Override
  public List<StageOutput> outputs() {
    return List.of(StageOutput.mergeOn(TableId.GOLD_ACCUMULATION, List.of(Schemas.SYMBOL, Schemas.TRADE_DATE),
            List.of("tracker_run", "code_version")),
        StageOutput.latestPer(TableId.GOLD_WATCHLIST, Schemas.SYMBOL));
  }

  /** The tracker's parameters (the signals' reach it through gold.signals_1m). */
  @Override
  public List<Setting<?>> settings() {
    return Strategy.SETTINGS.stream().filter(x -> x.key().startsWith("strategy.tracker.")).toList();
  }

  @Override
  public int lookBackTradingDays(StageContext c) {
    return LOOKBACK_DAYS;
  }

  /**
   * The range's symbol-days, planned once for both outputs: the rows are checkpointed when first computed, so
   * the MERGE, the watchlist and the count read the same rows without tracking again.
   */
  @Override
  public StageResult transform(StageContext c, StageData data) {
    Dataset<Row> days = compute(data.get(TableId.GOLD_SIGNALS_1M), data.get(TableId.SILVER_BARS_1M),
        c.strategy().tracker()).filter(data.range())
        .withColumn("tracker_run", lit(c.run().runId()))
        .withColumn("code_version", lit(c.run().codeVersion()))
        .localCheckpoint(false);
    return StageResult.of(TableId.GOLD_ACCUMULATION, days, TableId.GOLD_WATCHLIST, days);
  }
}
