package io.l2lake.backtest.calibrate;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.backtest.BacktestEngine;
import io.l2lake.backtest.BacktestJob;
import io.l2lake.backtest.Metrics;
import io.l2lake.config.BacktestSettings;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Calibrates the backtest and stop parameters: every combination of a {@link CalibrationGrid} is
 * backtested on every walk-forward fold's in-sample and out-of-sample window, and the metrics of both
 * go side by side into {@code gold.calibration}, for the portfolio and for every symbol, so that a
 * combination that only fits noise shows a good in-sample and a poor out-of-sample line.
 *
 * <p>Each backtest reads only its window's bars ({@link BacktestEngine#truncate}): an in-sample metric
 * never sees the out-of-sample days. Within one backtest the work is spread over the symbols by Spark;
 * {@code parallel-runs} backtests are submitted at the same time from a thread pool, so combinations
 * x symbols run in parallel on the cluster. The bars (signals joined with the tracker and the
 * volatility regime) are built once per distinct set of stop parameters and kept on the executors.
 *
 * <p>Cost: per combination and fold, two backtests (each a few shuffles on the candidate entries and
 * their holding paths); the metrics of all runs are aggregated in one pass at the end. Nothing is
 * written until every run has finished, so a failed calibration leaves no partial rows.
 */
public final class CalibrationJob {
  private CalibrationJob() {}

  /** The metrics kept for each sample, in this order. */
  public static final List<String> METRICS = List.of("days", "trade_count", "total_return", "cagr", "sharpe",
      "sortino", "max_drawdown", "win_rate", "profit_factor", "average_hold_bars", "exposure", "net_pnl");

  /**
   * What the command prints: the run, its folds, its portfolio rows, the per-combination summary, and the
   * stitched out-of-sample equity of the walk-forward choices ({@link Stitched}).
   */
  public record Result(String calibrationId, List<WalkForward.Fold> folds, int combinations, long runs,
      List<Row> summary, List<Row> selected, Stitched stitched) {}

  /**
   * The out-of-sample windows of the combinations chosen in sample, one after the other: each fold's
   * out-of-sample return compounded onto the equity the folds before it ended with. {@code totalReturn} and
   * {@code maxDrawdown} are of that one curve; {@code days} its trading days.
   */
  public record Stitched(long days, double totalReturn, double maxDrawdown, double endEquity) {}

  /** The metrics of every backtest and the daily equity of each out-of-sample window. */
  public record Evaluated(Dataset<Row> metrics, Dataset<Row> outOfSampleEquity) {}

  private record Window_(int combo, Strategy strategy, WalkForward.Fold fold, String sample, LocalDate from,
      LocalDate to) {}

  /**
   * Runs the grid over [from, to] (null bounds: all the data) with {@code strategyFor} turning each
   * combination's overrides into a validated strategy (the base file and command-line overrides with
   * the combination on top).
   */
  public static Result run(SparkSession spark, Lake lake, CalibrationGrid grid,
      Function<Map<String, String>, Strategy> strategyFor, RunContext run, LocalDate from, LocalDate to) {
    return run(spark, lake, grid, strategyFor, null, run, from, to);
  }

