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

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.l2lake.bars.OrderFlow;
import io.l2lake.book.PseudoBook;
import io.l2lake.config.L2Config;
import io.l2lake.lake.Schemas;
import io.l2lake.sync.TradeSync;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Scores the synchronisation, classification, order-flow and pseudo-L2 stages on real order books
 * (LOBSTER): the stages run on the Level-1 stream and trades derived from the book, and are compared
 * with what the full book knows.
 * <ul>
 *   <li>Lee-Ready, tick-rule and quote-rule accuracy against the true aggressor side (an unclassified
 *       trade counts as wrong; coverage is reported apart);
 *   <li>OFI: R^2 of 10-second mid-price changes regressed on the interval's order-flow imbalance, one
 *       fit per half hour of the session, and their median;
 *   <li>pseudo-L2: mean absolute error of the estimated cumulative depth through each level (2 and
 *       deeper; level 1 is displayed) against the real book at the end of each bucket, next to two
 *       naive estimates: every level as deep as the touch, and the last size seen at each price when
 *       it was the touch (the k-th remembered price beyond the touch).
 * </ul>
 * Evaluation output is small (per symbol a few thousand bucket rows), so it is collected.
 */
public final class LobsterEvaluation {
  private LobsterEvaluation() {}

  static final int BUCKET_SECONDS = 10;
  static final StructType TRUTH = Schemas.struct(
      Schemas.field("tick_id", DataTypes.LongType, false, "message index"),
      Schemas.field("true_side", DataTypes.IntegerType, false, "true aggressor side"));

  /** Per-symbol results. */
  public record SymbolResult(String symbol, long trades, double leeReady, double tickRule,
      double quoteRule, double leeReadyCoverage, double quoteRuleCoverage, double ofiMedianR2,
      List<Double> ofiR2ByHalfHour, Map<Integer, double[]> depthMae, long bookSnapshots) {}

