package io.l2lake.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The matched random-entry control's draws and p-value (the alternatives it draws from are checked in
 * {@link BacktestNoLookAheadTest}, on its scored market).
 */
@Timeout(60)
class MatchedControlsTest {
  @Test
  void theTestCountsDrawsAtLeastAsGoodAsTheStrategy() {
    // Every alternative equals the strategy's trade: every draw ties it, p = 1.
    MatchedControls.Test tie = MatchedControls.test(new double[] {0.1, -0.2},
        new double[][] {{0.1, 0.1}, {-0.2}}, 200, 200, 1);
    assertEquals(1.0, tie.pValue(), 1e-12);
    assertEquals(-0.05, tie.strategyMean(), 1e-12);
    assertTrue(tie.ciLow() <= tie.strategyMean() && tie.strategyMean() <= tie.ciHigh());
    // The strategy beats every alternative: p is the smallest the draws allow, 1 / (draws + 1).
    MatchedControls.Test best = MatchedControls.test(new double[] {0.05, 0.05},
        new double[][] {{0.05, -0.01, -0.02}, {0.05, -0.03}}, 999, 100, 7);
    double allOwn = 1.0 / 6; // both draws pick the trade itself
    assertEquals(allOwn, best.pValue(), 0.04, "draws that tie the strategy by picking its own trades");
    MatchedControls.Test clear = MatchedControls.test(new double[] {0.05, 0.05},
        new double[][] {{-0.01, -0.02}, {-0.03}}, 999, 100, 7);
    assertEquals(1.0 / 1000, clear.pValue(), 1e-12);
    assertEquals(999, clear.drawMeans().length);
    assertTrue(clear.drawP05() <= clear.drawMean() && clear.drawMean() <= clear.drawP95());
    assertEquals(3, clear.alternatives());
    // Two trades whose alternatives are {0, 1}, the strategy 1 and 1: a draw reaches 1 with probability 1/4.
    MatchedControls.Test quarter = MatchedControls.test(new double[] {1, 1}, new double[][] {{0, 1}, {0, 1}},
        4000, 10, 3);
    assertEquals(0.25, quarter.pValue(), 0.02);
    assertEquals(0.5, quarter.drawMean(), 0.02);
    // A trade without alternatives is left out of both sides.
    MatchedControls.Test partial = MatchedControls.test(new double[] {1, 100}, new double[][] {{0, 1}, {}}, 50, 50,
        3);
    assertEquals(1, partial.trades());
    assertEquals(1.0, partial.strategyMean(), 1e-12);
    // Seeded: the same inputs give the same figures.
    MatchedControls.Test again = MatchedControls.test(new double[] {0.05, 0.05},
        new double[][] {{0.05, -0.01, -0.02}, {0.05, -0.03}}, 999, 100, 7);
    assertArrayEquals(best.drawMeans(), again.drawMeans());
    assertEquals(best.ciHigh(), again.ciHigh());
    assertThrows(IllegalArgumentException.class, () -> MatchedControls.test(new double[] {1}, new double[][] {},
        10, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> MatchedControls.test(new double[] {1},
        new double[][] {{1}}, 0, 10, 1));
  }

  @Test
  void theBandFollowsTheTradesInTheGivenOrderAndSkipsTradesWithoutAlternatives() {
    // One alternative each: every draw is the same path, so all percentiles are it.
    MatchedControls.Test fixed = MatchedControls.test(new double[] {1, 7, 2}, new double[][] {{0}, {}, {5}}, 20, 20,
        3);
    MatchedControls.Band b = fixed.band();
    assertArrayEquals(new int[] {0, 2}, b.trade());
    assertArrayEquals(new double[] {1, 3}, b.strategy(), 1e-12);
    assertArrayEquals(new double[] {0, 5}, b.p05(), 1e-6);
    assertArrayEquals(new double[] {0, 5}, b.p50(), 1e-6);
    assertArrayEquals(new double[] {0, 5}, b.p95(), 1e-6);
    // Two equally likely alternatives per trade: after two trades the draws' sum is 0, 1 or 2 with
    // probabilities 1/4, 1/2, 1/4, so the 5th percentile is 0, the median 1 and the 95th 2.
    MatchedControls.Test coin = MatchedControls.test(new double[] {1, 1}, new double[][] {{0, 1}, {0, 1}}, 4000,
        10, 11);
    assertEquals(0, coin.band().p05()[1], 1e-6);
    assertEquals(1, coin.band().p50()[1], 1e-6);
    assertEquals(2, coin.band().p95()[1], 1e-6);
    assertEquals(2, coin.band().strategy()[1], 1e-12);
    assertEquals(0, MatchedControls.test(new double[] {1}, new double[][] {{}}, 5, 5, 1).band().trade().length);
  }
}
