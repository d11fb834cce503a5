package io.l2lake.generate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import io.l2lake.quality.IntegrityStage;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's truth is consistent with what it writes, and ingest reads it all. */
class GeneratorTest {
  @TempDir static Path dir;
  static Path lake;
  static GenerateJob.Result generated;

  @BeforeAll
  static void generateAndIngest() {
    lake = dir.resolve("lake");
    SparkSession spark = SparkTestSession.get();
    MarketPlan.Options o = new MarketPlan.Options(7, 3, 3, LocalDate.of(2025, 3, 3), 0.3,
        MarketPlan.FaultRates.none(), 10, 5);
    generated = GenerateJob.run(spark, new Lake(spark, lake.toString()), lake.resolve("raw").toString(), o,
        RunContext.create());
    TestLakes.ingest(lake, lake.resolve("raw"), false);
  }

  @Test
  void theTrueBookIsNeverCrossed() {
    Dataset<Row> book = TestLakes.table(lake, TableId.TRUTH_BOOK).filter("level = 1");
    Dataset<Row> bid = book.filter("side = 'B'").select(col("symbol"), col("ts"), col("price").as("bid"));
    Dataset<Row> ask = book.filter("side = 'A'").select(col("symbol"), col("ts"), col("price").as("ask"));
    Dataset<Row> both = bid.join(ask, scala.jdk.javaapi.CollectionConverters.asScala(List.of("symbol", "ts")).toSeq());
    assertTrue(both.count() > 10_000, "snapshots: " + both.count());
    assertEquals(0, both.filter("bid >= ask").count());
  }

  @Test
  void theLevel1StreamIsTheTopOfTheTrueBook() {
    // At every snapshot, the last Level-1 quote at or before it equals the true top of book.
    Dataset<Row> book = TestLakes.table(lake, TableId.TRUTH_BOOK).filter("level = 1");
    Dataset<Row> top = book.groupBy("symbol", "trade_date", "ts").pivot("side", List.of("A", "B"))
        .agg(org.apache.spark.sql.functions.first("price").as("p"), org.apache.spark.sql.functions.first("size").as("s"))
        .filter("ts > trade_date + INTERVAL 9 HOURS + INTERVAL 5 MINUTES"); // after the first quotes of the day
    Dataset<Row> quotes = TestLakes.table(lake, TableId.BRONZE_QUOTES);
    Dataset<Row> asOf = io.l2lake.sync.AsOfQuotes.join(
        top.withColumn("seq", org.apache.spark.sql.functions.lit(Long.MAX_VALUE)), quotes, 1e9);
    long n = asOf.count();
    long equal = asOf.filter("A_p = quote_ask AND B_p = quote_bid AND A_s = quote_ask_size AND B_s = quote_bid_size")
        .count();
    assertTrue(n > 1_000, "snapshots compared: " + n);
    assertEquals(n, equal, "snapshots whose L1 top differs from the true book");
  }

  @Test
  void everyLitTradeExecutesAgainstTheBook() {
    Dataset<Row> t = TestLakes.table(lake, TableId.BRONZE_TICKS).filter("feed = 'history'");
    long lit = t.filter("market_center NOT IN (19, 24)").count();
    assertTrue(lit > 1_000);
    // A lit print executes at the touch it takes: the ask (buyer) or the bid (seller) just before it.
    assertEquals(0, t.filter("market_center NOT IN (19, 24) AND price != ask AND price != bid").count());
    // Off-exchange prints are inside the quote.
    assertEquals(0, t.filter("market_center IN (19, 24) AND (price < bid OR price > ask)").count());
    assertEquals(generated.trades(), t.count());
  }