  public static List<SymbolResult> run(SparkSession spark, Path dir, L2Config config) {
    List<SymbolResult> out = new ArrayList<>();
    for (Path messages : LobsterFile.messageFiles(dir)) {
      out.add(evaluate(spark, LobsterFile.read(messages), config));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no LOBSTER message files (SYMBOL_DATE_start_end_message_N.csv[.gz]) in "
          + dir);
    }
    return out;
  }

  static SymbolResult evaluate(SparkSession spark, LobsterFile f, L2Config config) {
    List<Row> quotes = new ArrayList<>();
    List<Row> ticks = new ArrayList<>();
    List<Row> truth = new ArrayList<>();
    Date day = Date.valueOf(f.date);
    String source = "lobster/" + f.symbol;
    long[] prevTop = null;
    for (int k = 0; k < f.events.size(); k++) {
      LobsterFile.Event e = f.events.get(k);
      Timestamp ts = timestamp(e.tsMicros());
      if ((e.type() == 4 || e.type() == 5) && k > 0) {
        LobsterFile.Event before = f.events.get(k - 1);
        ticks.add(RowFactory.create(f.symbol, day, ts, 2L * k, e.price() / 10_000.0, e.size(), null,
            price(before.bidPrice()[0]), price(before.askPrice()[0]), null, null, (long) k, "C", null,
            CollectionConverters.asScala(List.<String>of()).toSeq(), null, null, "history", false,
            "lobster|" + k, source, (long) k, "lobster"));
        truth.add(RowFactory.create((long) k, -e.direction()));
      }
      long[] top = {e.bidPrice()[0], e.bidSize()[0], e.askPrice()[0], e.askSize()[0]};
      if (prevTop == null || !java.util.Arrays.equals(top, prevTop)) {
        quotes.add(RowFactory.create(f.symbol, day, ts, 2L * k + 1, price(top[0]), size(top[0], top[1]),
            price(top[2]), size(top[2], top[3]), "Q", "ba", "quote_time", source, (long) k, "lobster"));
        prevTop = top;
      }
    }
    Dataset<Row> quoteDf = spark.createDataFrame(quotes, Schemas.QUOTES).cache();
    Dataset<Row> tickDf = spark.createDataFrame(ticks, Schemas.TICKS);
    Dataset<Row> synced = TradeSync.synchronise(tickDf, quoteDf, config.sync()).cache();

    Row c = synced.join(spark.createDataFrame(truth, TRUTH), "tick_id").agg(
        count(lit(1)),
        sum(when(col("side").equalTo(col("true_side")), 1L).otherwise(0L)),
        sum(when(col("tick_side").equalTo(col("true_side")), 1L).otherwise(0L)),
        sum(when(col("quote_side").equalTo(col("true_side")), 1L).otherwise(0L)),
        sum(when(col("side").isNotNull(), 1L).otherwise(0L)),
        sum(when(col("quote_side").isNotNull(), 1L).otherwise(0L))).first();
    long n = c.getLong(0);

    List<Double> r2 = ofiR2(quoteDf, f);
    List<Double> sorted = r2.stream().sorted().toList();
    double median = sorted.isEmpty() ? Double.NaN : sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;

    L2Config.Book bookParams = new L2Config.Book(BUCKET_SECONDS, f.levels, config.book().memorySeconds());
    List<Row> book = PseudoBook.estimate(quoteDf, synced, bookParams)
        .select(col(PseudoBook.BUCKET_TS), col("side"), col("level"), col("est_cum_depth"))
        .collectAsList();
    Map<String, Double> estimate = new HashMap<>();
    for (Row r : book) {
      long bucket = ((Timestamp) r.get(0)).toInstant().getEpochSecond() / BUCKET_SECONDS;
      estimate.put(bucket + r.getString(1) + r.getInt(2), r.isNullAt(3) ? null : r.getDouble(3));
    }
    DepthScore score = scoreDepth(f, estimate);
    synced.unpersist();
    quoteDf.unpersist();
    return new SymbolResult(f.symbol, n, c.getLong(1) / (double) n, c.getLong(2) / (double) n,
        c.getLong(3) / (double) n, c.getLong(4) / (double) n, c.getLong(5) / (double) n, median, r2,
        score.mae(), score.snapshots());
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

  record DepthScore(Map<Integer, double[]> mae, long snapshots) {}

  /**
   * Compares cumulative depth at the end of each bucket: [estimate, touch-size baseline, last-seen
   * baseline] mean absolute errors per level, over both sides and the buckets the estimate covers.
   */
  static DepthScore scoreDepth(LobsterFile f, Map<String, Double> estimate) {
    int levels = f.levels;
    Map<Long, Long> askSeen = new TreeMap<>();
    Map<Long, Long> bidSeen = new TreeMap<>();
    double[][] err = new double[levels + 1][3];
    long[] counts = new long[levels + 1];
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
        List<Long> remembered = new ArrayList<>();
        Map<Long, Long> seen = ask ? askSeen : bidSeen;
        for (Map.Entry<Long, Long> s : (ask ? ((TreeMap<Long, Long>) seen).tailMap(prices[0], false)
            : ((TreeMap<Long, Long>) seen).headMap(prices[0], false).descendingMap()).entrySet()) {
          remembered.add(s.getValue());
          if (remembered.size() >= levels) {
            break;
          }
        }
        double trueCum = 0;
        double lastSeenCum = 0;
        for (int level = 1; level <= levels; level++) {
          trueCum += LobsterFile.empty(prices[level - 1]) ? 0 : sizes[level - 1];
          lastSeenCum += level == 1 ? sizes[0]
              : level - 2 < remembered.size() ? remembered.get(level - 2) : sizes[0];
          if (level == 1) {
            continue;
          }
          Double est = estimate.get(bucket + side + level);
          if (est == null) {
            continue;
          }
          any = true;
          err[level][0] += Math.abs(est - trueCum);
          err[level][1] += Math.abs((double) level * sizes[0] - trueCum);
          err[level][2] += Math.abs(lastSeenCum - trueCum);
          counts[level]++;
        }
      }
      if (any) {
        snapshots++;
      }
    }
    Map<Integer, double[]> mae = new LinkedHashMap<>();
    for (int level = 2; level <= levels; level++) {
      if (counts[level] > 0) {
        mae.put(level, new double[] {err[level][0] / counts[level], err[level][1] / counts[level],
            err[level][2] / counts[level]});
      }
    }
    return new DepthScore(mae, snapshots);
  }

  /**
   * Separators with a space after them, on one line: {@code {"a": 1, "b": [1, 2]}}, the layout this
   * command has always printed.
   */
  private static final class OneLine extends MinimalPrettyPrinter {
    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  }

  private static final ObjectWriter JSON = new ObjectMapper()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writer(new OneLine());

  /**
   * The results as one JSON object: {@code bucket_seconds}, then per symbol its trade count, accuracies,
   * coverages, OFI R^2 (median and per half hour), book snapshots and the cumulative-depth errors per level.
   * Scores have four decimals; a score that could not be computed (NaN) is null.
   */
  public static String toJson(List<SymbolResult> results) {
    Map<String, Object> symbols = new LinkedHashMap<>();
    for (SymbolResult r : results) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("trades", r.trades());
      o.put("lee_ready_accuracy", score(r.leeReady()));
      o.put("tick_rule_accuracy", score(r.tickRule()));
      o.put("quote_rule_accuracy", score(r.quoteRule()));
      o.put("lee_ready_coverage", score(r.leeReadyCoverage()));
      o.put("quote_rule_coverage", score(r.quoteRuleCoverage()));
      o.put("ofi_r2_median", score(r.ofiMedianR2()));
      o.put("ofi_r2_by_half_hour", r.ofiR2ByHalfHour().stream().map(LobsterEvaluation::score).toList());
      o.put("book_snapshots", r.bookSnapshots());
      Map<String, Object> depth = new LinkedHashMap<>();
      r.depthMae().forEach((level, m) -> {
        Map<String, Object> errors = new LinkedHashMap<>();
        errors.put("pseudo_l2", score(m[0]));
        errors.put("touch_size_baseline", score(m[1]));
        errors.put("last_seen_baseline", score(m[2]));
        depth.put(String.valueOf(level), errors);
      });
      o.put("cum_depth_mae_by_level", depth);
      symbols.put(r.symbol(), o);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("bucket_seconds", BUCKET_SECONDS);
    root.put("symbols", symbols);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of numbers and strings always serialise", e);
    }
  }

  /** Four decimals (half up), or null for NaN and infinities. */
  static BigDecimal score(double v) {
    return Double.isFinite(v) ? BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP) : null;
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
