package io.l2lake.signals;

import static org.apache.spark.sql.functions.col;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.config.Setting;
import io.l2lake.lake.TableId;
import io.l2lake.stage.Stage;
import io.l2lake.stage.StageContext;
import io.l2lake.stage.StageData;
import io.l2lake.stage.StageInput;
import io.l2lake.stage.StageOutput;
import io.l2lake.stage.StageResult;
import io.l2lake.stage.StageSummary;
import io.l2lake.stage.Written;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code gold.signals_1m} for [from, to]: per symbol-minute the five stealth-accumulation
 * scores with their fire flags, the composite and confluence count, the fleeing and dumping exits, the
 * baselines they were measured against and whether sizes were displayed or estimated. It reads the
 * bars and book of the look-back days before {@code from} too (the baselines' prior days), so the
 * scores of a day do not depend on the range a run was asked for.
 */
public final class SignalsStage implements Stage {

  /** Output columns, in order. */
  public static final List<String> COLUMNS;

  static {
    List<String> c = new ArrayList<>(List.of("symbol", "trade_date", "bar_ts", "regular", "open", "high", "low",
        "close", "volume", "vwap", "bid", "ask", "rel_spread", "ofi"));
    for (String n : StealthSignals.NAMES) {
      c.add(n + "_score");
      c.add(n + "_fires");
    }
    c.addAll(List.of("composite", "confluence", "fleeing_score", "fleeing", "dumping_score", "dumping",
        "sizes_source", "base_atr", "base_sell", "base_volume", "base_rel_spread", "base_rv"));
    COLUMNS = List.copyOf(c);
  }

  /** The pure transform: bars and minute book (look-back included) to signal rows. */
  public static Dataset<Row> compute(Dataset<Row> bars, Dataset<Row> minuteBook, Strategy strategy,
      L2Config.Quality session, int levels) {
    Dataset<Row> inputs = SignalInputs.build(bars, minuteBook, strategy.signals(), session, levels);
    Dataset<Row> scored = ExitSignals.score(StealthSignals.score(inputs, strategy.signals()), strategy.exits(),
        strategy.signals().trigger());
    return scored.select(COLUMNS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }

  @Override
  public String name() {
    return "signals";
  }

  @Override
  public List<StageInput> inputs() {
    return List.of(StageInput.required(TableId.SILVER_BARS_1M).withLookBack(),
        StageInput.required(TableId.SILVER_BOOK).withLookBack());
  }

  @Override
  public List<StageOutput> outputs() {
    return List.of(StageOutput.replaceRange(TableId.GOLD_SIGNALS_1M));
  }

  /** The session times, the book's depth and every signal and exit parameter. */
  @Override
  public List<Setting<?>> settings() {
    List<Setting<?>> s = new ArrayList<>(List.of(L2Config.SESSION_START, L2Config.SESSION_END,
        L2Config.REGULAR_OPEN, L2Config.REGULAR_CLOSE, L2Config.BOOK_LEVELS));
    Strategy.SETTINGS.stream().filter(x -> SIGNAL_KEYS.stream().anyMatch(x.key()::startsWith)).forEach(s::add);
    return s;
  }

  /** The strategy sections the signals and exits read. */
  static final List<String> SIGNAL_KEYS = List.of("strategy.signals.", "strategy.absorption.",
      "strategy.contraction.", "strategy.creep.", "strategy.darkpool.", "strategy.dumping.", "strategy.fleeing.",
      "strategy.sinkhole.");

  /** The baselines' prior days. */
  @Override
  public int lookBackTradingDays(StageContext c) {
    return Math.max(c.strategy().signals().baselineDays(), c.strategy().signals().volatilityBaselineDays());
  }

  @Override
  public StageResult transform(StageContext c, StageData data) {
    int levels = c.config().book().levels();
    return StageResult.of(TableId.GOLD_SIGNALS_1M, compute(data.get(TableId.SILVER_BARS_1M),
        SignalInputs.minuteBook(data.get(TableId.SILVER_BOOK), levels), c.strategy(), c.config().quality(), levels)
        .filter(data.range()));
  }

  /** Rows in: the range's bars; {@code scored_bars}: the written bars with a composite. */
  @Override
  public StageSummary summarize(StageContext c, StageData data, Written written) {
    long scored = written.read(TableId.GOLD_SIGNALS_1M).filter(col("composite").isNotNull()).count();
    return new StageSummary(data.get(TableId.SILVER_BARS_1M).filter(data.range()).count(),
        Map.of("scored_bars", Long.toString(scored)));
  }
}
