package io.l2lake.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.Strategy;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Each signal and exit on hand-built bars: a sequence where it must fire, with its exact score, and
 * near misses (one condition just broken) where it must not. Defaults of conf/strategy.conf, except the
 * dark-pool z and the sinkhole's multiple and depth ratio, pinned at the values the sequences were built for.
 */
class SignalRulesTest {
  /** The defaults, with the dark-pool and sinkhole thresholds the sequences below were built around. */
  private static final Strategy S = Strategy.load(null, java.util.Map.of("strategy.darkpool.z-min", "2.0",
      "strategy.sinkhole.absorb-multiple", "2.0", "strategy.sinkhole.ask-depth-ratio-max", "0.9"));
  private static final double EPS = 1e-9;

  /** The last bar of the scored sequence. */
  private static Row last(SignalBars bars) {
    List<Row> rows = ExitSignals.score(StealthSignals.score(bars.frame(), S.signals()), S.exits(),
        S.signals().trigger()).orderBy("bar_ts").collectAsList();
    return rows.get(rows.size() - 1);
  }

  private static double score(Row r, String signal) {
    return r.getDouble(r.fieldIndex(signal + "_score"));
  }

  private static boolean fires(Row r, String flag) {
    return r.getBoolean(r.fieldIndex(flag));
  }

  // Absorption: 60 bars = 4 windows of 15, sellers take 60% at twice the baseline, the bid holds and
  // is refilled one for one.
  private static SignalBars absorbing() {
    return SignalBars.of(60).lng("sell_volume", 600).lng("buy_volume", 400).num("base_sell", 300.0)
        .lng("bid_executed", 100).lng("bid_refill", 100).num("bid", 1.00).num("bid_low", 1.00);
  }

  @Test
  void absorptionFiresWhenSellersAreAbsorbedAtAHoldingBid() {
    Row r = last(absorbing());
    // share 0.6 -> 0.75; sell 2x baseline -> 0.5 + 0.5 x 0.5/1.5; bid held -> 1; refill 1.0 -> 1;
    // persistence 4/4 -> 1.
    assertEquals(0.5 + 0.5 * 0.5 / 1.5, score(r, "absorption"), EPS);
    assertTrue(fires(r, "absorption_fires"));
  }

  @Test
  void absorptionNearMisses() {
    // The last window's sell share is 0.54 (the three before it qualified: persistence 3/4).
    Row share = last(absorbing().lng("sell_volume", i -> i >= 45 ? 540L : 600L)
        .lng("buy_volume", i -> i >= 45 ? 460L : 400L));
    assertEquals(0.5 - 0.5 * 0.01 / 0.10, score(share, "absorption"), EPS);
    assertFalse(fires(share, "absorption_fires"));
    // The bid gives way two ticks inside the last window.
    Row bid = last(absorbing().num("bid_low", i -> i == 55 ? 0.98 : 1.00));
    assertEquals(0.0, score(bid, "absorption"), EPS);
    assertFalse(fires(bid, "absorption_fires"));
    // Only the last window qualifies: persistence 1/4.
    Row once = last(absorbing().lng("sell_volume", i -> i >= 45 ? 600L : 400L)
        .lng("buy_volume", i -> i >= 45 ? 400L : 600L));
    assertEquals(0.25, score(once, "absorption"), EPS);
    assertFalse(fires(once, "absorption_fires"));
    // No refill of a displayed bid.
    Row noRefill = last(absorbing().lng("bid_refill", 0));
    assertEquals(0.0, score(noRefill, "absorption"), EPS);
    // Without displayed sizes the refill cannot be seen and is not required.
    Row estimated = last(absorbing().lng("bid_refill", 0)
        .set("sizes_source", org.apache.spark.sql.types.DataTypes.StringType, i -> "estimated"));
    assertTrue(fires(estimated, "absorption_fires"));
  }

  // Creep: log VWAP rises 0.001 a bar in a straight line, bars 0.002 wide, quiet volume.
  private static SignalBars creeping() {
    return SignalBars.of(31).num("vwap", i -> Math.exp(0.001 * i)).num("close", i -> Math.exp(0.001 * i))
        .num("high", i -> Math.exp(0.001 * i) + 0.001).num("low", i -> Math.exp(0.001 * i) - 0.001)
        .num("ret", i -> i == 0 ? null : 0.001).num("base_atr", 0.004).lng("volume", 1000);
  }

  @Test
  void creepFiresOnASteadyQuietClimb() {
    Row r = last(creeping());
    // R^2 = 1 -> 1; pullback 0.002 = 0.5 ATR -> 0.5 + 0.5 x 1/1.5; one bar = 1/30 of the move -> 1;
    // volume at baseline -> 1.
    assertEquals(0.5 + 0.5 / 1.5, score(r, "creep"), 1e-6);
    assertTrue(fires(r, "creep_fires"));
  }

