package io.l2lake.lobster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.l2lake.columns.OrderFlow;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Columns;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.run.Stages;
import io.l2lake.stage.StageContext;
import io.l2lake.stage.StageData;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Scores the synchronisation, trade-side, order-flow and pseudo-L2 stages on real order books (LOBSTER): the
 * stages (taken from the registry, {@link Stages#named}) run on a Level-1 stream and trades derived from the
 * book, and are compared with what the full book knows.
 * <ul>
 *   <li><b>Trade sides</b>: the accuracy of every rule stored in {@code silver.trades} (Lee-Ready, tick, quote,
 *       EMO, sweep) against the true aggressor side, over all trades and apart for visible executions (type 4)
 *       and executions of hidden orders (type 5, inside the spread); an unclassified trade counts as wrong.
 *       Per quote delay: the Level-1 stream is shifted later than the trades by the delay plus, with a jitter,
 *       a uniform random extra per quote (seeded), and the quote each trade carries is the one the shifted
 *       stream shows at the trade. Per feed: {@code l1} (the Level-1 stream and the trades) and {@code ticks}
 *       (no Level-1 stream: only what a history tick carries, the quote at the trade without sizes).
 *   <li><b>OFI</b>: R^2 of 10-second mid-price changes regressed on the interval's order-flow imbalance, one
 *       fit per half hour of the session, and their median (exact quotes).
 *   <li><b>Pseudo-L2</b> (exact quotes, 10-second buckets): absolute and relative errors of the estimated
 *       cumulative depth through each level (2 and deeper) against the real book at each bucket's end, per
 *       level and per distance in ticks of the level from the touch, beside three baselines: every level as
 *       deep as the touch; the last size seen at each price when it was the touch; every level as deep as the
 *       mean touch size displayed at the bucket ends of the last N minutes. The book's memory (decay time
 *       constant) is chosen from a grid on the other files (the one with the lowest mean relative error
 *       through levels 2-5) and never on the file it is scored on.
 *   <li><b>Ticks-only touch sizes</b>: without displayed sizes the signals estimate a touch's size as the mean
 *       volume executed at it per minute over the previous 30 minutes; its error against the real touch size
 *       at each minute's end.
 * </ul>
 * Evaluation output is small (per symbol a few thousand bucket rows), so it is collected.
 */
public final class LobsterEvaluation {
  private LobsterEvaluation() {}

  static final int BUCKET_SECONDS = 10;
  /** The signals' look-back for an estimated touch size, in minutes ({@code signals.SignalInputs}). */
  static final int TOUCH_ESTIMATE_MINUTES = 30;
  /** Rules scored, with their {@code silver.trades} columns. */
  public static final Map<String, String> RULES = rules();
  /** Depth estimators scored, in the order of every error array. */
  public static final List<String> ESTIMATORS = List.of("pseudo_l2", "touch_size", "last_seen", "mean_touch");
  static final List<String> DISTANCES = List.of("1", "2", "3", "4-5", "6-10", "11+");
  static final StructType TRUTH = Schemas.struct(
      Schemas.field("tick_id", DataTypes.LongType, false, "message index"),
      Schemas.field("true_side", DataTypes.IntegerType, false, "true aggressor side"),
      Schemas.field("hidden", DataTypes.BooleanType, false, "execution of a hidden order"));

  private static Map<String, String> rules() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("lee_ready", Columns.Trades.LEE_READY_SIDE);
    m.put("tick", Columns.Trades.TICK_SIDE);
    m.put("quote", Columns.Trades.QUOTE_SIDE);
    m.put("emo", Columns.Trades.EMO_SIDE);
    m.put("sweep", Columns.Trades.SWEEP_SIDE);
    return m;
  }

  /** What to run: quote delays and jitter (ms), the jitter's seed, feeds, the memory grid, the baseline's N. */
  public record Options(List<Integer> delaysMs, int jitterMs, long seed, List<String> feeds,
      List<Integer> memoryGrid, int baselineMinutes) {
    public static final List<String> FEEDS = List.of("l1", "ticks");

    public Options {
      if (delaysMs.isEmpty() || delaysMs.stream().anyMatch(d -> d < 0 || d > 60_000)) {
        throw new IllegalArgumentException("quote delays must be 0 to 60000 ms, at least one: " + delaysMs);
      }
      if (jitterMs < 0 || jitterMs > 60_000) {
        throw new IllegalArgumentException("jitter must be 0 to 60000 ms: " + jitterMs);
      }
      if (feeds.isEmpty() || !FEEDS.containsAll(feeds)) {
        throw new IllegalArgumentException("feeds must be among " + FEEDS + ": " + feeds);
      }
      if (memoryGrid.isEmpty()) {
        throw new IllegalArgumentException("the memory grid needs at least one value");
      }
      if (baselineMinutes < 1 || baselineMinutes > 390) {
        throw new IllegalArgumentException("baseline minutes must be 1 to 390: " + baselineMinutes);
      }
      delaysMs = List.copyOf(delaysMs);
      feeds = List.copyOf(feeds);
      memoryGrid = List.copyOf(memoryGrid);
    }

    public static Options defaults() {
      return new Options(List.of(0, 5, 20, 50, 200), 0, 1L, FEEDS, List.of(120, 300, 900, 1800), 5);
    }
  }

  /** Trade-side accuracy (and coverage: the share classified) of every rule on one slice of trades. */
  public record Sides(String symbol, String feed, int delayMs, String trades, long n, Map<String, Double> accuracy,
      Map<String, Double> coverage) {}

  /** Errors of the cumulative depth on one level or distance: per estimator, mean absolute and mean relative. */
  public record DepthError(String key, long n, double[] mae, double[] relative) {}

  /** The memory chosen for a file: the grid's scores (mean relative error, levels 2-5) on the files fitted. */
  public record Fit(List<String> fittedOn, int memorySeconds, Map<Integer, Double> scoreOnFitted,
      Map<Integer, Double> scoreOnThis) {}

  /** A touch-size estimate against the real touch size at minute ends (both sides). */
  public record TouchEstimate(long n, double meanTrue, double mae, double relative, double medianRatio) {}

  /** The ticks-only touch sizes: the signals' estimate (per minute) and the mean size of a touch trade. */
  public record TouchSizes(TouchEstimate perMinute, TouchEstimate perTrade) {}

  /** Per-symbol results beside the trade-side rows. */
  public record SymbolResult(String symbol, int levels, long trades, long hidden, double ofiMedianR2,
      List<Double> ofiR2ByHalfHour, Fit fit, long bookSnapshots, List<DepthError> byLevel,
      List<DepthError> byDistance, TouchSizes ticksOnlyTouch) {}

  /** Everything one evaluation measured. */
  public record Result(Options options, String configuredRule, List<Sides> sides, List<SymbolResult> symbols) {}

  public static Result run(SparkSession spark, Path dir, L2Config config, Options o) {
    List<LobsterFile> files = new ArrayList<>();
    for (Path messages : LobsterFile.messageFiles(dir)) {
      files.add(LobsterFile.read(messages));
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no LOBSTER message files (SYMBOL_DATE_start_end_message_N.csv[.gz]) in "
          + dir);
    }
    List<Sides> sides = new ArrayList<>();
    List<Map<Integer, DepthScore>> grids = new ArrayList<>();
    List<PerFile> rest = new ArrayList<>();
    for (LobsterFile f : files) {
      List<Integer> truthKeys = new ArrayList<>();
      Dataset<Row> truth = spark.createDataFrame(truthRows(f, truthKeys), TRUTH).cache();
      // Every (feed, delay) at once: each is a symbol of its own ("AMZN|l1|50"), so one sync run serves all.
      List<Row> quoteRows = new ArrayList<>();
      List<Row> tickRows = new ArrayList<>();
      for (String feed : o.feeds()) {
        for (int delay : o.delaysMs()) {
          rows(f, f.symbol + "|" + feed + "|" + delay, delay, o.jitterMs(), o.seed(), feed.equals("l1"), quoteRows,
              tickRows);
        }
      }
      Frames all = new Frames(spark.createDataFrame(quoteRows, Schemas.QUOTES),
          spark.createDataFrame(tickRows, Schemas.TICKS));
      sides.addAll(scoreSides(f.symbol, sync(spark, config, all), truth, o));
      quoteRows = null;
      tickRows = null;
      Frames exactFrames = frames(spark, f, 0, 0, o.seed(), true);
      Dataset<Row> exact = sync(spark, config, exactFrames).cache();
      Map<Integer, DepthScore> grid = new LinkedHashMap<>();
      for (int memory : o.memoryGrid()) {
        grid.put(memory, scoreDepth(f, bookEstimate(spark, config, f, memory, exact, exactFrames.quotes()),
            o.baselineMinutes()));
      }
      grids.add(grid);
      List<Double> r2 = ofiR2(exactFrames.quotes(), f);
      TouchSizes touch = ticksOnlyTouch(spark, config, f, o.seed());
      long hidden = f.events.stream().skip(1).filter(e -> e.type() == 5).count();
      rest.add(new PerFile(r2, touch, hidden, truthKeys.size()));
      exact.unpersist();
      exactFrames.quotes().unpersist();
      truth.unpersist();
    }
    List<SymbolResult> symbols = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      LobsterFile f = files.get(i);
      Fit fit = fit(files, grids, i, config.book().memorySeconds());
      DepthScore d = grids.get(i).get(fit.memorySeconds());
      PerFile p = rest.get(i);
      symbols.add(new SymbolResult(f.symbol, f.levels, p.trades(), p.hidden(), median(p.ofiR2()), p.ofiR2(), fit,
          d.snapshots(), d.byLevel(), d.byDistance(), p.touch()));
    }
    return new Result(o, config.sync().sideRule(), sides, symbols);
  }

  /** What a file gave besides its sides and depth grid. */
  private record PerFile(List<Double> ofiR2, TouchSizes touch, long hidden, long trades) {}

  /**
   * The memory for file {@code i}: the grid value with the lowest mean relative error (levels 2-5) summed over
   * the other files; with no other file, the configured memory (and the fit says it fitted on none).
   */
  static Fit fit(List<LobsterFile> files, List<Map<Integer, DepthScore>> grids, int i, int configured) {
    Map<Integer, Double> onFitted = new LinkedHashMap<>();
    Map<Integer, Double> onThis = new LinkedHashMap<>();
    List<String> fittedOn = new ArrayList<>();
    for (int j = 0; j < files.size(); j++) {
      if (j != i) {
        fittedOn.add(files.get(j).symbol + " " + files.get(j).date);
      }
    }
    for (int memory : grids.get(i).keySet()) {
      onThis.put(memory, grids.get(i).get(memory).fitScore());
      double s = 0;
      for (int j = 0; j < files.size(); j++) {
        if (j != i) {
          s += grids.get(j).get(memory).fitScore();
        }
      }
      if (!fittedOn.isEmpty()) {
        onFitted.put(memory, s / fittedOn.size());
      }
    }
    int chosen = onFitted.isEmpty() ? (onThis.containsKey(configured) ? configured : onThis.keySet().iterator().next())
        : onFitted.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return new Fit(fittedOn, chosen, onFitted, onThis);
  }

  /** The LOBSTER frames in bronze shape: quotes (null for the ticks-only feed) and ticks. */
  record Frames(Dataset<Row> quotes, Dataset<Row> ticks) {}

  /** One row per execution: message index, true aggressor side, hidden or not. */
  static List<Row> truthRows(LobsterFile f, List<Integer> keys) {
    List<Row> truth = new ArrayList<>();
    for (int k = 1; k < f.events.size(); k++) {
      LobsterFile.Event e = f.events.get(k);
      if (e.type() == 4 || e.type() == 5) {
        truth.add(RowFactory.create((long) k, -e.direction(), e.type() == 5));
        keys.add(k);
      }
    }
    return truth;
  }

  /**
   * The Level-1 stream shifted by the delay (plus the jitter) and the trades, each carrying the top of book the
   * shifted stream shows at it (a quote and a trade at one time: the quote of an earlier message first).
   */
  static Frames frames(SparkSession spark, LobsterFile f, int delayMs, int jitterMs, long seed, boolean withL1) {
    List<Row> quotes = new ArrayList<>();
    List<Row> ticks = new ArrayList<>();
    rows(f, f.symbol, delayMs, jitterMs, seed, withL1, quotes, ticks);
    Dataset<Row> quoteDf = spark.createDataFrame(quotes, Schemas.QUOTES);
    return new Frames(withL1 ? quoteDf.cache() : quoteDf, spark.createDataFrame(ticks, Schemas.TICKS));
  }

  /**
   * The rows of {@link #frames} under the symbol {@code key} (added to {@code quotes}, none without Level 1, and
   * {@code ticks}); the jitter's draws depend on the seed, the delay and the file's symbol only.
   */
  static void rows(LobsterFile f, String key, int delayMs, int jitterMs, long seed, boolean withL1,
      List<Row> quotes, List<Row> ticks) {
    Date day = Date.valueOf(f.date);
    String source = "lobster/" + f.symbol;
    List<int[]> changes = new ArrayList<>();
    long[] prevTop = null;
    for (int k = 0; k < f.events.size(); k++) {
      LobsterFile.Event e = f.events.get(k);
      long[] top = {e.bidPrice()[0], e.bidSize()[0], e.askPrice()[0], e.askSize()[0]};
      if (prevTop == null || !Arrays.equals(top, prevTop)) {
        changes.add(new int[] {k});
        prevTop = top;
      }
    }
    long[] shifted = shiftedTimes(f, changes.stream().mapToInt(c -> c[0]).toArray(), delayMs, jitterMs,
        new Random(seed * 31 + delayMs * 7919L + f.symbol.hashCode()));
    Integer[] order = new Integer[changes.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> shifted[a] != shifted[b] ? Long.compare(shifted[a], shifted[b])
        : Integer.compare(changes.get(a)[0], changes.get(b)[0]));
    for (int i = 0; withL1 && i < order.length; i++) {
      int k = changes.get(order[i])[0];
      LobsterFile.Event e = f.events.get(k);
      quotes.add(RowFactory.create(key, day, timestamp(shifted[order[i]]), 2L * k + 1, price(e.bidPrice()[0]),
          size(e.bidPrice()[0], e.bidSize()[0]), price(e.askPrice()[0]), size(e.askPrice()[0], e.askSize()[0]),
          "Q", "ba", "quote_time", source, (long) k, "lobster"));
    }
    int next = 0;
    int shown = -1;
    for (int k = 1; k < f.events.size(); k++) {
      LobsterFile.Event e = f.events.get(k);
      if (e.type() != 4 && e.type() != 5) {
        continue;
      }
      // The last quote of the shifted stream at or before (ts, 2k): quotes are keyed (shifted ts, 2k' + 1).
      while (next < order.length && (shifted[order[next]] < e.tsMicros()
          || shifted[order[next]] == e.tsMicros() && changes.get(order[next])[0] < k)) {
        shown = changes.get(order[next])[0];
        next++;
      }
      LobsterFile.Event q = shown < 0 ? null : f.events.get(shown);
      ticks.add(RowFactory.create(key, day, timestamp(e.tsMicros()), 2L * k, e.price() / 10_000.0, e.size(),
          null, q == null ? null : price(q.bidPrice()[0]), q == null ? null : price(q.askPrice()[0]), null, null,
          (long) k, "C", null, CollectionConverters.asScala(List.<String>of()).toSeq(), null, null, "history",
          false, "lobster|" + k, source, (long) k, "lobster"));
    }
  }

  /** Each quote change's time (microseconds) plus the delay and a uniform jitter in [0, jitter]. */
  static long[] shiftedTimes(LobsterFile f, int[] messages, int delayMs, int jitterMs, Random random) {
    long[] out = new long[messages.length];
    for (int i = 0; i < messages.length; i++) {
      long jitter = jitterMs == 0 ? 0 : (long) (random.nextDouble() * (jitterMs * 1000L + 1));
      out[i] = f.events.get(messages[i]).tsMicros() + delayMs * 1000L + jitter;
    }
    return out;
  }

  private static StageContext context(SparkSession spark, L2Config config) {
    return new StageContext(spark, config, Strategy.defaults(), null, null, null);
  }

  /** {@code silver.trades} by the registered sync stage. */
  static Dataset<Row> sync(SparkSession spark, L2Config config, Frames fr) {
    Map<TableId, Dataset<Row>> in = new HashMap<>();
    in.put(TableId.BRONZE_TICKS, fr.ticks());
    in.put(TableId.BRONZE_QUOTES, fr.quotes());
    return Stages.named("sync").transform(context(spark, config), new StageData(in, spark.emptyDataFrame(),
        lit(true))).outputs().get(TableId.SILVER_TRADES);
  }

  /** {@code silver.book} by the registered book stage, in 10-second buckets to the file's depth. */
  static Dataset<Row> book(SparkSession spark, L2Config config, int levels, int memory, Dataset<Row> trades,
      Dataset<Row> quotes) {
    Map<String, String> values = new LinkedHashMap<>(config.values());
    values.put(L2Config.BOOK_BUCKET.key(), Integer.toString(BUCKET_SECONDS));
    values.put(L2Config.BOOK_LEVELS.key(), Integer.toString(levels));
    values.put(L2Config.BOOK_MEMORY.key(), Integer.toString(memory));
    L2Config bookConfig = L2Config.load(null, values);
    Map<TableId, Dataset<Row>> in = new HashMap<>();
    in.put(TableId.SILVER_TRADES, trades);
    in.put(TableId.BRONZE_QUOTES, quotes);
    return Stages.named("book").transform(context(spark, bookConfig), new StageData(in, spark.emptyDataFrame(),
        lit(true))).outputs().get(TableId.SILVER_BOOK);
  }

  /** The book's estimated cumulative depth by "bucket|side|level". */
  static Map<String, Double> bookEstimate(SparkSession spark, L2Config config, LobsterFile f, int memory,
      Dataset<Row> trades, Dataset<Row> quotes) {
    Map<String, Double> estimate = new HashMap<>();
    for (Row r : book(spark, config, f.levels, memory, trades, quotes)
        .select(col(Columns.Book.BUCKET_TS), col("side"), col("level"), col("est_cum_depth")).collectAsList()) {
      long bucket = ((Timestamp) r.get(0)).toInstant().getEpochSecond() / BUCKET_SECONDS;
      estimate.put(bucket + r.getString(1) + r.getInt(2), r.isNullAt(3) ? null : r.getDouble(3));
    }
    return estimate;
  }

  /**
   * Per symbol key ({@code SYMBOL|feed|delay}) and slice (all trades, visible, hidden): each rule's accuracy and
   * coverage against the true side, in the options' order of feeds and delays.
   */
  static List<Sides> scoreSides(String symbol, Dataset<Row> synced, Dataset<Row> truth, Options o) {
    List<Column> aggs = new ArrayList<>();
    for (String c : RULES.values()) {
      aggs.add(sum(when(col(c).equalTo(col("true_side")), 1L).otherwise(0L)));
      aggs.add(sum(when(col(c).isNotNull(), 1L).otherwise(0L)));
    }
    Map<String, long[]> counts = new HashMap<>();
    for (Row r : synced.join(truth, "tick_id").groupBy(col(Schemas.SYMBOL), col("hidden"))
        .agg(count(lit(1)), aggs.toArray(Column[]::new)).collectAsList()) {
      String key = r.getString(0);
      long[] v = new long[1 + 2 * RULES.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.getLong(i + 2);
      }
      counts.put(key + "|" + (r.getBoolean(1) ? "hidden" : "visible"), v);
    }
    List<Sides> out = new ArrayList<>();
    for (String feed : o.feeds()) {
      for (int delay : o.delaysMs()) {
        String key = symbol + "|" + feed + "|" + delay;
        long[] visible = counts.getOrDefault(key + "|visible", new long[1 + 2 * RULES.size()]);
        long[] hidden = counts.getOrDefault(key + "|hidden", new long[visible.length]);
        long[] all = new long[visible.length];
        for (int i = 0; i < all.length; i++) {
          all[i] = visible[i] + hidden[i];
        }
        out.add(sides(symbol, feed, delay, "all", all));
        out.add(sides(symbol, feed, delay, "visible", visible));
        out.add(sides(symbol, feed, delay, "hidden", hidden));
      }
    }
    return out;
  }

  private static Sides sides(String symbol, String feed, int delay, String trades, long[] v) {
    Map<String, Double> acc = new LinkedHashMap<>();
    Map<String, Double> cov = new LinkedHashMap<>();
    int i = 1;
    for (String rule : RULES.keySet()) {
      acc.put(rule, v[i++] / (double) v[0]);
      cov.put(rule, v[i++] / (double) v[0]);
    }
    return new Sides(symbol, feed, delay, trades, v[0], acc, cov);
  }

  /** R^2 of 10-second mid changes on OFI, one regression per half hour of the session. */
  static List<Double> ofiR2(Dataset<Row> quotes, LobsterFile f) {
    Dataset<Row> flow = OrderFlow.contributions(quotes)
        .withColumn("_bucket", unix_micros(col(Schemas.TS)).divide(1_000_000L * BUCKET_SECONDS).cast("long"))
        .groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE, "_bucket")
        .agg(sum(col(OrderFlow.OFI)).as("ofi"), max_by(col(OrderFlow.QUOTE_MID), col(Schemas.SEQ)).as("mid"));
    long open = f.date.atTime(9, 30).atZone(io.l2lake.calendar.EasternTime.ZONE).toEpochSecond();
    Dataset<Row> changes = flow
        .withColumn("dmid", col("mid").minus(lag(col("mid"), 1).over(
            Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE).orderBy("_bucket"))))
        .withColumn("half_hour", col("_bucket").multiply(BUCKET_SECONDS).minus(open).divide(1800).cast("int"))
        .filter(col("dmid").isNotNull().and(col("ofi").isNotNull()));
    List<Double> out = new ArrayList<>();
    for (Row r : changes.groupBy("half_hour").agg(corr(col("dmid"), col("ofi")), count(lit(1)))
        .orderBy("half_hour").collectAsList()) {
      if (!r.isNullAt(1) && r.getLong(2) >= 30) {
        out.add(r.getDouble(1) * r.getDouble(1));
      }
    }
    return out;
  }

  static double median(List<Double> values) {
    List<Double> s = values.stream().sorted().toList();
    return s.isEmpty() ? Double.NaN : s.size() % 2 == 1 ? s.get(s.size() / 2)
        : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
  }

  /**
   * The ticks-only path's touch sizes: the sync and book stages on the trades alone (their quotes, no sizes);
   * per side, the volume the book says was executed at the touch, summed per minute, averaged over the previous
   * 30 minutes (the signals' estimate), against the real touch size at the minute's end; and beside it the mean
   * size of the trades at the touch over the same 30 minutes (the trades the book counts as executed there).
   */
  static TouchSizes ticksOnlyTouch(SparkSession spark, L2Config config, LobsterFile f, long seed) {
    Frames fr = frames(spark, f, 0, 0, seed, false);
    Dataset<Row> trades = sync(spark, config, fr);
    Map<String, Long> executed = new HashMap<>();
    for (Row r : book(spark, config, f.levels, config.book().memorySeconds(), trades, fr.quotes())
        .filter(col("level").equalTo(1))
        .select(col(Columns.Book.BUCKET_TS), col("side"), col("executed")).collectAsList()) {
      long minute = ((Timestamp) r.get(0)).toInstant().getEpochSecond() / 60;
      executed.merge(minute + r.getString(1), r.getLong(2), Long::sum);
    }
    Map<String, long[]> touchTrades = new HashMap<>();
    Column atAsk = col(Columns.Trades.SIDE).equalTo(1).and(col("price").geq(col("ask")));
    Column atBid = col(Columns.Trades.SIDE).equalTo(-1).and(col("price").leq(col("bid")));
    for (Row r : trades.filter(atAsk.or(atBid)).select(col(Schemas.TS), col(Columns.Trades.SIDE), col("size"))
        .collectAsList()) {
      long minute = r.getTimestamp(0).toInstant().getEpochSecond() / 60;
      long[] v = touchTrades.computeIfAbsent(minute + (r.getInt(1) == 1 ? "A" : "B"), k -> new long[2]);
      v[0] += r.getLong(2);
      v[1]++;
    }
    Map<String, Long> trueTouch = new HashMap<>();
    long first = Long.MAX_VALUE;
    long lastMinute = Long.MIN_VALUE;
    for (int k = 0; k < f.events.size(); k++) {
      LobsterFile.Event e = f.events.get(k);
      long minute = Math.floorDiv(e.tsMicros(), 60_000_000L);
      first = Math.min(first, minute);
      lastMinute = Math.max(lastMinute, minute);
      if (!LobsterFile.empty(e.askPrice()[0])) {
        trueTouch.put(minute + "A", e.askSize()[0]);
      }
      if (!LobsterFile.empty(e.bidPrice()[0])) {
        trueTouch.put(minute + "B", e.bidSize()[0]);
      }
    }
    List<double[]> pairs = new ArrayList<>();
    List<double[]> perTrade = new ArrayList<>();
    for (long m = first + TOUCH_ESTIMATE_MINUTES; m <= lastMinute; m++) {
      for (String side : List.of("A", "B")) {
        Long truth = trueTouch.get(m + side);
        if (truth == null || truth <= 0) {
          continue;
        }
        double s = 0;
        long volume = 0;
        long count = 0;
        for (long p = m - TOUCH_ESTIMATE_MINUTES; p < m; p++) {
          s += executed.getOrDefault(p + side, 0L);
          long[] v = touchTrades.getOrDefault(p + side, new long[2]);
          volume += v[0];
          count += v[1];
        }
        pairs.add(new double[] {s / TOUCH_ESTIMATE_MINUTES, truth});
        if (count > 0) {
          perTrade.add(new double[] {volume / (double) count, truth});
        }
      }
    }
    return new TouchSizes(touchEstimate(pairs), touchEstimate(perTrade));
  }

  /** Mean absolute and relative errors, mean true size and median estimate/true ratio of (estimate, true) pairs. */
  static TouchEstimate touchEstimate(List<double[]> pairs) {
    double abs = 0;
    double rel = 0;
    double truth = 0;
    List<Double> ratios = new ArrayList<>();
    for (double[] p : pairs) {
      abs += Math.abs(p[0] - p[1]);
      rel += Math.abs(p[0] - p[1]) / p[1];
      truth += p[1];
      ratios.add(p[0] / p[1]);
    }
    int n = pairs.size();
    return new TouchEstimate(n, n == 0 ? Double.NaN : truth / n, n == 0 ? Double.NaN : abs / n,
        n == 0 ? Double.NaN : rel / n, median(ratios));
  }

  /** Depth errors of one book estimate. {@link #fitScore()} is the pseudo book's mean relative error, levels 2-5. */
  record DepthScore(List<DepthError> byLevel, List<DepthError> byDistance, long snapshots) {
    double fitScore() {
      return byLevel.stream().filter(d -> Integer.parseInt(d.key()) <= 5).mapToDouble(d -> d.relative()[0])
          .average().orElse(Double.NaN);
    }
  }

  /** Accumulates absolute and relative errors per estimator. */
  static final class Errors {
    final double[] abs = new double[ESTIMATORS.size()];
    final double[] rel = new double[ESTIMATORS.size()];
    long n;

    void add(double truth, double... estimates) {
      for (int i = 0; i < estimates.length; i++) {
        abs[i] += Math.abs(estimates[i] - truth);
        rel[i] += Math.abs(estimates[i] - truth) / truth;
      }
      n++;
    }

    DepthError result(String key) {
      double[] a = new double[abs.length];
      double[] r = new double[rel.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = abs[i] / n;
        r[i] = rel[i] / n;
      }
      return new DepthError(key, n, a, r);
    }
  }

  static String distanceBin(long ticks) {
    return ticks <= 3 ? Long.toString(Math.max(ticks, 1)) : ticks <= 5 ? "4-5" : ticks <= 10 ? "6-10" : "11+";
  }

  /**
   * Compares cumulative depth at the end of each bucket, on both sides and the buckets the estimate covers:
   * the estimate and the three baselines, per level and per distance (in cent ticks) of the level from the
   * touch. The mean-touch baseline averages the touch sizes at the bucket ends of the last {@code minutes}.
   */
  static DepthScore scoreDepth(LobsterFile f, Map<String, Double> estimate, int minutes) {
    int levels = f.levels;
    java.util.TreeMap<Long, Long> askSeen = new java.util.TreeMap<>();
    java.util.TreeMap<Long, Long> bidSeen = new java.util.TreeMap<>();
    Map<String, java.util.ArrayDeque<long[]>> recent = Map.of("A", new java.util.ArrayDeque<>(), "B",
        new java.util.ArrayDeque<>());
    Map<String, long[]> recentSum = Map.of("A", new long[2], "B", new long[2]);
    Errors[] byLevel = new Errors[levels + 1];
    Map<String, Errors> byDistance = new LinkedHashMap<>();
    for (int level = 2; level <= levels; level++) {
      byLevel[level] = new Errors();
    }
    DISTANCES.forEach(d -> byDistance.put(d, new Errors()));
    long snapshots = 0;
    List<LobsterFile.Event> ev = f.events;
    for (int k = 0; k < ev.size(); k++) {
      LobsterFile.Event e = ev.get(k);
      if (!LobsterFile.empty(e.askPrice()[0])) {
        askSeen.put(e.askPrice()[0], e.askSize()[0]);
      }
      if (!LobsterFile.empty(e.bidPrice()[0])) {
        bidSeen.put(e.bidPrice()[0], e.bidSize()[0]);
      }
      long bucket = Math.floorDiv(e.tsMicros(), 1_000_000L * BUCKET_SECONDS);
      boolean last = k + 1 == ev.size()
          || Math.floorDiv(ev.get(k + 1).tsMicros(), 1_000_000L * BUCKET_SECONDS) != bucket;
      if (!last) {
        continue;
      }
      boolean any = false;
      for (String side : new String[] {"A", "B"}) {
        boolean ask = side.equals("A");
        long[] prices = ask ? e.askPrice() : e.bidPrice();
        long[] sizes = ask ? e.askSize() : e.bidSize();
        if (LobsterFile.empty(prices[0])) {
          continue;
        }
        java.util.ArrayDeque<long[]> window = recent.get(side);
        long[] sum = recentSum.get(side);
        window.addLast(new long[] {bucket, sizes[0]});
        sum[0] += sizes[0];
        sum[1]++;
        while (window.peekFirst()[0] <= bucket - minutes * 60L / BUCKET_SECONDS) {
          long[] old = window.pollFirst();
          sum[0] -= old[1];
          sum[1]--;
        }
        double meanTouch = sum[0] / (double) sum[1];
        List<Long> remembered = new ArrayList<>();
        for (long s : (ask ? askSeen.tailMap(prices[0], false) : bidSeen.headMap(prices[0], false)
            .descendingMap()).values()) {
          remembered.add(s);
          if (remembered.size() >= levels) {
            break;
          }
        }
        double trueCum = 0;
        double lastSeenCum = 0;
        for (int level = 1; level <= levels; level++) {
          if (LobsterFile.empty(prices[level - 1])) {
            break;
          }
          trueCum += sizes[level - 1];
          lastSeenCum += level == 1 ? sizes[0]
              : level - 2 < remembered.size() ? remembered.get(level - 2) : sizes[0];
          if (level == 1) {
            continue;
          }
          Double est = estimate.get(bucket + side + level);
          if (est == null || trueCum <= 0) {
            continue;
          }
          any = true;
          double[] estimates = {est, (double) level * sizes[0], lastSeenCum, sizes[0] + (level - 1) * meanTouch};
          byLevel[level].add(trueCum, estimates);
          long ticks = Math.abs(prices[level - 1] - prices[0]) / 100;
          byDistance.get(distanceBin(ticks)).add(trueCum, estimates);
        }
      }
      if (any) {
        snapshots++;
      }
    }
    List<DepthError> levelsOut = new ArrayList<>();
    for (int level = 2; level <= levels; level++) {
      if (byLevel[level].n > 0) {
        levelsOut.add(byLevel[level].result(Integer.toString(level)));
      }
    }
    List<DepthError> distancesOut = new ArrayList<>();
    byDistance.forEach((key, err) -> {
      if (err.n > 0) {
        distancesOut.add(err.result(key));
      }
    });
    return new DepthScore(levelsOut, distancesOut, snapshots);
  }

  private static Double price(long p) {
    return LobsterFile.empty(p) ? null : p / 10_000.0;
  }

  private static Long size(long p, long s) {
    return LobsterFile.empty(p) ? null : s;
  }

  private static Timestamp timestamp(long micros) {
    return Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1000L));
  }
}