  /**
   * As {@link #run(SparkSession, Lake, CalibrationGrid, Function, RunContext, LocalDate, LocalDate)}, with
   * {@code recompute} (or null) giving the signal and tracker rows of combinations that change their settings;
   * combinations it gives the empty key read the lake's tables.
   */
  public static Result run(SparkSession spark, Lake lake, CalibrationGrid grid,
      Function<Map<String, String>, Strategy> strategyFor, GoldInputs recompute, RunContext run, LocalDate from,
      LocalDate to) {
    Instant started = Instant.now();
    List<Map<String, String>> combos = grid.combinations();
    List<Strategy> strategies = new ArrayList<>();
    for (Map<String, String> c : combos) {
      strategies.add(strategyFor.apply(c)); // validates every combination before any work
    }
    int lookback = strategies.stream().mapToInt(BacktestJob::lookbackDays).max().orElse(0);
    Dataset<Row> signals = StageIo.input(lake, TableId.GOLD_SIGNALS_1M,
        from == null ? null : from.minusDays(lookback), to, "gold");
    Dataset<Row> days = StageIo.input(lake, TableId.GOLD_ACCUMULATION, null, to, "gold");
    Dataset<Row> stopContext = StageIo.input(lake, TableId.GOLD_STOPS, null, to, "gold");
    List<LocalDate> tradingDays = signals.filter(col("regular").and(StageIo.range(from, to)))
        .select(Schemas.TRADE_DATE).distinct().orderBy(Schemas.TRADE_DATE).collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate()).toList();
    List<WalkForward.Fold> folds = WalkForward.folds(tradingDays, grid.trainDays(), grid.testDays(), grid.anchored());
    GoldInputs lakeInputs = GoldInputs.fixed(signals, days);
    GoldInputs inputs = recompute == null ? lakeInputs : new GoldInputs() {
      @Override
      public String key(Strategy s) {
        return recompute.key(s);
      }

      @Override
      public Inputs inputs(Strategy s) {
        return recompute.key(s).isEmpty() ? lakeInputs.inputs(s) : recompute.inputs(s);
      }
    };
    Evaluated evaluated = evaluate(inputs, stopContext, strategies, folds, grid.parallelRuns(), run.runId());
    Dataset<Row> table = table(evaluated.metrics(), combos, folds, grid.metric(), run, from, to).localCheckpoint();
    Dataset<Row> stitched = stitch(evaluated.outOfSampleEquity(), table, strategies.get(0).backtest().initialCapital())
        .withColumn("calibration_id", lit(run.runId())).localCheckpoint();
    lake.append(TableId.GOLD_CALIBRATION, table, "calibration_id");
    lake.append(TableId.GOLD_CALIBRATION_EQUITY, stitched, "calibration_id");
    Dataset<Row> portfolio = table.filter(col("scope").equalTo("portfolio"));
    List<Row> summary = summary(portfolio, grid.metric()).collectAsList();
    List<Row> selected = portfolio.filter(col("selected")).orderBy("fold")
        .select("fold", "combo_id", "parameters", "is_" + grid.metric(), "oos_" + grid.metric(), "oos_rank",
            "is_trade_count", "oos_trade_count")
        .collectAsList();
    long runs = 2L * combos.size() * folds.size();
    JobRuns.record(lake, run, new JobRuns.Entry("calibrate", started, Instant.now(), "succeeded",
        folds.get(0).trainFrom(), folds.get(folds.size() - 1).testTo(), runs, table.count(),
        Map.of("calibration_id", run.runId(), "combinations", Integer.toString(combos.size()),
            "folds", Integer.toString(folds.size()), "metric", grid.metric())));
    return new Result(run.runId(), folds, combos.size(), runs, summary, selected,
        stitchedFigures(stitched, strategies.get(0).backtest().initialCapital()));
  }

  /**
   * {@code gold.calibration_equity}: per fold, the daily out-of-sample equity of the combination chosen in sample
   * ({@code equity}, starting from {@code capital} in each window) and the stitched curve ({@code stitched_equity}):
   * the windows chained, each compounding its return onto the equity the windows before it ended with.
   */
  static Dataset<Row> stitch(Dataset<Row> outOfSampleEquity, Dataset<Row> table, double capital) {
    Dataset<Row> chosen = table.filter(col("scope").equalTo("portfolio").and(col("selected")))
        .select("fold", "combo_id", "parameters");
    Dataset<Row> curve = outOfSampleEquity.join(chosen, Schemas.names("fold", "combo_id"));
    WindowSpec inFold = Window.partitionBy("fold").orderBy(Schemas.TRADE_DATE)
        .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    // ln of each fold's growth, summed over the folds before it: the log of the equity it starts from.
    Dataset<Row> growth = curve.withColumn("_end", org.apache.spark.sql.functions.last(col("equity")).over(inFold))
        .groupBy("fold").agg(org.apache.spark.sql.functions.first("_end").as("_end"))
        .withColumn("_log_before", coalesce(sum(org.apache.spark.sql.functions.log(col("_end").divide(lit(capital))))
            .over(Window.orderBy("fold").rowsBetween(Window.unboundedPreceding(), -1)), lit(0.0)))
        .select("fold", "_log_before");
    return curve.join(growth, Schemas.names("fold"))
        .withColumn("stitched_equity", col("equity").multiply(org.apache.spark.sql.functions.exp(col("_log_before"))))
        .select(col("fold"), col("combo_id"), col("parameters"), col(Schemas.TRADE_DATE), col("equity"),
            col("stitched_equity"));
  }

  /**
   * The figures of the stitched curve (days, total return and maximum drawdown against {@code capital}), from its
   * few hundred rows.
   */
  static Stitched stitchedFigures(Dataset<Row> stitched, double capital) {
    List<Row> rows = stitched.orderBy(Schemas.TRADE_DATE).select("stitched_equity").collectAsList();
    double peak = capital;
    double worst = 0;
    double last = capital;
    for (Row r : rows) {
      last = r.getDouble(0);
      peak = Math.max(peak, last);
      worst = Math.min(worst, last / peak - 1);
    }
    return new Stitched(rows.size(), last / capital - 1, worst, last);
  }

  /**
   * The metrics of every (combination, fold, sample) backtest, for the portfolio and per symbol:
   * rows of combo_id, fold, sample ({@code in_sample} / {@code out_of_sample}), scope
   * ({@code portfolio} / {@code symbol}), symbol (null for the portfolio) and {@link #METRICS}; and the daily
   * equity of every out-of-sample window (combo_id, fold, trade_date, equity). The bars are built once per
   * distinct inputs ({@link GoldInputs#key}) and stop settings.
   */
  public static Evaluated evaluate(GoldInputs inputs, Dataset<Row> stopContext, List<Strategy> strategies,
      List<WalkForward.Fold> folds, int parallelRuns, String jobGroup) {
    SparkSession spark = stopContext.sparkSession();
    Map<String, GoldInputs.Inputs> byKey = new HashMap<>();
    Map<String, Dataset<Row>> barsByKey = new HashMap<>();
    List<String> barKeys = new ArrayList<>();
    for (Strategy s : strategies) {
      String key = inputs.key(s);
      String barKey = key + "\u0000" + s.stops();
      barKeys.add(barKey);
      if (!barsByKey.containsKey(barKey)) {
        GoldInputs.Inputs in = byKey.computeIfAbsent(key, k -> inputs.inputs(s));
        barsByKey.put(barKey, BacktestEngine.bars(in.signals(), in.days(), stopContext, s.stops()).localCheckpoint());
      }
    }
    List<Window_> windows = new ArrayList<>();
    for (int c = 0; c < strategies.size(); c++) {
      for (WalkForward.Fold f : folds) {
        windows.add(new Window_(c + 1, strategies.get(c), f, "in_sample", f.trainFrom(), f.trainTo()));
        windows.add(new Window_(c + 1, strategies.get(c), f, "out_of_sample", f.testFrom(), f.testTo()));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallelRuns, r -> {
      Thread t = new Thread(r, "l2lake-calibrate");
      t.setDaemon(true);
      return t;
    });
    List<Future<Dataset<Row>[]>> pending = new ArrayList<>();
    try {
      for (Window_ w : windows) {
        Dataset<Row> bars = barsByKey.get(barKeys.get(w.combo() - 1));
        pending.add(pool.submit(() -> {
          spark.sparkContext().setJobGroup(jobGroup, "l2lake calibrate combination " + w.combo() + " fold "
              + w.fold().fold() + " " + w.sample(), false);
          return backtest(bars, w);
        }));
      }
      Dataset<Row> all = null;
      Dataset<Row> equity = null;
      for (Future<Dataset<Row>[]> f : pending) {
        Dataset<Row>[] d = f.get();
        all = all == null ? d[0] : all.unionByName(d[0]);
        if (d[1] != null) {
          equity = equity == null ? d[1] : equity.unionByName(d[1]);
        }
      }
      return new Evaluated(all, equity);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("calibration interrupted", e);
    } catch (ExecutionException e) {
      spark.sparkContext().cancelJobGroup(jobGroup);
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One backtest on one window: its portfolio row and one row per symbol; and for an out-of-sample window its
   * daily equity (null in sample).
   */
  @SuppressWarnings("unchecked")
  private static Dataset<Row>[] backtest(Dataset<Row> bars, Window_ w) {
    BacktestSettings p = w.strategy().backtest();
    Dataset<Row> windowBars = BacktestEngine.truncate(bars, w.to());
    Dataset<Row> trades = BacktestEngine.signalTrades(windowBars, w.strategy(), w.from(), w.to()).localCheckpoint();
    Dataset<Row> equity = BacktestEngine.equity(trades, windowBars, p, w.from(), w.to()).localCheckpoint();
    Dataset<Row> portfolio = withMetrics(
        Metrics.fromEquity(equity.withColumn("_k", lit(1)), p.initialCapital(), "_k"),
        Metrics.fromTrades(trades.withColumn("_k", lit(1)), "_k"), "_k")
        .withColumn("scope", lit("portfolio")).withColumn(Schemas.SYMBOL, lit(null).cast("string"));
    Dataset<Row> bySymbol = withMetrics(
        Metrics.fromEquity(BacktestEngine.equityBySymbol(trades, windowBars, p, w.from(), w.to()),
            p.initialCapital(), Schemas.SYMBOL),
        Metrics.fromTrades(trades, Schemas.SYMBOL), Schemas.SYMBOL)
        .withColumn("scope", lit("symbol"));
    List<Column> out = new ArrayList<>(List.of(lit(w.combo()).as("combo_id"), lit(w.fold().fold()).as("fold"),
        lit(w.sample()).as("sample"), col("scope"), col(Schemas.SYMBOL)));
    METRICS.forEach(m -> out.add(col(m)));
    Column[] cols = out.toArray(Column[]::new);
    Dataset<Row> metrics = portfolio.select(cols).unionByName(bySymbol.select(cols)).localCheckpoint();
    Dataset<Row> oosEquity = w.sample().equals("out_of_sample")
        ? equity.select(lit(w.combo()).as("combo_id"), lit(w.fold().fold()).as("fold"), col(Schemas.TRADE_DATE),
            col("equity"))
        : null;
    return new Dataset[] {metrics, oosEquity};
  }

  private static Dataset<Row> withMetrics(Dataset<Row> fromEquity, Dataset<Row> fromTrades, String key) {
    return fromEquity.join(fromTrades, Schemas.names(key), "left")
        .withColumn("trade_count", org.apache.spark.sql.functions.coalesce(col("trade_count"), lit(0L)))
        .withColumn("net_pnl", org.apache.spark.sql.functions.coalesce(col("net_pnl"), lit(0.0)))
        .withColumn("days", col("days").cast("long"));
  }

  /**
   * {@code gold.calibration}: in-sample and out-of-sample metrics side by side per combination, fold
   * and scope, with the combination's parameters, the fold's windows, the rank of the combination by
   * the selection metric in each sample (portfolio rows, per fold) and {@code selected}: the
   * combination a walk-forward user would have picked (best in-sample) for that fold.
   */
  static Dataset<Row> table(Dataset<Row> metrics, List<Map<String, String>> combos, List<WalkForward.Fold> folds,
      String metric, RunContext run, LocalDate from, LocalDate to) {
    SparkSession spark = metrics.sparkSession();
    List<Row> comboRows = new ArrayList<>();
    for (int i = 0; i < combos.size(); i++) {
      comboRows.add(org.apache.spark.sql.RowFactory.create(i + 1,
          scala.jdk.javaapi.CollectionConverters.asScala(new LinkedHashMap<>(combos.get(i)))));
    }
    Dataset<Row> comboTable = spark.createDataFrame(comboRows, new org.apache.spark.sql.types.StructType()
        .add("combo_id", "int").add("parameters", "map<string,string>"));
    List<Row> foldRows = new ArrayList<>();
    for (WalkForward.Fold f : folds) {
      foldRows.add(org.apache.spark.sql.RowFactory.create(f.fold(), Date.valueOf(f.trainFrom()),
          Date.valueOf(f.trainTo()), Date.valueOf(f.testFrom()), Date.valueOf(f.testTo())));
    }
    Dataset<Row> foldTable = spark.createDataFrame(foldRows, new org.apache.spark.sql.types.StructType()
        .add("fold", "int").add("train_from", "date").add("train_to", "date").add("test_from", "date")
        .add("test_to", "date"));
    // One row per combination, fold and scope: each metric once per sample (exactly one row each).
    List<Column> sides = new ArrayList<>();
    for (String prefix : List.of("is_", "oos_")) {
      String sample = prefix.equals("is_") ? "in_sample" : "out_of_sample";
      METRICS.forEach(m -> sides.add(org.apache.spark.sql.functions.max(
          when(col("sample").equalTo(sample), col(m))).as(prefix + m)));
    }
    Dataset<Row> sideBySide = metrics.groupBy("combo_id", "fold", "scope", Schemas.SYMBOL)
        .agg(sides.get(0), sides.subList(1, sides.size()).toArray(Column[]::new));
    WindowSpec perFold = Window.partitionBy("fold", "scope");
    Column isRank = when(col("scope").equalTo("portfolio"),
        rank().over(perFold.orderBy(col("is_" + metric).desc_nulls_last(), col("combo_id"))));
    Column oosRank = when(col("scope").equalTo("portfolio"),
        rank().over(perFold.orderBy(col("oos_" + metric).desc_nulls_last(), col("combo_id"))));
    List<Column> out = new ArrayList<>(List.of(lit(run.runId()).as("calibration_id"), col("combo_id"),
        col("parameters"), col("fold"), col("train_from"), col("train_to"), col("test_from"), col("test_to"),
        col("scope"), col(Schemas.SYMBOL)));
    METRICS.forEach(m -> out.add(col("is_" + m)));
    METRICS.forEach(m -> out.add(col("oos_" + m)));
    out.addAll(List.of(lit(metric).as("metric"), col("is_rank"), col("oos_rank"),
        coalesce(col("is_rank").equalTo(1), lit(false)).as("selected"),
        lit(from == null ? null : Date.valueOf(from)).cast("date").as("data_from"),
        lit(to == null ? null : Date.valueOf(to)).cast("date").as("data_to"),
        lit(run.codeVersion()).as("code_version"),
        lit(new java.sql.Timestamp(System.currentTimeMillis())).as("created_at")));
    return sideBySide.join(comboTable, Schemas.names("combo_id")).join(foldTable, Schemas.names("fold"))
        .withColumn("is_rank", isRank).withColumn("oos_rank", oosRank)
        .select(out.toArray(Column[]::new));
  }

  private static Column coalesce(Column a, Column b) {
    return org.apache.spark.sql.functions.coalesce(a, b);
  }

  /**
   * Per combination over all folds (portfolio rows): mean in-sample and out-of-sample metric, their
   * difference (how much of the in-sample figure does not carry over), trades, and the folds it was
   * selected in; in the order of the in-sample choice (most folds selected, then best mean in-sample), never
   * by the out-of-sample result, which a walk-forward user cannot know when choosing.
   */
  public static Dataset<Row> summary(Dataset<Row> portfolio, String metric) {
    return portfolio.groupBy("combo_id").agg(
            org.apache.spark.sql.functions.first("parameters").as("parameters"), avg("is_" + metric).as("mean_is"), avg("oos_" + metric).as("mean_oos"),
            sum("is_trade_count").as("is_trades"), sum("oos_trade_count").as("oos_trades"),
            avg("oos_total_return").as("mean_oos_total_return"),
            count(when(col("selected"), 1)).as("selected_folds"))
        .withColumn("is_minus_oos", col("mean_is").minus(col("mean_oos")))
        .orderBy(col("selected_folds").desc(), col("mean_is").desc_nulls_last(), col("combo_id"));
  }
}