  @Test
  void creepNearMisses() {
    Row noisy = last(creeping().num("vwap", i -> Math.exp(0.001 * i + (i % 2 == 0 ? 0.01 : -0.01))));
    assertFalse(fires(noisy, "creep_fires"), "R^2 far below 0.6");
    Row loud = last(creeping().lng("volume", 2500));
    assertEquals(0.25, score(loud, "creep"), EPS); // volume 2.5x baseline
    assertFalse(fires(loud, "creep_fires"));
    Row down = last(creeping().num("vwap", i -> Math.exp(-0.001 * i)));
    assertEquals(0.0, score(down, "creep"), EPS);
  }

  // Dark pool: 60% of volume off-exchange against a 30% +- 10% baseline, 80% of it at or above the mid.
  private static SignalBars dark() {
    return SignalBars.of(30).lng("off_exchange_volume", 600).lng("off_exchange_above_mid_volume", 480);
  }

  @Test
  void darkPoolFiresOnUnusualOffExchangeBuying() {
    Row r = last(dark());
    assertEquals(0.75, score(r, "darkpool"), EPS); // z = 3 -> 0.75; above-mid 0.8 -> 1
    assertTrue(fires(r, "darkpool_fires"));
    Row blocks = last(dark().lng("off_exchange_block_volume", 300));
    assertEquals(0.75 * 1.25, score(blocks, "darkpool"), EPS); // block share 0.5 x weight 0.5
  }

  @Test
  void darkPoolNearMisses() {
    // Half of it is sub-penny internalised retail flow: share 0.3, z = 0.
    Row retail = last(dark().lng("subpenny_volume", 300).lng("off_exchange_above_mid_volume", 240));
    assertEquals(0.0, score(retail, "darkpool"), EPS);
    Row below = last(dark().lng("off_exchange_above_mid_volume", 300));
    assertEquals(0.75 * 0.5 / 0.8, score(below, "darkpool"), EPS); // above-mid share 0.5 weighs 0.5 / 0.8
    assertFalse(fires(below, "darkpool_fires"));
    Row z = last(dark().lng("off_exchange_volume", 490).lng("off_exchange_above_mid_volume", 392));
    assertFalse(fires(z, "darkpool_fires"), "z = 1.9");
  }

  // Sinkhole: buyers lift 3x the displayed ask while it holds and ask depth halves.
  private static SignalBars sinkhole() {
    return SignalBars.of(10).lng("ask_executed", 300).num("ask", 1.01).num("ask_high", 1.01)
        .num("ask_depth_est", i -> 5000.0 - 2500.0 * i / 9);
  }

  @Test
  void sinkholeFiresWhenOfferedLiquidityDrains() {
    Row r = last(sinkhole());
    assertEquals(0.75, score(r, "sinkhole"), EPS); // 3x -> 0.75; ask held -> 1; depth 0.5 -> 1
    assertTrue(fires(r, "sinkhole_fires"));
  }

  @Test
  void sinkholeNearMisses() {
    Row lifted = last(sinkhole().num("ask_high", i -> i == 7 ? 1.03 : 1.01));
    assertEquals(0.0, score(lifted, "sinkhole"), EPS); // the ask ran two ticks
    Row refilled = last(sinkhole().num("ask_depth_est", 5000.0));
    assertEquals(0.5 + (1.0 - 0.9) * 0.5 / -0.3, score(refilled, "sinkhole"), EPS);
    assertFalse(fires(refilled, "sinkhole_fires"));
    Row small = last(sinkhole().lng("ask_executed", 190));
    assertFalse(fires(small, "sinkhole_fires"), "1.9x the ask size");
  }

  @Test
  void sinkholeIsNullWhereSizesAreEstimated() {
    // The same draining ask, but the sizes are the pseudo-L2 estimate: no sinkhole is claimed either way.
    Row r = last(sinkhole().set("sizes_source", org.apache.spark.sql.types.DataTypes.StringType, i -> "estimated"));
    assertTrue(r.isNullAt(r.fieldIndex("sinkhole_score")));
    assertFalse(fires(r, "sinkhole_fires"));
  }

  @Test
  void absorptionWhereSizesAreEstimatedIsScoredOnWhatIsObserved() {
    // No refill can be seen: the score is that of the three observed conditions, equal to the displayed
    // case with an ample refill, and a bid that drops still stops it.
    Row displayed = last(absorbing());
    Row estimated = last(absorbing().lng("bid_refill", 0)
        .set("sizes_source", org.apache.spark.sql.types.DataTypes.StringType, i -> "estimated"));
    assertEquals(score(displayed, "absorption"), score(estimated, "absorption"), EPS);
    Row dropped = last(absorbing().lng("bid_refill", 0).num("bid_low", i -> i == 50 ? 0.97 : 0.99)
        .set("sizes_source", org.apache.spark.sql.types.DataTypes.StringType, i -> "estimated"));
    assertFalse(fires(dropped, "absorption_fires"));
  }

