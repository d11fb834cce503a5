package io.l2lake.generate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.bars.MinuteBars;
import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import io.l2lake.sync.TradeSync;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated market has the stylised facts of penny stocks, within the ranges documented in the
 * README: heavy-tailed one-minute returns, volatility clustering, spreads of 1-5%, 30-50% of volume
 * off-exchange and a U-shaped intraday volume profile.
 */
class StylizedFactsTest {
  @TempDir Path dir;

  @Test
  void stylisedFactsHold() {
    Path lake = dir.resolve("lake");
    SparkSession spark = SparkTestSession.get();
    MarketPlan.Options o = new MarketPlan.Options(3, 2, 2, LocalDate.of(2025, 6, 2), 0.4,
        MarketPlan.FaultRates.none(), 600, 1);
    GenerateJob.run(spark, new Lake(spark, lake.toString()), lake.resolve("raw").toString(), o, RunContext.create());
    TestLakes.ingest(lake, lake.resolve("raw"), false);
    Dataset<Row> ticks = TestLakes.table(lake, TableId.BRONZE_TICKS).filter("feed = 'history'");
    Dataset<Row> quotes = TestLakes.table(lake, TableId.BRONZE_QUOTES);
    Dataset<Row> trades = TradeSync.synchronise(ticks, quotes, L2Config.load(null, Map.of()).sync());
    Dataset<Row> bars = MinuteBars.build(trades, quotes).filter("volume > 0").cache();
    bars.createOrReplaceTempView("sim_bars");
    trades.createOrReplaceTempView("sim_trades");
    quotes.createOrReplaceTempView("sim_quotes");

    Row r = spark.sql("""
        WITH r AS (
          SELECT symbol, trade_date, bar_ts,
                 ln(close / lag(close) OVER (PARTITION BY symbol, trade_date ORDER BY bar_ts)) AS ret
          FROM sim_bars
          WHERE hour(from_utc_timestamp(bar_ts, 'America/New_York')) BETWEEN 10 AND 15),
        a AS (
          SELECT abs(ret) AS a, lag(abs(ret)) OVER (PARTITION BY symbol, trade_date ORDER BY bar_ts) AS a1, ret
          FROM r WHERE ret IS NOT NULL)
        SELECT kurtosis(ret) AS excess_kurtosis, corr(a, a1) AS abs_autocorr FROM a""").first();
    double kurtosis = r.getDouble(0);
    double clustering = r.getDouble(1);
    assertTrue(kurtosis > 1.0, "heavy tails: excess kurtosis of 1-minute returns " + kurtosis);
    assertTrue(clustering > 0.05, "volatility clustering: autocorrelation of |r| " + clustering);

    double spread = spark.sql("""
        SELECT percentile_approx((ask - bid) / ((ask + bid) / 2), 0.5) FROM sim_quotes
        WHERE bid > 0 AND ask > bid""").first().getDouble(0);
    assertTrue(spread >= 0.01 && spread <= 0.05, "median relative spread " + spread);

    double offExchange = spark.sql("""
        SELECT sum(CASE WHEN off_exchange THEN size ELSE 0 END) / sum(size) FROM sim_trades""").first().getDouble(0);
    assertTrue(offExchange >= 0.30 && offExchange <= 0.50, "off-exchange share " + offExchange);

    Row u = spark.sql("""
        WITH m AS (SELECT (hour(e) * 60 + minute(e)) AS minute_of_day, volume
                   FROM (SELECT from_utc_timestamp(bar_ts, 'America/New_York') AS e, volume FROM sim_bars))
        SELECT avg(CASE WHEN minute_of_day < 600 THEN volume END) AS first_half_hour,
               avg(CASE WHEN minute_of_day BETWEEN 720 AND 839 THEN volume END) AS midday,
               avg(CASE WHEN minute_of_day >= 930 AND minute_of_day < 960 THEN volume END) AS last_half_hour
        FROM m WHERE minute_of_day >= 570 AND minute_of_day < 960""").first();
    assertTrue(u.getDouble(0) > 1.5 * u.getDouble(1) && u.getDouble(2) > 1.5 * u.getDouble(1),
        "U-shaped volume per minute: open " + u.getDouble(0) + ", midday " + u.getDouble(1) + ", close "
            + u.getDouble(2));
    System.out.printf("stylised facts: excess kurtosis %.2f, |r| autocorrelation %.3f, median spread %.4f,"
        + " off-exchange %.3f, volume per minute open/midday/close %.0f/%.0f/%.0f%n", kurtosis, clustering, spread,
        offExchange, u.getDouble(0), u.getDouble(1), u.getDouble(2));
  }
}
