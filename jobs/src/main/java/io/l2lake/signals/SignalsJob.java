package io.l2lake.signals;

import static org.apache.spark.sql.functions.col;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.pipeline.JobRuns;
import io.l2lake.pipeline.RunContext;
import io.l2lake.pipeline.StageIo;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes {@code gold.signals_1m} for [from, to]: per symbol-minute the five stealth-accumulation
 * scores with their fire flags, the composite and confluence count, the fleeing and dumping exits, the
 * baselines they were measured against and whether sizes were displayed or estimated. It reads the
 * bars and book of the look-back days before {@code from} too (the baselines' prior days), so the
 * scores of a day do not depend on the range a run was asked for.
 */
public final class SignalsJob {
  private SignalsJob() {}

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

  /** Calendar days read before {@code from} so that {@code tradingDays} prior trading days are present. */
  public static int lookbackCalendarDays(int tradingDays) {
    return (int) Math.ceil(tradingDays * 7.0 / 5.0) + 7;
  }

  /** The pure transform: bars and minute book (look-back included) to signal rows. */
  public static Dataset<Row> compute(Dataset<Row> bars, Dataset<Row> minuteBook, Strategy strategy,
      L2Config.Quality session, int levels) {
    Dataset<Row> inputs = SignalInputs.build(bars, minuteBook, strategy.signals(), session, levels);
    Dataset<Row> scored = ExitSignals.score(StealthSignals.score(inputs, strategy.signals()), strategy.exits(),
        strategy.signals().trigger());
    return scored.select(COLUMNS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }

  public static long run(SparkSession spark, L2Config config, Strategy strategy, RunContext run, LocalDate from,
      LocalDate to) {
    Instant started = Instant.now();
    Lake lake = new Lake(spark, config.lake().root());
    spark.sparkContext().setJobGroup("signals-" + run.runId(), "l2lake signals", false);
    int lookbackDays = Math.max(strategy.signals().baselineDays(), strategy.signals().volatilityBaselineDays());
    LocalDate readFrom = from == null ? null : from.minusDays(lookbackCalendarDays(lookbackDays));
    Dataset<Row> bars = StageIo.input(lake, TableId.SILVER_BARS_1M, readFrom, to, "silver");
    Dataset<Row> book = StageIo.input(lake, TableId.SILVER_BOOK, readFrom, to, "silver");
    Dataset<Row> signals = compute(bars, SignalInputs.minuteBook(book, config.book().levels()), strategy,
        config.quality(), config.book().levels())
        .filter(StageIo.range(from, to));
    long rows = StageIo.replace(lake, TableId.GOLD_SIGNALS_1M, signals, from, to);
    long firing = spark.read().format("delta").load(lake.path(TableId.GOLD_SIGNALS_1M))
        .filter(StageIo.range(from, to)).filter(col("composite").isNotNull()).count();
    JobRuns.record(lake, run, new JobRuns.Entry("signals", started, Instant.now(), "succeeded", from, to,
        bars.filter(StageIo.range(from, to)).count(), rows, Map.of("scored_bars", Long.toString(firing))));
    return rows;
  }
}
