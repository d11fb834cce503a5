package io.l2lake.lobster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.L2Config;
import io.l2lake.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The evaluation on the real GOOG and AMZN order books, and its pieces on a hand-made LOBSTER file. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LobsterEvaluationTest {
  /**
   * A LOBSTER file of one level: quote changes at 1.000 s, 1.010 s and 1.030 s, a hidden execution at 1.020 s
   * (a sell order hit: a buyer) and a visible one at 1.030 s, on the book of its own message.
   */
  static LobsterFile tiny() throws IOException {
    Path dir = Path.of("target", "lobster-tiny");
    Files.createDirectories(dir);
    Path messages = dir.resolve("XYZ_2012-06-21_34200000_57600000_message_1.csv");
    Files.writeString(messages, String.join("\n",
        "34200.000000000,1,1,100,1000100,-1",
        "34200.010000000,1,2,50,999900,1",
        "34200.020000000,5,3,10,1000000,-1",
        "34200.030000000,4,1,100,1000100,-1",
        "34200.030000000,1,4,70,1000200,-1") + "\n");
    Files.writeString(dir.resolve("XYZ_2012-06-21_34200000_57600000_orderbook_1.csv"), String.join("\n",
        "1000100,100,-9999999999,0",
        "1000100,100,999900,50",
        "1000100,100,999900,50",
        "9999999999,0,999900,50",
        "1000200,70,999900,50") + "\n");
    return LobsterFile.read(messages);
  }

  /** With a delay, each trade carries the quote the late stream shows at it; the quotes move by the delay. */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aDelayedStreamShowsTheTradesAnOlderQuote() throws IOException {
    LobsterFile f = tiny();
    List<String> got = new ArrayList<>();
    for (int delay : List.of(0, 15)) {
      LobsterEvaluation.Frames fr = LobsterEvaluation.frames(SparkTestSession.get(), f, delay, 0, 1, true);
      for (Row r : fr.ticks().orderBy("seq").select("tick_id", "bid", "ask").collectAsList()) {
        got.add(delay + ":" + r.get(0) + ":" + r.get(1) + "/" + r.get(2));
      }
      got.add(delay + ":quotes:" + fr.quotes().orderBy("ts").selectExpr("date_format(ts, 'ss.SSS')")
          .collectAsList().stream().map(r -> r.getString(0)).toList());
    }
    assertEquals(List.of("0:2:99.99/100.01", "0:3:99.99/100.01", "0:quotes:[00.000, 00.010, 00.030, 00.030]",
        "15:2:null/100.01", "15:3:99.99/100.01", "15:quotes:[00.015, 00.025, 00.045, 00.045]"), got);
    LobsterEvaluation.Frames ticks = LobsterEvaluation.frames(SparkTestSession.get(), f, 0, 0, 1, false);
    assertEquals(0, ticks.quotes().count());
  }

  /** The memory is the grid value best on the other files, never on the file scored. */
  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void theMemoryIsChosenOnTheOtherFile() throws IOException {
    LobsterFile f = tiny();
    LobsterEvaluation.DepthError good = new LobsterEvaluation.DepthError("2", 1, new double[4],
        new double[] {0.1, 0, 0, 0});
    LobsterEvaluation.DepthError bad = new LobsterEvaluation.DepthError("2", 1, new double[4],
        new double[] {0.5, 0, 0, 0});
    Map<Integer, LobsterEvaluation.DepthScore> a = new java.util.LinkedHashMap<>();
    a.put(120, new LobsterEvaluation.DepthScore(List.of(good), List.of(), 1));
    a.put(300, new LobsterEvaluation.DepthScore(List.of(bad), List.of(), 1));
    Map<Integer, LobsterEvaluation.DepthScore> b = new java.util.LinkedHashMap<>();
    b.put(120, new LobsterEvaluation.DepthScore(List.of(bad), List.of(), 1));
    b.put(300, new LobsterEvaluation.DepthScore(List.of(good), List.of(), 1));
    LobsterEvaluation.Fit onB = LobsterEvaluation.fit(List.of(f, f), List.of(a, b), 0, 300);
    assertEquals(300, onB.memorySeconds());
    assertEquals(Map.of(120, 0.5, 300, 0.1), onB.scoreOnFitted());
    assertEquals(Map.of(120, 0.1, 300, 0.5), onB.scoreOnThis());
    assertEquals(List.of("XYZ 2012-06-21"), onB.fittedOn());
    LobsterEvaluation.Fit alone = LobsterEvaluation.fit(List.of(f), List.of(a), 0, 300);
    assertEquals(300, alone.memorySeconds());
    assertTrue(alone.fittedOn().isEmpty());
  }

  /** The ticks-only touch estimate's errors, by hand. */
  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void touchEstimateErrors() {
    LobsterEvaluation.TouchEstimate t = LobsterEvaluation.touchEstimate(List.of(new double[] {50, 100},
        new double[] {300, 200}, new double[] {100, 100}));
    assertEquals(3, t.n());
    assertEquals(400 / 3.0, t.meanTrue(), 1e-9);
    assertEquals(50, t.mae(), 1e-9);
    assertEquals(1.0 / 3, t.relative(), 1e-9);
    assertEquals(1.0, t.medianRatio(), 1e-9);
  }

  /** On the shared files, two delays, both feeds and a small grid: the figures the README states hold. */
  @Test
  void scoresTheRealOrderBooks() {
    LobsterEvaluation.Options o = new LobsterEvaluation.Options(List.of(0, 50), 0, 1, List.of("l1", "ticks"),
        List.of(120), 5);
    LobsterEvaluation.Result r = LobsterEvaluation.run(SparkTestSession.get(),
        SparkTestSession.sharedData().resolve("lobster"), L2Config.load(null, Map.of()), o);
    assertEquals(List.of("AMZN", "GOOG"), r.symbols().stream().map(LobsterEvaluation.SymbolResult::symbol).toList());
    assertEquals(2 * 2 * 2 * 3, r.sides().size());
    for (LobsterEvaluation.Sides s : r.sides()) {
      assertTrue(s.n() > (s.trades().equals("hidden") ? 2_000 : 7_000), s.toString());
      assertTrue(s.accuracy().get("sweep") >= s.accuracy().get("lee_ready") - 0.005, s.toString());
      assertTrue(s.accuracy().get("lee_ready") >= (s.trades().equals("hidden") ? 0.85 : 0.90), s.toString());
    }
    for (LobsterEvaluation.SymbolResult s : r.symbols()) {
      assertTrue(s.trades() > 10_000 && s.hidden() > 2_000, s.symbol() + " trades " + s.trades());
      assertTrue(s.ofiMedianR2() >= 0.40, s.symbol() + " OFI R2 " + s.ofiMedianR2());
      assertEquals(List.of(s.symbol().equals("AMZN") ? "GOOG 2012-06-21" : "AMZN 2012-06-21"), s.fit().fittedOn());
      assertTrue(s.byLevel().size() >= 4, s.symbol() + " levels " + s.byLevel());
      for (LobsterEvaluation.DepthError d : s.byLevel()) {
        assertTrue(d.mae()[0] < d.mae()[1] && d.mae()[0] < d.mae()[2], s.symbol() + " level " + d.key());
      }
      LobsterEvaluation.TouchSizes t = s.ticksOnlyTouch();
      assertTrue(t.perMinute().n() > 500 && t.perTrade().n() > 500, t.toString());
      assertTrue(t.perTrade().mae() < t.perMinute().mae(), t.toString());
    }
    String json = LobsterReport.toJson(r);
    assertTrue(json.startsWith("{\"bucket_seconds\": 10, \"options\": {\"quote_delay_ms\": [0, 50], "), json);
    String md = LobsterReport.toMarkdown(r);
    assertTrue(md.contains("| AMZN | ticks | 50 | hidden |"), md);
  }
}
