package io.l2lake.book;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.l2lake.lake.Columns;
import io.l2lake.config.L2Config;
import io.l2lake.lake.Schemas;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Builds {@code silver.book}, a pseudo Level-2 book estimated from Level-1 quotes and trades: per
 * symbol, time bucket, side and level (1 = the touch), the level's estimated price and size and the
 * cumulative depth through it, plus the touch's activity in the bucket.
 *
 * <p>What Level 1 reveals about deeper levels: when the touch retreats (the ask moves up, the bid
 * down) the new touch was the level behind it, and its displayed size is a sample of a deeper level's
 * size. The book keeps an exponentially decaying memory (time constant {@code memory-seconds}) of
 * these revealed sizes and of the price gaps between levels; level k &gt;= 2 is estimated at the touch
 * price plus (k-1) remembered gaps, with the remembered level size, so the cumulative depth through
 * level k is the displayed touch size plus (k-1) times that size. Before any level is revealed the
 * touch size stands in. The decayed mean is a ratio of running sums weighted by e^(t/tau) (t from the
 * day's first quote), so it is two window sums: no state, no UDF.
 *
 * <p>Touch activity per bucket: {@code executed} volume traded at the touch by aggressors hitting it,
 * {@code hidden_volume} the part of each such trade beyond the size displayed before it (iceberg or
 * hidden liquidity), {@code refill_volume} the size added back at an unchanged touch price, and
 * {@code refill_rate} that per second.
 *
 * <p>Cost: one sort of quotes and one of trades by symbol-day, one aggregation per bucket of each
 * (the quote buckets also collect the touches seen in them), a join of the two and an explode to
 * levels x sides. An array column that a lambda reads twice is materialised in its own
 * {@code withColumn} first, so that Spark does not evaluate it again for every element.
 */
public final class PseudoBook {
  private PseudoBook() {}

  public static final String BUCKET_TS = Columns.Book.BUCKET_TS;

  public static Dataset<Row> estimate(Dataset<Row> quotes, Dataset<Row> trades, L2Config.Book p) {
    // Ordered by bucket first (a bucket only grows with ts, so this is the (ts, seq) order): the rows then reach
    // the bucket aggregation already grouped, and it streams (spark.sql.execution.replaceHashWithSortAgg)
    // instead of hashing every bucket's list of sightings.
    WindowSpec day = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .orderBy(col(BUCKET_TS), col(Schemas.TS), col(Schemas.SEQ));
    WindowSpec running = day.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    double tau = p.memorySeconds();
    Column bucket = timestamp_seconds(unix_micros(col(Schemas.TS)).divide(1_000_000L)
        .divide(p.bucketSeconds()).cast("long").multiply(p.bucketSeconds()));

    Column bid = col("bid");
    Column ask = col("ask");
    Dataset<Row> q = quotes.withColumn(BUCKET_TS, bucket)
        .withColumn("_pbid", lag(bid, 1).over(day))
        .withColumn("_pask", lag(ask, 1).over(day))
        .withColumn("_pbid_size", lag(col("bid_size"), 1).over(day))
        .withColumn("_pask_size", lag(col("ask_size"), 1).over(day))
        .withColumn("_t0", first(col(Schemas.TS), true).over(running))
        .withColumn("_w", exp(unix_micros(col(Schemas.TS)).minus(unix_micros(col("_t0"))).divide(1e6 * tau)))
        // A retreating touch reveals the level behind it.
        .withColumn("_ask_rev", when(ask.gt(col("_pask")).and(col("_pask").gt(0)), col("ask_size")))
        .withColumn("_ask_gap", when(ask.gt(col("_pask")).and(col("_pask").gt(0)), ask.minus(col("_pask"))))
        .withColumn("_bid_rev", when(bid.lt(col("_pbid")).and(bid.gt(0)), col("bid_size")))
        .withColumn("_bid_gap", when(bid.lt(col("_pbid")).and(bid.gt(0)), col("_pbid").minus(bid)))
        .withColumn("_ask_refill", when(ask.equalTo(col("_pask")).and(col("ask_size").gt(col("_pask_size"))),
            col("ask_size").minus(col("_pask_size"))).otherwise(lit(0L)))
        .withColumn("_bid_refill", when(bid.equalTo(col("_pbid")).and(col("bid_size").gt(col("_pbid_size"))),
            col("bid_size").minus(col("_pbid_size"))).otherwise(lit(0L)));
    for (String s : List.of("ask", "bid")) {
      // Level sizes are heavy-tailed: the decayed mean of their logarithm (a geometric mean) is
      // closer to a typical level than the mean.
      q = q.withColumn("_" + s + "_level_size", exp(decayed(
              org.apache.spark.sql.functions.log(greatest(col("_" + s + "_rev"), lit(1L)).cast("double"))
                  .multiply(when(col("_" + s + "_rev").isNotNull(), lit(1.0))), running)))
          .withColumn("_" + s + "_level_gap", decayed(col("_" + s + "_gap"), running));
    }
    q = q.withColumn("_ord", row_number().over(day));
    Dataset<Row> quoteBuckets = q.groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE, BUCKET_TS).agg(
        max_by(bid, col("_ord")).as("bid"),
        max_by(ask, col("_ord")).as("ask"),
        max_by(col("bid_size"), col("_ord")).as("bid_size"),
        max_by(col("ask_size"), col("_ord")).as("ask_size"),
        max_by(col("_bid_level_size"), col("_ord")).as("bid_level_size"),
        max_by(col("_ask_level_size"), col("_ord")).as("ask_level_size"),
        max_by(col("_bid_level_gap"), col("_ord")).as("bid_level_gap"),
        max_by(col("_ask_level_gap"), col("_ord")).as("ask_level_gap"),
        sum(col("_bid_refill")).as("bid_refill_volume"),
        sum(col("_ask_refill")).as("ask_refill_volume"),
        org.apache.spark.sql.functions.collect_list(sighting("ask")).as("_ask_sightings"),
        org.apache.spark.sql.functions.collect_list(sighting("bid")).as("_bid_sightings"));

    // The touches seen in each bucket, the last size per price: the book's memory of levels. The
    // sightings are collected by the bucket aggregation above (one pass over the quote windows);
    // sorted by price, then latest first, the first element of each price is its last sighting. The
    // sort reads the list more than once (a list of 0 or 1 is kept as it is), so Spark keeps it in
    // a projection of its own instead of folding it into the aggregation: the GPU sorts no arrays
    // of structs, and folded in, it would move the whole aggregation to the CPU.
    for (String s : List.of("ask", "bid")) {
      Column byPrice = col("_" + s + "_by_price");
      Column sightings = col("_" + s + "_sightings");
      quoteBuckets = quoteBuckets
          .withColumn("_" + s + "_by_price", when(org.apache.spark.sql.functions.size(sightings).gt(1),
              org.apache.spark.sql.functions.array_sort(sightings)).otherwise(sightings))
          .withColumn(s + "_seen", org.apache.spark.sql.functions.transform(firstPerKey(byPrice, "price"),
              x -> org.apache.spark.sql.functions.struct(x.getField("price").as("price"),
                  x.getField("size").as("size"), x.getField("seen_us").as("seen_us"))))
          .drop("_" + s + "_sightings", "_" + s + "_by_price");
    }
    WindowSpec memory = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .orderBy(unix_micros(col(BUCKET_TS)).divide(1_000_000L).cast("long"))
        .rangeBetween(-3L * p.memorySeconds(), 0);
    for (String s : List.of("ask", "bid")) {
      boolean askSide = s.equals("ask");
      Column touch = col(s);
      Column remembered = org.apache.spark.sql.functions.flatten(
          org.apache.spark.sql.functions.collect_list(col(s + "_seen")).over(memory));
      // Beyond the touch, nearest price first (bid prices negated), the latest sighting first.
      Column sorted = org.apache.spark.sql.functions.array_sort(org.apache.spark.sql.functions.transform(
          org.apache.spark.sql.functions.filter(remembered, x -> askSide ? x.getField("price").gt(touch)
              : x.getField("price").lt(touch)),
          x -> org.apache.spark.sql.functions.struct(
              (askSide ? x.getField("price") : x.getField("price").multiply(-1)).as("key"),
              x.getField("seen_us").multiply(-1).as("recency"), x.getField("price").as("price"),
              x.getField("size").as("size"), x.getField("seen_us").as("seen_us"))));
      quoteBuckets = quoteBuckets.withColumn("_" + s + "_sorted", sorted)
          .withColumn(s + "_memory", firstPerKey(col("_" + s + "_sorted"), "key"))
          .drop("_" + s + "_sorted", s + "_seen");
    }

    Column atAsk = col("side").equalTo(1).and(col("ask").isNotNull()).and(col("price").geq(col("ask")));
    Column atBid = col("side").equalTo(-1).and(col("bid").isNotNull()).and(col("price").leq(col("bid")));
    Dataset<Row> tradeBuckets = trades.withColumn(BUCKET_TS, bucket)
        .groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE, BUCKET_TS).agg(
            sum(when(atAsk, col("size")).otherwise(0L)).as("ask_executed"),
            sum(when(atBid, col("size")).otherwise(0L)).as("bid_executed"),
            sum(when(atAsk.and(col("ask_size").isNotNull()),
                greatest(col("size").minus(col("ask_size")), lit(0L))).otherwise(0L)).as("ask_hidden_volume"),
            sum(when(atBid.and(col("bid_size").isNotNull()),
                greatest(col("size").minus(col("bid_size")), lit(0L))).otherwise(0L)).as("bid_hidden_volume"));

    Dataset<Row> buckets = quoteBuckets.join(tradeBuckets, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE, BUCKET_TS), "left");
    Dataset<Row> sides = buckets.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col(BUCKET_TS),
        explode(org.apache.spark.sql.functions.array(side(true, p), side(false, p))).as("s"))
        .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col(BUCKET_TS), col("s.*"));
    Column touchSize = col("touch_size").cast("double");
    Column typical = coalesce(col("level_size"), touchSize);
    Column k = col("level");
    // Level k >= 2: the (k-1)-th remembered price beyond the touch, its last size pulled towards the
    // typical level size as the sighting ages; without one, the touch plus (k-1) typical gaps.
    Column entry = org.apache.spark.sql.functions.get(col("memory"), k.minus(2));
    Column bucketEndUs = unix_micros(col(BUCKET_TS)).plus(p.bucketSeconds() * 1_000_000L);
    Column weight = exp(bucketEndUs.minus(entry.getField("seen_us")).divide(-1e6 * tau));
    Column remembered = entry.getField("size").cast("double").multiply(weight)
        .plus(lit(1.0).minus(weight).multiply(typical));
    WindowSpec down = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE, BUCKET_TS, "side")
        .orderBy("level").rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return sides
        .withColumn("level", explode(sequence(lit(1), lit(p.levels()))))
        .withColumn("est_price", when(k.equalTo(1), col("touch_price"))
            .when(entry.isNotNull(), entry.getField("price"))
            .otherwise(col("touch_price").plus(col("direction").multiply(k.minus(1)).multiply(col("level_gap")))))
        .withColumn("est_size", when(k.equalTo(1), touchSize).when(entry.isNotNull(), remembered)
            .otherwise(typical))
        .withColumn("est_source", when(k.equalTo(1), lit("displayed")).when(entry.isNotNull(), lit("memory"))
            .when(col("level_size").isNotNull(), lit("typical")).otherwise(lit("touch")))
        .withColumn("est_cum_depth", sum(col("est_size")).over(down))
        .withColumn("refill_rate", col("refill_volume").divide(p.bucketSeconds()))
        .withColumn("sizes_source", when(col("touch_size").isNotNull(), lit("displayed")))
        .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col(BUCKET_TS), col("side"), col("level"),
            col("est_price"), col("est_size"), col("est_cum_depth"), col("est_source"), col("touch_price"),
            col("touch_size"), col("level_size").as("typical_level_size"), col("level_gap").as("typical_level_gap"),
            coalesce(col("executed"), lit(0L)).as("executed"),
            coalesce(col("hidden_volume"), lit(0L)).as("hidden_volume"), col("refill_volume"),
            col("refill_rate"), col("sizes_source"));
  }

  /**
   * The Level-1 quotes plus, for symbol-days that have none, the quotes carried by their trades
   * (history ticks carry the top of book but no sizes): such days get touch prices, executed volume
   * and level prices, with sizes unknown ({@code sizes_source} null).
   */
  public static Dataset<Row> withTickQuotes(Dataset<Row> quotes, Dataset<Row> trades) {
    Dataset<Row> quoted = quotes.select(Schemas.SYMBOL, Schemas.TRADE_DATE).distinct();
    Dataset<Row> fromTicks = trades.filter(col("tick_bid").gt(0).or(col("tick_ask").gt(0)))
        .join(quoted, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left_anti")
        .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col(Schemas.TS), col(Schemas.SEQ),
            when(col("tick_bid").gt(0), col("tick_bid")).as("bid"), lit(null).cast("long").as("bid_size"),
            when(col("tick_ask").gt(0), col("tick_ask")).as("ask"), lit(null).cast("long").as("ask_size"));
    return quotes.select(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.TS, Schemas.SEQ, "bid", "bid_size",
        "ask", "ask_size").unionByName(fromTicks);
  }

  /**
   * A quote's touch on one side as a sighting of that price level (null without a price or size):
   * price, then the quote's order in the day negated, so that sorting puts the latest first.
   */
  private static Column sighting(String s) {
    return when(col(s).gt(0).and(col(s + "_size").isNotNull()), org.apache.spark.sql.functions.struct(
        col(s).as("price"), col("_ord").multiply(-1).as("recency"), col(s + "_size").as("size"),
        unix_micros(col(Schemas.TS)).as("seen_us")));
  }

  /**
   * The elements of {@code sorted} (an array column of structs sorted by {@code key} first) that
   * differ in {@code key} from the element before them: the first of each key. {@code sorted} must be
   * a column of its own (the lambda reads it again for every element).
   */
  private static Column firstPerKey(Column sorted, String key) {
    return org.apache.spark.sql.functions.filter(sorted, (x, i) -> coalesce(
        org.apache.spark.sql.functions.get(sorted, i.minus(1)).getField(key).notEqual(x.getField(key)), lit(true)));
  }

  /** The exponentially decayed mean of the non-null values so far (null before the first). */
  private static Column decayed(Column x, WindowSpec running) {
    Column w = col("_w");
    return sum(when(x.isNotNull(), x.multiply(w))).over(running)
        .divide(sum(when(x.isNotNull(), w)).over(running));
  }

  private static Column side(boolean ask, L2Config.Book p) {
    String s = ask ? "ask" : "bid";
    return org.apache.spark.sql.functions.struct(
        lit(ask ? "A" : "B").as("side"),
        lit(ask ? 1 : -1).as("direction"),
        col(s).as("touch_price"),
        col(s + "_size").as("touch_size"),
        col(s + "_level_size").as("level_size"),
        col(s + "_level_gap").as("level_gap"),
        col(s + "_memory").as("memory"),
        col(s + "_executed").as("executed"),
        col(s + "_hidden_volume").as("hidden_volume"),
        col(s + "_refill_volume").as("refill_volume"));
  }
}
