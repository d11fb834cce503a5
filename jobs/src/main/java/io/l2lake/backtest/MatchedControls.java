package io.l2lake.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;

import io.l2lake.config.BacktestSettings;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Schemas;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Random-entry draws matched to the strategy's trades, and the test of its mean return against them.
 *
 * <p>For each strategy trade, its <em>alternatives</em> are the same symbol's entries on each trading day
 * within {@code control-days} of its signal day (itself included), at the first eligible bar at or after its
 * signal's minute of day (Eastern): same symbol, nearly the same week, same time of day. Each alternative is
 * entered, sized, stopped and exited exactly as a strategy entry is ({@link BacktestEngine#entries},
 * {@link BacktestEngine#stopPath}, {@link BacktestEngine#exits}). A draw picks one alternative per trade,
 * uniformly; its mean net return per trade is compared with the strategy's. The p-value is the share of draws
 * whose mean is at least the strategy's, counting the strategy as one of them: (1 + #{draw >= strategy}) /
 * (1 + draws). The strategy's own interval is a percentile bootstrap over its trades.
 *
 * <p>The alternatives are followed on their own: the one-position-per-symbol rule and the cool-down, which
 * shape the strategy's trade list, do not thin them, since each draw holds exactly as many trades as the
 * strategy. Only the small table of alternatives' outcomes reaches the driver.
 */
public final class MatchedControls {
  private MatchedControls() {}

  /**
   * Each strategy trade's alternatives: rows of {@code trade_id} (the trade's position id) and the bar columns
   * of the alternative's signal bar.
   */
  static Dataset<Row> alternatives(Dataset<Row> trades, Dataset<Row> bars, int days, LocalDate from, LocalDate to) {
    Column eligible = col("next_ask").gt(0).and(col("next_bid").gt(0)).and(col("atr").gt(0))
        .and(col(Schemas.TRADE_DATE).between(lit(Date.valueOf(from)), lit(Date.valueOf(to))));
    Dataset<Row> anchors = trades.select(col(StopLevels.POSITION_ID).as("trade_id"),
            col(Schemas.SYMBOL).as("_symbol"), col("signal_ts").as("_signal_ts"))
        .join(bars.select(col(Schemas.SYMBOL).as("_symbol"), col("bar_ts").as("_signal_ts"),
            col("day_no").as("_day_no"), io.l2lake.calendar.EasternTime.minuteOfDay(col("bar_ts")).as("_minute")),
            Schemas.names("_symbol", "_signal_ts"))
        .withColumn("_alt_day", explode(sequence(col("_day_no").minus(days), col("_day_no").plus(days))));
    Dataset<Row> candidates = bars.filter(eligible).withColumn("_bar_minute", io.l2lake.calendar.EasternTime.minuteOfDay(col("bar_ts")));
    return anchors.join(candidates, col("_symbol").equalTo(col(Schemas.SYMBOL))
            .and(col("_alt_day").equalTo(col("day_no"))).and(col("_bar_minute").geq(col("_minute"))))
        .withColumn("_nth", row_number().over(Window.partitionBy("trade_id", "_alt_day").orderBy("bar_ts")))
        .filter(col("_nth").equalTo(1))
        .drop("_nth", "_symbol", "_signal_ts", "_day_no", "_minute", "_alt_day", "_bar_minute");
  }

  /**
   * The outcome of every alternative of every trade: rows of trade_id, symbol, signal_ts, return (net, per
   * dollar of position) and pnl.
   */
  public static Dataset<Row> outcomes(Dataset<Row> trades, Dataset<Row> bars, Strategy strategy, int days,
      LocalDate from, LocalDate to) {
    BacktestSettings p = strategy.backtest();
    Dataset<Row> alternatives = alternatives(trades, bars, days, from, to);
    Dataset<Row> unique = alternatives.drop("trade_id").dropDuplicates(Schemas.SYMBOL, "bar_ts");
    Dataset<Row> outcome = BacktestEngine.exits(BacktestEngine.stopPath(BacktestEngine.entries(unique, bars, p), bars,
        strategy), bars, p).select(col(Schemas.SYMBOL), col("signal_ts"), col("return"), col("pnl"));
    return alternatives.select(col("trade_id"), col(Schemas.SYMBOL), col("bar_ts").as("signal_ts"))
        .join(outcome, Schemas.names(Schemas.SYMBOL, "signal_ts"));
  }

  /**
   * The test's figures: {@code strategy} one value per trade, {@code alternatives} each trade's alternatives'
   * values (a trade without any is left out of the draws and of the strategy's mean alike). {@code band} follows
   * the trades in the order given (the caller's: exit order), summing their values: the strategy's running sum
   * and, at each step, the 5th, 50th and 95th percentile of the draws' running sums.
   */
  public record Test(int trades, int draws, long alternatives, double strategyMean, double ciLow, double ciHigh,
      double drawMean, double drawP05, double drawP95, double pValue, double[] drawMeans, Band band) {}

  /**
   * Running sums along the kept trades: {@code trade[k]} is the index (in the caller's arrays) of the k-th kept
   * trade, {@code strategy[k]} the strategy's sum through it, {@code p05/p50/p95[k]} the draws' percentiles.
   */
  public record Band(int[] trade, double[] strategy, double[] p05, double[] p50, double[] p95) {
    static Band empty() {
      return new Band(new int[0], new double[0], new double[0], new double[0], new double[0]);
    }
  }

  /** Draws and bootstrap, seeded: the same inputs and seed give the same figures. */
  public static Test test(double[] strategy, double[][] alternatives, int draws, int resamples, long seed) {
    if (strategy.length != alternatives.length) {
      throw new IllegalArgumentException("one set of alternatives per trade");
    }
    if (draws < 1 || resamples < 1) {
      throw new IllegalArgumentException("draws and resamples must be >= 1");
    }
    List<Integer> kept = new ArrayList<>();
    long count = 0;
    for (int i = 0; i < strategy.length; i++) {
      if (alternatives[i].length > 0) {
        kept.add(i);
        count += alternatives[i].length;
      }
    }
    int n = kept.size();
    if (n == 0) {
      return new Test(0, draws, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, new double[0], Band.empty());
    }
    double mean = 0;
    for (int i : kept) {
      mean += strategy[i];
    }
    mean /= n;
    SplittableRandom random = new SplittableRandom(seed);
    double[] drawMeans = new double[draws];
    // The draws' running sums, step-major so that each step's distribution is one row.
    float[][] running = new float[n][draws];
    int atLeast = 0;
    for (int d = 0; d < draws; d++) {
      double s = 0;
      for (int k = 0; k < n; k++) {
        double[] a = alternatives[kept.get(k)];
        s += a[random.nextInt(a.length)];
        running[k][d] = (float) s;
      }
      drawMeans[d] = s / n;
      // A tolerance for the sums' rounding: a draw equal to the strategy counts as at least as good.
      if (drawMeans[d] >= mean - 1e-12) {
        atLeast++;
      }
    }
    double[] boot = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += strategy[kept.get(random.nextInt(n))];
      }
      boot[b] = s / n;
    }
    double[] sortedDraws = drawMeans.clone();
    Arrays.sort(sortedDraws);
    Arrays.sort(boot);
    return new Test(n, draws, count, mean, percentile(boot, 0.025), percentile(boot, 0.975),
        Arrays.stream(drawMeans).average().orElse(Double.NaN), percentile(sortedDraws, 0.05),
        percentile(sortedDraws, 0.95), (1.0 + atLeast) / (1.0 + draws), drawMeans,
        band(strategy, kept, running));
  }

  private static Band band(double[] strategy, List<Integer> kept, float[][] running) {
    int n = kept.size();
    Band b = new Band(new int[n], new double[n], new double[n], new double[n], new double[n]);
    double sum = 0;
    double[] step = new double[running.length == 0 ? 0 : running[0].length];
    for (int k = 0; k < n; k++) {
      b.trade()[k] = kept.get(k);
      sum += strategy[kept.get(k)];
      b.strategy()[k] = sum;
      for (int d = 0; d < step.length; d++) {
        step[d] = running[k][d];
      }
      Arrays.sort(step);
      b.p05()[k] = percentile(step, 0.05);
      b.p50()[k] = percentile(step, 0.5);
      b.p95()[k] = percentile(step, 0.95);
    }
    return b;
  }

  /** Linear interpolation between order statistics of sorted {@code v}. */
  static double percentile(double[] v, double q) {
    double x = q * (v.length - 1);
    int lo = (int) Math.floor(x);
    int hi = Math.min(v.length - 1, lo + 1);
    return v[lo] + (x - lo) * (v[hi] - v[lo]);
  }

  /**
   * Groups collected rows of (trade_id, value) under the strategy trades' ids, in the order of
   * {@code tradeIds}.
   */
  static double[][] byTrade(List<String> tradeIds, List<Row> rows, String valueColumn) {
    Map<String, List<Double>> m = new LinkedHashMap<>();
    tradeIds.forEach(id -> m.put(id, new ArrayList<>()));
    for (Row r : rows) {
      List<Double> l = m.get(r.<String>getAs("trade_id"));
      Object v = r.getAs(valueColumn);
      if (l != null && v != null) {
        l.add(((Number) v).doubleValue());
      }
    }
    double[][] out = new double[tradeIds.size()][];
    int i = 0;
    for (List<Double> l : m.values()) {
      out[i++] = l.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return out;
  }
}