  @Test
  void theDepthFeedReplaysToTheTrueBook() {
    // Replaying one symbol-day's price-level messages rebuilds the true top five levels at every snapshot.
    String day = "symbol = 'SIM001' AND trade_date = DATE'2025-03-04'";
    List<Row> depth = TestLakes.table(lake, TableId.BRONZE_DEPTH).filter(day).orderBy("seq")
        .select("ts", "action", "side", "price", "size").collectAsList();
    List<Row> truth = TestLakes.table(lake, TableId.TRUTH_BOOK).filter(day).orderBy("ts", "side", "level")
        .select("ts", "side", "level", "price", "size").collectAsList();
    assertTrue(depth.size() > 1_000 && truth.size() > 1_000, depth.size() + " / " + truth.size());
    java.util.TreeMap<Double, Long> bids = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    java.util.TreeMap<Double, Long> asks = new java.util.TreeMap<>();
    int next = 0;
    int compared = 0;
    for (int i = 0; i < truth.size(); ) {
      java.sql.Timestamp at = truth.get(i).getTimestamp(0);
      while (next < depth.size() && !depth.get(next).getTimestamp(0).after(at)) {
        Row d = depth.get(next++);
        var side = d.getString(2).equals("B") ? bids : asks;
        if (d.getString(1).equals("level_delete")) {
          side.remove(d.getDouble(3));
        } else {
          side.put(d.getDouble(3), d.getLong(4));
        }
      }
      java.util.List<String> want = new java.util.ArrayList<>();
      for (; i < truth.size() && truth.get(i).getTimestamp(0).equals(at); i++) {
        Row t = truth.get(i);
        want.add(t.getString(1) + t.getInt(2) + "@" + t.getDouble(3) + "x" + t.getLong(4));
      }
      java.util.List<String> got = new java.util.ArrayList<>();
      int k = 1;
      for (var e : asks.entrySet()) {
        got.add("A" + k++ + "@" + e.getKey() + "x" + e.getValue());
      }
      k = 1;
      for (var e : bids.entrySet()) {
        got.add("B" + k++ + "@" + e.getKey() + "x" + e.getValue());
      }
      if (next > 0) {
        assertEquals(want, got, "book at " + at);
        compared++;
      }
    }
    assertTrue(compared > 1_000, "snapshots compared: " + compared);
  }

  @Test
  void episodesArePlanted() {
    List<Row> e = TestLakes.table(lake, TableId.TRUTH_EPISODES).orderBy("symbol").collectAsList();
    assertTrue(e.stream().anyMatch(r -> r.getString(0).equals("SIM000")), "SIM000 has an episode");
  }

  @Test
  void truthDaysAndBuyerMinutesAreWhatTheTapeShows() {
    Dataset<Row> ticks = TestLakes.table(lake, TableId.BRONZE_TICKS).filter("feed = 'history'");
    Dataset<Row> perMinute = ticks.groupBy(col("symbol"), org.apache.spark.sql.functions.date_trunc("minute",
        col("ts")).as("minute")).agg(org.apache.spark.sql.functions.sum("size").as("tape"));
    Dataset<Row> minutes = TestLakes.table(lake, TableId.TRUTH_BUYER_MINUTES);
    long rows = minutes.count();
    assertTrue(rows > 30, "buyer minutes " + rows);
    assertTrue(minutes.filter("buyer_shares > 0").count() > 5, "minutes with buyer executions");
    assertEquals(0, minutes.filter("buyer_shares != lit_shares + off_exchange_shares OR buyer_shares > minute_volume")
        .count());
    Dataset<Row> joined = minutes.join(perMinute, scala.jdk.javaapi.CollectionConverters.asScala(
        List.of("symbol", "minute")).toSeq(), "left");
    assertEquals(0, joined.filter("minute_volume > 0 AND (tape IS NULL OR tape != minute_volume)").count(),
        "minutes whose volume differs from the tape");
    assertEquals(0, joined.filter("minute_volume = 0 AND tape IS NOT NULL").count());

    Dataset<Row> days = TestLakes.table(lake, TableId.TRUTH_DAYS);
    assertEquals(9, days.count());
    Dataset<Row> tapeDays = ticks.groupBy("symbol", "trade_date").agg(org.apache.spark.sql.functions.sum("size")
        .as("tape"));
    assertEquals(0, days.join(tapeDays, scala.jdk.javaapi.CollectionConverters.asScala(List.of("symbol",
        "trade_date")).toSeq()).filter("tape != day_volume").count(), "day volume differs from the tape");
    Dataset<Row> buyerDays = minutes.groupBy("symbol", "trade_date").agg(org.apache.spark.sql.functions.sum(
        "buyer_shares").as("b"));
    assertEquals(0, days.join(buyerDays, scala.jdk.javaapi.CollectionConverters.asScala(List.of("symbol",
        "trade_date")).toSeq(), "left").filter("buyer_shares != coalesce(b, 0) OR buyer_active != (buyer_shares > 0)")
        .count(), "truth.days buyer shares differ from its minutes");
    assertTrue(days.filter("buyer_active AND episode_kind = 'accumulation' AND strength > 0 AND feeds = 'all'")
        .count() >= 1);
    assertEquals(0, days.filter("buyer_active AND (episode_kind IS NULL OR episode_kind != 'accumulation')").count());
    List<Row> e = TestLakes.table(lake, TableId.TRUTH_EPISODES).filter("kind = 'accumulation'")
        .select("strength", "target_shares").collectAsList();
    assertTrue(!e.isEmpty() && e.stream().allMatch(r -> r.getDouble(0) > 0 && r.getLong(1) > 0), e.toString());
  }
}
