package io.l2lake.pregap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ticker bootstrap's multiplicities, its AUC from per-ticker parts and its intervals, by hand. */
class TickerBootstrapTest {

  @Test
  void everyReplicateDrawsAsManyTickersAsThereAreAndRepeatsWithItsSeed() {
    TickerBootstrap a = new TickerBootstrap(List.of("C", "A", "B", "D"), 300, 7);
    TickerBootstrap b = new TickerBootstrap(List.of("D", "C", "B", "A"), 300, 7);
    assertEquals(4, a.tickers());
    assertEquals(0, a.indexOf("A"));
    assertEquals(3, a.indexOf("D"));
    assertThrows(IllegalArgumentException.class, () -> a.indexOf("E"));
    List<Double> sa = new ArrayList<>();
    List<Double> sb = new ArrayList<>();
    // the statistic "multiplicity of A" seen through estimate(): values 0..4 summing with the others to 4
    TickerBootstrap.Estimate ea = a.estimate(w -> {
      assertEquals(4.0, w[0] + w[1] + w[2] + w[3], 0);
      sa.add(w[0]);
      return w[0];
    });
    b.estimate(w -> {
      sb.add(w[0]);
      return w[0];
    });
    assertEquals(sa, sb, "same seed, same tickers in any order: same replicates");
    assertEquals(1.0, ea.value(), 0, "the estimate on the data has every multiplicity 1");
    assertEquals(301, sa.size());
    double mean = sa.subList(1, sa.size()).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertEquals(1.0, mean, 0.15, "a ticker is drawn once per replicate on average");
  }

  @Test
  void theAucFromPerTickerPartsIsTheMannWhitneyAucAndItsIntervalHoldsIt() {
    // two tickers: A has scores (event?) 0.9(1) 0.4(0) 0.2(0); B has 0.7(1) 0.4(1) 0.1(0)
    // non-events: A 0.4, A 0.2, B 0.1; events: A 0.9, B 0.7, B 0.4
    // a = per ticker, sum over its events of non-events below (ties 1/2): A: 0.9 -> 3; B: 0.7 -> 3, 0.4 -> 2 + 0.5
    // b = per ticker, sum over its non-events of events above (ties 1/2): A: 0.4 -> 2 + 0.5, 0.2 -> 3; B: 0.1 -> 3
    TickerBootstrap boot = new TickerBootstrap(List.of("A", "B"), 500, 1);
    TickerBootstrap.AucParts p = new TickerBootstrap.AucParts(new double[] {1, 2}, new double[] {2, 1},
        new double[] {3, 5.5}, new double[] {5.5, 3});
    double u = 8.5;
    assertEquals(u / 9, TickerBootstrap.pooledAuc(List.of(p), new double[] {1, 1}), 1e-15);
    // with A twice and B left out, first order: U* = 2 (3 + 5.5) - 8.5 = 8.5, pairs 2 x 4 = 8, kept within [0, 8]
    assertEquals(1.0, TickerBootstrap.pooledAuc(List.of(p), new double[] {2, 0}), 1e-15);
    // pooled over two blocks: sum U / sum pairs
    TickerBootstrap.AucParts q = new TickerBootstrap.AucParts(new double[] {1, 0}, new double[] {0, 1},
        new double[] {0, 0}, new double[] {0, 0});
    assertEquals(8.5 / 10, TickerBootstrap.pooledAuc(List.of(p, q), new double[] {1, 1}), 1e-15);
    TickerBootstrap.Estimate e = boot.estimate(w -> TickerBootstrap.pooledAuc(List.of(p), w));
    assertEquals(u / 9, e.value(), 1e-15);
    assertTrue(e.lo() <= e.value() && e.value() <= e.hi(), e.toString());
    assertTrue(e.lo() >= 0 && e.hi() <= 1, e.toString());
  }

  @Test
  void aMeanIsExactUnderEveryReplicateAndAnIntervalNeedsDefinedReplicates() {
    TickerBootstrap boot = new TickerBootstrap(List.of("A", "B", "C"), 400, 3);
    TickerBootstrap.MeanParts m = new TickerBootstrap.MeanParts(new double[] {2, 1, 1}, new double[] {0.2, -0.1, 0.3});
    assertEquals(0.4 / 4, m.mean(new double[] {1, 1, 1}), 1e-15);
    assertEquals((0.4 - 0.1) / 5, m.mean(new double[] {2, 1, 0}), 1e-15);
    assertTrue(Double.isNaN(m.mean(new double[] {0, 0, 0})));
    TickerBootstrap.Estimate e = boot.estimate(m::mean);
    assertTrue(e.lo() >= -0.1 - 1e-12 && e.hi() <= 0.3 + 1e-12, "a mean of the tickers' rows stays within their range: " + e);
    assertFalse(new TickerBootstrap.Estimate(0.1, -0.01, 0.2).excludesZero());
    assertTrue(new TickerBootstrap.Estimate(0.1, 0.01, 0.2).excludesZero());
    assertTrue(new TickerBootstrap.Estimate(-0.1, -0.2, -0.01).excludesZero());
    // only ticker A has rows: every replicate without A is undefined (about (2/3)^3 = 30% of them): no interval
    TickerBootstrap.MeanParts onlyA = new TickerBootstrap.MeanParts(new double[] {1, 0, 0}, new double[] {1, 0, 0});
    TickerBootstrap.Estimate none = boot.estimate(onlyA::mean);
    assertEquals(1.0, none.value(), 0);
    assertNull(none.lo());
    assertNull(none.hi());
    assertArrayEquals(new double[] {1, 2, 3}, new double[] {TickerBootstrap.quantile(new double[] {1, 2, 3}, 0),
        TickerBootstrap.quantile(new double[] {1, 2, 3}, 0.5), TickerBootstrap.quantile(new double[] {1, 2, 3}, 1)});
  }
}
