package io.l2lake.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import io.l2lake.config.BacktestSettings;
import io.l2lake.config.Setting;
import io.l2lake.config.Strategy;
import io.l2lake.lake.JobRuns;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.StageIo;
import io.l2lake.lake.TableId;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs a backtest over [from, to] on {@code gold.signals_1m}, {@code gold.accumulation} and {@code gold.stops}
 * (the stop system's daily context, written by the {@code stops} stage) and writes
 * {@code gold.backtest_trades}, {@code gold.backtest_equity}, {@code gold.backtest_stops} (each position's
 * stop path up to its exit) and {@code gold.backtest_runs} (parameters, data range, code version, metrics,
 * attribution), {@code gold.backtest_gaps} (each gap: what the tracker said the day before, whether a position was
 * held into it, the oracle's trade; {@link GapAttribution}), all keyed by {@code run_id} and {@code entries}
 * (signal, or random: the same number of trades entered at hash-drawn bars with the same sizing and stops, the
 * signal's control); and with the control, {@code gold.backtest_controls}: the strategy's mean return per trade
 * against {@code control-draws} matched random draws ({@link MatchedControls}).
 */
public final class BacktestJob {
  private BacktestJob() {}

  /**
   * The run's metrics row per entry mode; the gap attribution's summary per entry mode (see
   * {@link #gapSummary}); and the matched-draw test of the strategy's mean net return per trade, in percent of
   * the position ({@code returns}) and of the starting capital ({@code capital}), both null without the control.
   */
  public record Result(String runId, Map<String, Row> metrics, Map<String, Row> gaps, MatchedControls.Test returns,
      MatchedControls.Test capital) {}

  /** Calendar days read before {@code from}: the support look-back and the regime need prior days. */
  public static int lookbackDays(Strategy s) {
    return (int) Math.ceil(s.stops().supportDays() * 7.0 / 5) + 7;
  }

  public static Result run(SparkSession spark, Lake lake, Strategy strategy, RunContext run, LocalDate from,
      LocalDate to, boolean withRandom, long seed) {
    List<Dataset<Row>> held = new ArrayList<>();
    try {
      return run(spark, lake, strategy, run, from, to, withRandom, seed, held);
    } finally {
      held.forEach(Dataset::unpersist);
    }
  }

  /**
   * Computes {@code d} once and keeps it for the rest of the run. On the CPU a local checkpoint (cheapest:
   * rows as they are, the lineage cut). With the RAPIDS Accelerator configured, cached batches instead
   * (released when the run ends): with its Parquet cache serializer (conf/rapids.conf) the GPU reads them
   * directly, where a checkpoint's RDD scan stays on the CPU. Cached batches cost about 60% more backtest
   * time on the CPU (306 s against 191 s for six months of 50 symbols), hence the choice.
   *
   * <p>Either way the lineage is cut: the result's plan is one leaf (the checkpoint's rows, or the cached
   * relation itself). A persisted dataset alone keeps its whole logical plan, and the backtest nests plans that
   * each use their input several times (the exits read the stop path four times, the matched draws re-run
   * entries, stops and exits over the strategy's trades), so without the cut the plan the analyzer walks grows
   * geometrically with every step: the matched draws of a 3-symbol, 10-day run did not finish analysing in a
   * 4 GiB heap.
   */
  private static Dataset<Row> materialize(Dataset<Row> d, List<Dataset<Row>> held) {
    if (!gpuPlugin(d.sparkSession())) {
      return d.localCheckpoint();
    }
    Dataset<Row> p = d.persist(StorageLevel.MEMORY_AND_DISK());
    held.add(p);
    p.count();
    return cachedLeaf(p);
  }

  /**
   * A persisted dataset's cached relation as a plan of its own (as {@code CACHE TABLE} then reading the table
   * would give, without a name in the catalog): scans of it read the cached batches, and nothing above it
   * re-analyses the plan that filled them.
   */
  static Dataset<Row> cachedLeaf(Dataset<Row> persisted) {
    org.apache.spark.sql.classic.SparkSession session =
        (org.apache.spark.sql.classic.SparkSession) persisted.sparkSession();
    scala.Option<org.apache.spark.sql.execution.CachedData> cached = session.sharedState().cacheManager()
        .lookupCachedData((org.apache.spark.sql.classic.Dataset<?>) persisted);
    if (cached.isEmpty()) {
      throw new IllegalStateException("the dataset is not cached: persist it first");
    }
    return org.apache.spark.sql.classic.Dataset$.MODULE$.ofRows(session, cached.get().cachedRepresentation());
  }

  /** The RAPIDS Accelerator is among the session's plugins (on a GPU cluster or in explain-only mode). */
  static boolean gpuPlugin(SparkSession spark) {
    return spark.sparkContext().getConf().get("spark.plugins", "").contains("com.nvidia.spark.SQLPlugin");
  }

  private static Result run(SparkSession spark, Lake lake, Strategy strategy, RunContext run, LocalDate from,
      LocalDate to, boolean withRandom, long seed, List<Dataset<Row>> held) {
    Instant started = Instant.now();
    spark.sparkContext().setJobGroup("backtest-" + run.runId(), "l2lake backtest", false);
    Dataset<Row> signals = StageIo.input(lake, TableId.GOLD_SIGNALS_1M, from.minusDays(lookbackDays(strategy)), to,
        "gold");
    Dataset<Row> days = StageIo.input(lake, TableId.GOLD_ACCUMULATION, null, to, "gold");
    Dataset<Row> stopContext = StageIo.input(lake, TableId.GOLD_STOPS, null, to, "gold");
    Dataset<Row> bars = materialize(BacktestEngine.bars(signals, days, stopContext, strategy.stops()), held);
    BacktestSettings p = strategy.backtest();

    Dataset<Row> signalCandidates = BacktestEngine.candidates(bars, p, from, to, "signal", seed, 0);
    Map<String, Dataset<Row>> trades = new LinkedHashMap<>();
    Map<String, Dataset<Row>> paths = new LinkedHashMap<>();
    // The stop levels run under their own job group (stops-<run>), so the UI and the GPU plan tell them apart.
    spark.sparkContext().setJobGroup("stops-" + run.runId(), "l2lake backtest: stop levels", false);
    Dataset<Row> signalPath = materialize(BacktestEngine.stopPath(BacktestEngine.entries(signalCandidates, bars, p), bars,
        strategy), held);
    spark.sparkContext().setJobGroup("backtest-" + run.runId(), "l2lake backtest", false);
    Dataset<Row> signalTrades = materialize(BacktestEngine.resolve(BacktestEngine.exits(signalPath, bars, p),
        p.cooldownBars()), held);
    trades.put("signal", signalTrades);
    paths.put("signal", signalPath);
    long n = signalTrades.count();
    if (withRandom && n > 0) {
      long eligible = BacktestEngine.candidates(bars, p, from, to, "random", seed, 1.0).count();
      double share = Math.min(1.0, 4.0 * signalCandidates.count() / Math.max(1, eligible));
      spark.sparkContext().setJobGroup("stops-" + run.runId(), "l2lake backtest: stop levels", false);
      Dataset<Row> randomPath = materialize(BacktestEngine.stopPath(BacktestEngine.entries(
          BacktestEngine.candidates(bars, p, from, to, "random", seed, share), bars, p), bars, strategy), held);
      spark.sparkContext().setJobGroup("backtest-" + run.runId(), "l2lake backtest", false);
      Dataset<Row> resolved = BacktestEngine.resolve(BacktestEngine.exits(randomPath, bars, p), p.cooldownBars());
      Dataset<Row> randomTrades = materialize(resolved
          .orderBy(org.apache.spark.sql.functions.xxhash64(col(StopLevels.POSITION_ID), lit(seed)))
          .limit((int) n), held);
      trades.put("random", randomTrades);
      paths.put("random", randomPath);
    }

    String runId = run.runId();
    Map<String, String> params = effectiveParameters(strategy);
    Map<String, Row> metrics = new LinkedHashMap<>();
    Dataset<Row> allTrades = null;
    Dataset<Row> allEquity = null;
    Dataset<Row> allStops = null;
    Dataset<Row> runs = null;
    for (Map.Entry<String, Dataset<Row>> e : trades.entrySet()) {
      String mode = e.getKey();
      Dataset<Row> t = e.getValue().withColumn("run_id", lit(runId)).withColumn("entries", lit(mode));
      Dataset<Row> eq = BacktestEngine.equity(e.getValue(), bars, p, from, to)
          .withColumn("run_id", lit(runId)).withColumn("entries", lit(mode));
      Dataset<Row> stops = paths.get(mode).join(e.getValue().select(StopLevels.POSITION_ID, "exit_bar_no"),
              Schemas.names(StopLevels.POSITION_ID))
          .filter(col("bar_no").leq(col("exit_bar_no")))
          .select(lit(runId).as("run_id"), lit(mode).as("entries"), col(StopLevels.POSITION_ID),
              col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col("bar_ts"), col("bars_held"), col("close"),
              col("low"), col("volatility_stop"), col("time_stop"), col("support_stop"), col("pattern_stop"),
              col("trail_stop"),
              col("micro_exit"), col("binding_stop"), col("binding_reason"), col("active_stop"));
      Dataset<Row> r = runRow(t, eq, p, runId, mode, from, to, run.codeVersion(), params);
      allTrades = allTrades == null ? t : allTrades.unionByName(t);
      allEquity = allEquity == null ? eq : allEquity.unionByName(eq);
      allStops = allStops == null ? stops : allStops.unionByName(stops);
      runs = runs == null ? r : runs.unionByName(r);
    }
    runs = materialize(runs, held);
    for (Row r : runs.collectAsList()) {
      metrics.put(r.getString(r.fieldIndex("entries")), r);
    }
    Dataset<Row> truth = lake.exists(TableId.TRUTH_EPISODES)
        ? spark.read().format("delta").load(lake.path(TableId.TRUTH_EPISODES)).select(Schemas.SYMBOL, "gap_date")
        : null;
    Dataset<Row> allGaps = null;
    for (Map.Entry<String, Dataset<Row>> e : trades.entrySet()) {
      Dataset<Row> g = GapAttribution.attribute(bars, e.getValue(), truth, p, p.gapMin(), from, to)
          .withColumn("run_id", lit(runId)).withColumn("entries", lit(e.getKey()));
      allGaps = allGaps == null ? g : allGaps.unionByName(g);
    }
    allGaps = materialize(allGaps, held);
    Map<String, Row> gaps = new LinkedHashMap<>();
    for (Row r : gapSummary(allGaps).collectAsList()) {
      gaps.put(r.getString(r.fieldIndex("entries")), r);
    }
    MatchedControls.Test returns = null;
    MatchedControls.Test capital = null;
    Dataset<Row> controls = null;
    if (withRandom && n > 0) {
      Dataset<Row> outcomes = materialize(MatchedControls.outcomes(signalTrades, bars, strategy, p.controlDays(), from,
          to), held);
      // In exit order: the draws' band follows the strategy's trades as they close.
      List<Row> strategyRows = signalTrades.select(StopLevels.POSITION_ID, "return", "pnl", "exit_ts")
          .orderBy("exit_ts", StopLevels.POSITION_ID).collectAsList();
      List<String> ids = strategyRows.stream().map(r -> r.getString(0)).toList();
      List<Row> alternativeRows = outcomes.select("trade_id", "return", "pnl").collectAsList();
      double[] strategyReturns = strategyRows.stream().mapToDouble(r -> r.getDouble(1)).toArray();
      double[] strategyCapital = strategyRows.stream().mapToDouble(r -> r.getDouble(2) / p.initialCapital()).toArray();
      double[][] alternativeCapital = MatchedControls.byTrade(ids, alternativeRows, "pnl");
      for (double[] a : alternativeCapital) {
        for (int i = 0; i < a.length; i++) {
          a[i] /= p.initialCapital();
        }
      }
      returns = MatchedControls.test(strategyReturns, MatchedControls.byTrade(ids, alternativeRows, "return"),
          p.controlDraws(), p.controlDraws(), seed);
      capital = MatchedControls.test(strategyCapital, alternativeCapital, p.controlDraws(), p.controlDraws(), seed);
      controls = controlsRow(spark, runId, p, returns, capital, strategyRows);
    }
    lake.append(TableId.GOLD_BACKTEST_TRADES, allTrades, "run_id");
    lake.append(TableId.GOLD_BACKTEST_EQUITY, allEquity, "run_id");
    lake.append(TableId.GOLD_BACKTEST_STOPS, allStops, "run_id");
    lake.append(TableId.GOLD_BACKTEST_GAPS, allGaps, "run_id");
    if (controls != null) {
      lake.append(TableId.GOLD_BACKTEST_CONTROLS, controls);
    } else {
      lake.ensure(TableId.GOLD_BACKTEST_CONTROLS, CONTROLS_SCHEMA);
    }
    lake.append(TableId.GOLD_BACKTEST_RUNS, runs);
    JobRuns.record(lake, run, new JobRuns.Entry("backtest", started, Instant.now(), "succeeded", from, to,
        bars.count(), n, Map.of("run_id", runId)));
    return new Result(runId, metrics, gaps, returns, capital);
  }

  /**
   * Per entry mode: gaps, those with READY the day before ({@code after_ready}), those held at the open, those
   * held of the READY ones, and the oracle's trades, mean return and PnL.
   */
  static Dataset<Row> gapSummary(Dataset<Row> gaps) {
    Column ready = org.apache.spark.sql.functions.coalesce(col("state_before"), lit("")).equalTo("READY");
    Column held = col("status").equalTo("held");
    return gaps.groupBy("entries").agg(count(lit(1)).as("gaps"),
        sum(ready.cast("long")).as("after_ready"), sum(held.cast("long")).as("held"),
        sum(ready.and(held).cast("long")).as("held_after_ready"),
        count(col("oracle_pnl")).as("oracle_trades"),
        org.apache.spark.sql.functions.avg("oracle_return").as("oracle_mean_return"),
        sum("oracle_pnl").as("oracle_pnl"));
  }

  /**
   * One step of {@code capital_band}: the strategy's k-th trade to close, the strategy's summed net PnL through
   * it as a share of the starting capital, and the 5th, 50th and 95th percentile of the draws' sums.
   */
  static final org.apache.spark.sql.types.StructType BAND_STEP = new org.apache.spark.sql.types.StructType()
      .add("step", "int").add(StopLevels.POSITION_ID, "string").add("exit_ts", "timestamp")
      .add("strategy", "double").add("draws_p05", "double").add("draws_p50", "double").add("draws_p95", "double");

  /** {@code gold.backtest_controls}: one row per run with the control. */
  static final org.apache.spark.sql.types.StructType CONTROLS_SCHEMA = new org.apache.spark.sql.types.StructType()
        .add("run_id", "string").add("draws", "int").add("control_days", "int").add("trades", "int")
        .add("alternatives", "long").add("mean_return", "double").add("mean_return_low", "double")
        .add("mean_return_high", "double").add("draws_mean_return", "double").add("draws_p05", "double")
        .add("draws_p95", "double").add("p_value", "double").add("mean_capital_return", "double")
        .add("mean_capital_return_low", "double").add("mean_capital_return_high", "double")
        .add("draws_mean_capital_return", "double").add("p_value_capital", "double")
        .add("draw_means", org.apache.spark.sql.types.DataTypes.createArrayType(
            org.apache.spark.sql.types.DataTypes.DoubleType))
        .add("capital_band", org.apache.spark.sql.types.DataTypes.createArrayType(BAND_STEP))
        .add("created_at", "timestamp");

  private static Dataset<Row> controlsRow(SparkSession spark, String runId, BacktestSettings p,
      MatchedControls.Test returns, MatchedControls.Test capital, List<Row> strategyRows) {
    MatchedControls.Band band = capital.band();
    List<Row> steps = new ArrayList<>();
    for (int k = 0; k < band.trade().length; k++) {
      Row t = strategyRows.get(band.trade()[k]);
      steps.add(org.apache.spark.sql.RowFactory.create(k + 1, t.getString(0), t.getTimestamp(3), band.strategy()[k],
          band.p05()[k], band.p50()[k], band.p95()[k]));
    }
    Row r = org.apache.spark.sql.RowFactory.create(runId, returns.draws(), p.controlDays(), returns.trades(),
        returns.alternatives(), returns.strategyMean(), returns.ciLow(), returns.ciHigh(), returns.drawMean(),
        returns.drawP05(), returns.drawP95(), returns.pValue(), capital.strategyMean(), capital.ciLow(),
        capital.ciHigh(), capital.drawMean(), capital.pValue(),
        java.util.Arrays.stream(returns.drawMeans()).boxed().toList(), steps,
        new java.sql.Timestamp(System.currentTimeMillis()));
    return spark.createDataFrame(List.of(r), CONTROLS_SCHEMA);
  }

  /** Every strategy parameter with the value the run used (file, override or default). */
  static Map<String, String> effectiveParameters(Strategy s) {
    Map<String, String> m = new TreeMap<>();
    for (Setting<?> setting : Strategy.SETTINGS) {
      m.put(setting.key(), s.values().getOrDefault(setting.key(), setting.defaultValue()));
    }
    return m;
  }

  static Dataset<Row> runRow(Dataset<Row> trades, Dataset<Row> equity, BacktestSettings p, String runId,
      String mode, LocalDate from, LocalDate to, String codeVersion, Map<String, String> params) {
    Dataset<Row> fromEquity = Metrics.fromEquity(equity, p.initialCapital(), "entries");
    Dataset<Row> fromTrades = Metrics.fromTrades(trades, "entries");
    Dataset<Row> turnover = trades.groupBy("entries").agg(
        sum(col("shares").multiply(col("entry_price").plus(col("exit_price")))).as("_traded"),
        sum("costs").as("total_costs"));
    Dataset<Row> bySignal = trades.groupBy("entries", "entry_signal").agg(count(lit(1)).as("n"), sum("pnl").as("pnl"))
        .groupBy("entries").agg(map_from_entries(collect_list(struct(col("entry_signal"), struct(col("n"),
            col("pnl"))))).as("attribution_by_signal"));
    Dataset<Row> byExit = trades.groupBy("entries", "exit_reason").agg(count(lit(1)).as("n"), sum("pnl").as("pnl"))
        .groupBy("entries").agg(map_from_entries(collect_list(struct(col("exit_reason"), struct(col("n"),
            col("pnl"))))).as("attribution_by_exit"));
    List<Column> paramEntries = new ArrayList<>();
    params.forEach((k, v) -> paramEntries.add(struct(lit(k), lit(v))));
    Dataset<Row> base = equity.sparkSession().range(1).select(lit(mode).as("entries"));
    return base.join(fromEquity, Schemas.names("entries"), "left")
        .join(fromTrades, Schemas.names("entries"), "left")
        .join(turnover, Schemas.names("entries"), "left")
        .join(bySignal, Schemas.names("entries"), "left")
        .join(byExit, Schemas.names("entries"), "left")
        .withColumn("turnover", col("_traded").divide(lit(p.initialCapital())))
        .withColumn("trade_count", org.apache.spark.sql.functions.coalesce(col("trade_count"), lit(0L)))
        .select(lit(runId).as("run_id"), col("entries"), lit(Date.valueOf(from)).as("from_date"),
            lit(Date.valueOf(to)).as("to_date"), lit(codeVersion).as("code_version"),
            map_from_entries(org.apache.spark.sql.functions.array(paramEntries.toArray(Column[]::new))).as("parameters"),
            col("days"), col("total_return"), col("cagr"), col("sharpe"), col("sortino"), col("max_drawdown"),
            col("win_rate"), col("profit_factor"), col("average_hold_bars"), col("exposure"), col("turnover"),
            col("trade_count"), col("net_pnl"), col("total_costs"), col("attribution_by_signal"),
            col("attribution_by_exit"), lit(new java.sql.Timestamp(System.currentTimeMillis())).as("created_at"));
  }
}