  // Contraction: 1-minute returns of +-0.001 and bars 0.001 wide against 0.004 baselines.
  private static SignalBars coiled() {
    return SignalBars.of(30).num("ret", i -> i % 2 == 0 ? 0.001 : -0.001).num("high", 1.0005)
        .num("low", 0.9995).num("base_rv", 0.004).num("base_atr", 0.004);
  }

  @Test
  void contractionFiresOnACoil() {
    Row r = last(coiled());
    assertEquals(1.0, score(r, "contraction"), EPS);
    assertTrue(fires(r, "contraction_fires"));
  }

  @Test
  void contractionNearMisses() {
    Row vol = last(coiled().num("base_rv", 0.0018));
    assertEquals(0.5 + (0.001 / 0.0018 - 0.5) * 0.5 / -0.25, score(vol, "contraction"), 1e-9);
    assertFalse(fires(vol, "contraction_fires"));
    Row wide = last(coiled().num("high", 1.0013).num("low", 0.9987)); // range 0.65 ATR
    assertFalse(fires(wide, "contraction_fires"));
  }

  @Test
  void compositeAndConfluence() {
    Row r = last(coiled());
    // Neutral columns elsewhere: only contraction fires in the last 30 bars.
    assertEquals(1, r.getInt(r.fieldIndex("confluence")));
    double sum = 0;
    for (String n : StealthSignals.NAMES) {
      sum += score(r, n);
    }
    assertEquals(sum / 5, r.getDouble(r.fieldIndex("composite")), EPS);
  }

  // Fleeing: bid depth falls from 1000 to 400, the spread widens 2.5x and flow turns negative.
  private static SignalBars fleeing() {
    return SignalBars.of(33).num("bid_depth_est", i -> i == 32 ? 400.0 : 1000.0)
        .num("rel_spread", i -> i == 32 ? 0.05 : 0.02).num("ofi", i -> i >= 30 ? -100.0 : 50.0);
  }

  @Test
  void fleeingFiresWhenLiquidityProvidersLeave() {
    Row r = last(fleeing());
    assertEquals(0.7, score(r, "fleeing"), EPS); // depth 0.4 -> 0.7; spread 2.5x -> 0.75; OFI -1 -> 1
    assertTrue(fires(r, "fleeing"));
  }

  @Test
  void fleeingNearMisses() {
    Row flow = last(fleeing().num("ofi", 50.0));
    assertEquals(0.0, score(flow, "fleeing"), EPS);
    Row spread = last(fleeing().num("rel_spread", i -> i == 32 ? 0.039 : 0.02));
    assertFalse(fires(spread, "fleeing"), "spread 1.95x");
    Row depth = last(fleeing().num("bid_depth_est", i -> i == 32 ? 600.0 : 1000.0));
    assertFalse(fires(depth, "fleeing"), "depth fell only 40%");
    // Estimated depth is recent volume at the bid: its fall means selling slowed, so no fleeing is read.
    Row estimated = last(fleeing().set("sizes_source", org.apache.spark.sql.types.DataTypes.StringType,
        i -> "estimated"));
    assertTrue(estimated.isNullAt(estimated.fieldIndex("fleeing_score")));
    assertFalse(fires(estimated, "fleeing"));
  }

  // Dumping: three bars of 5x baseline selling, lower lows, a 2.8 ATR drop from the high.
  private static SignalBars dumping() {
    double[] high = {1.10, 1.05, 1.00};
    double[] low = {1.05, 1.00, 0.95};
    return SignalBars.of(13).lng("sell_volume", i -> i >= 10 ? 500L : 100L).num("base_sell", 100.0)
        .num("high", i -> i >= 10 ? high[i - 10] : 1.10).num("low", i -> i >= 10 ? low[i - 10] : 1.06)
        .num("close", i -> i == 12 ? 0.96 : 1.08).num("base_atr", 0.05);
  }

  @Test
  void dumpingFiresOnHeavySellingThatBreaksDown() {
    Row r = last(dumping());
    assertEquals(0.5 + 2 * 0.5 / 3, score(r, "dumping"), 1e-9); // sell 5x -> 0.8333 binds; drop 2.8 ATR -> 0.9333
    assertTrue(fires(r, "dumping"));
  }

  @Test
  void dumpingNearMisses() {
    Row higherLow = last(dumping().num("low", i -> i == 11 ? 1.07 : i == 12 ? 0.95 : i == 10 ? 1.05 : 1.06));
    assertEquals(0.5 + (1 - 3) * 0.5 / 3, score(higherLow, "dumping"), 1e-9); // only the walk leg, 1 level
    assertFalse(fires(higherLow, "dumping"));
    Row walked = last(dumping().num("low", i -> i == 11 ? 1.07 : i == 12 ? 0.95 : i == 10 ? 1.05 : 1.06)
        .lng("sell_price_levels", i -> i == 12 ? 4L : 1L));
    assertTrue(fires(walked, "dumping"), "sellers walked four price levels");
    Row light = last(dumping().lng("sell_volume", i -> i >= 10 ? 280L : 100L));
    assertFalse(fires(light, "dumping"), "2.8x baseline selling");
  }
}
