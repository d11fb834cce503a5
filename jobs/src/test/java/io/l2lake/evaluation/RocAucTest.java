package io.l2lake.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RocAucTest {
  @Test
  void aucCountsPairsAndHalfTheTies() {
    // Positives 0.8, 0.4; negatives 0.5, 0.1, 0.4: 0.8 beats 3, 0.4 beats 0.1 and ties 0.4 -> 4.5 of 6.
    double[] s = {0.8, 0.4, 0.5, 0.1, 0.4};
    boolean[] p = {true, true, false, false, false};
    assertEquals(0.75, RocAuc.auc(s, p), 1e-12);
    assertEquals(1.0, RocAuc.auc(new double[] {2, 3, 1}, new boolean[] {true, true, false}), 1e-12);
    assertEquals(0.0, RocAuc.auc(new double[] {0, 3, 4}, new boolean[] {true, false, false}), 1e-12);
    assertEquals(0.5, RocAuc.auc(new double[] {1, 1, 1}, new boolean[] {true, false, false}), 1e-12);
    assertTrue(Double.isNaN(RocAuc.auc(new double[] {1, 2}, new boolean[] {true, true})));
  }

  @Test
  void theIntervalIsSeededAndHoldsItsEstimate() {
    double[] s = {0.8, 0.4, 0.5, 0.1, 0.4, 0.9, 0.2, 0.3};
    boolean[] p = {true, true, false, false, false, true, false, true};
    String[] c = {"A", "A", "B", "B", "C", "D", "D", "E"};
    RocAuc.Interval a = RocAuc.bootstrap(s, p, c, 400, 7);
    RocAuc.Interval b = RocAuc.bootstrap(s, p, c, 400, 7);
    assertEquals(a, b);
    assertEquals(RocAuc.auc(s, p), a.estimate(), 1e-12);
    assertTrue(a.low() <= a.estimate() && a.estimate() <= a.high(), a.toString());
    assertEquals(5, a.clusters());
    assertEquals(4, a.positives());
    assertEquals(4, a.negatives());
    assertThrows(IllegalArgumentException.class, () -> RocAuc.bootstrap(s, p, c, 0, 1));
  }

  @Test
  void noiseIntervalsCoverOneHalfAndSeparationLiesFarAboveIt() {
    // Pure noise, 40 markets: a 95% interval should contain 0.5 in about 38 of them.
    int covered = 0;
    int markets = 40;
    for (int m = 0; m < markets; m++) {
      SplittableRandom r = new SplittableRandom(100 + m);
      int n = 1_000;
      double[] noise = new double[n];
      boolean[] p = new boolean[n];
      String[] c = new String[n];
      for (int i = 0; i < n; i++) {
        p[i] = r.nextDouble() < 0.2;
        c[i] = "S" + (i % 50);
        noise[i] = r.nextDouble();
      }
      RocAuc.Interval x = RocAuc.bootstrap(noise, p, c, 200, m);
      covered += x.contains(0.5) ? 1 : 0;
      assertTrue(x.high() - x.low() < 0.15, x.toString());
    }
    assertTrue(covered >= 34 && covered <= markets, covered + " of " + markets);
    SplittableRandom r = new SplittableRandom(3);
    int n = 2_000;
    double[] separated = new double[n];
    boolean[] p = new boolean[n];
    String[] c = new String[n];
    for (int i = 0; i < n; i++) {
      p[i] = r.nextDouble() < 0.2;
      c[i] = "S" + (i % 80);
      separated[i] = r.nextDouble() + (p[i] ? 1.5 : 0);
    }
    RocAuc.Interval strong = RocAuc.bootstrap(separated, p, c, 300, 11);
    assertFalse(strong.contains(0.5));
    assertTrue(strong.low() > 0.9, strong.toString());
  }

  /** Rows collected in another order (Spark gives no order) resample the same clusters. */
  @Test
  void theIntervalDoesNotDependOnTheRowsOrder() {
    double[] s = {0.8, 0.4, 0.5, 0.1, 0.4, 0.9, 0.2, 0.3};
    boolean[] p = {true, true, false, false, false, true, false, true};
    String[] c = {"A", "A", "B", "B", "C", "D", "D", "E"};
    int[] perm = {7, 3, 5, 0, 6, 2, 4, 1};
    double[] s2 = new double[s.length];
    boolean[] p2 = new boolean[s.length];
    String[] c2 = new String[s.length];
    double[] d = {10, 10, 20, 0, 5, 5, 8, 1};
    double[] d2 = new double[s.length];
    double[] n = {1, 0, 3, 0, 1, 2, 0, 1};
    double[] n2 = new double[s.length];
    for (int i = 0; i < perm.length; i++) {
      s2[i] = s[perm[i]];
      p2[i] = p[perm[i]];
      c2[i] = c[perm[i]];
      d2[i] = d[perm[i]];
      n2[i] = n[perm[i]];
    }
    RocAuc.Interval a = RocAuc.bootstrap(s, p, c, 400, 7);
    RocAuc.Interval b = RocAuc.bootstrap(s2, p2, c2, 400, 7);
    assertEquals(a.low(), b.low(), 1e-12);
    assertEquals(a.high(), b.high(), 1e-12);
    RocAuc.Interval r = RocAuc.ratio(n, d, c, 400, 7);
    RocAuc.Interval r2 = RocAuc.ratio(n2, d2, c2, 400, 7);
    assertEquals(r.low(), r2.low(), 1e-12);
    assertEquals(r.high(), r2.high(), 1e-12);
  }

  @Test
  void aRatioOfSumsResamplesClusters() {
    RocAuc.Interval r = RocAuc.ratio(new double[] {1, 0, 3, 0}, new double[] {10, 10, 20, 0},
        new String[] {"A", "A", "B", "C"}, 200, 5);
    assertEquals(4.0 / 40, r.estimate(), 1e-12);
    assertEquals(3, r.clusters());
    assertTrue(r.low() >= 0.05 - 1e-12 && r.high() <= 0.15 + 1e-12, r.toString());
    assertTrue(Double.isNaN(RocAuc.ratio(new double[] {0}, new double[] {0}, new String[] {"A"}, 10, 1).estimate()));
  }

  @Test
  void precisionAtTheBaseRate() {
    // 1% base rate, READY before 70% of gaps, on 3% of days without a buyer: 0.007 / (0.007 + 0.0297).
    assertEquals(0.007 / (0.007 + 0.0297), SignalEvaluation.precision(0.7, 0.03), 1e-12);
    assertEquals(1.0, SignalEvaluation.precision(0.5, 0.0), 1e-12);
    assertTrue(Double.isNaN(SignalEvaluation.precision(0.0, 0.0)), "no READY anywhere: undefined");
    assertEquals(0.0, SignalEvaluation.precisionLow(0.0, 0.0), 1e-12);
    assertEquals(0.0, SignalEvaluation.precisionLow(0.0, 0.02), 1e-12);
    assertEquals(SignalEvaluation.precision(0.7, 0.03), SignalEvaluation.precisionLow(0.7, 0.03), 1e-12);
  }
}
