package io.l2lake.pregap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Schemas;
import io.l2lake.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The Spark-aggregated Newton fit against a direct Newton fit on the same rows and the true coefficients. */
class LogisticTest {
  static final StructType SCHEMA = Schemas.struct(
      Schemas.field("g", DataTypes.StringType, false, "group"),
      Schemas.field("x1", DataTypes.DoubleType, false, "x1"),
      Schemas.field("x2", DataTypes.DoubleType, false, "x2"),
      Schemas.field("y", DataTypes.IntegerType, false, "label"),
      Schemas.field("rare", DataTypes.IntegerType, false, "label with 3 events"));

  /** Newton's method on the rows in plain Java: x = (1, x1[, x2]). */
  static double[] newton(List<double[]> rows, int d) {
    double[] b = new double[d];
    for (int it = 0; it < 100; it++) {
      double[] g = new double[d];
      double[][] h = new double[d][d];
      for (double[] r : rows) {
        double[] x = {1, r[0], r[1]};
        double eta = 0;
        for (int j = 0; j < d; j++) {
          eta += b[j] * x[j];
        }
        double p = 1 / (1 + Math.exp(-eta));
        for (int j = 0; j < d; j++) {
          g[j] += (r[2] - p) * x[j];
          for (int k = 0; k < d; k++) {
            h[j][k] += p * (1 - p) * x[j] * x[k];
          }
        }
      }
      double[] step = cramer(h, g);
      double largest = 0;
      for (int j = 0; j < d; j++) {
        b[j] += step[j];
        largest = Math.max(largest, Math.abs(step[j]));
      }
      if (largest < 1e-12) {
        break;
      }
    }
    return b;
  }

  /** h x = g by Cramer's rule (d = 2 or 3). */
  static double[] cramer(double[][] h, double[] g) {
    int d = g.length;
    double det = det(h, d);
    double[] x = new double[d];
    for (int c = 0; c < d; c++) {
      double[][] m = new double[d][d];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          m[i][j] = j == c ? g[i] : h[i][j];
        }
      }
      x[c] = det(m, d) / det;
    }
    return x;
  }

  static double det(double[][] m, int d) {
    if (d == 2) {
      return m[0][0] * m[1][1] - m[0][1] * m[1][0];
    }
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }

  @Test
  void theAggregatedFitEqualsADirectNewtonFitAndRecoversTheTrueCoefficients() {
    Random r = new Random(17);
    List<Row> rows = new ArrayList<>();
    List<double[]> a = new ArrayList<>();
    List<double[]> b = new ArrayList<>();
    int rare = 0;
    for (int i = 0; i < 3000; i++) {
      double x1 = r.nextGaussian();
      double x2 = 0.5 * x1 + r.nextGaussian();
      // group a: true model -1 + 0.8 x1 - 0.5 x2; group b: -2 + 1.5 x1 + 0 x2
      boolean inA = i % 2 == 0;
      double eta = inA ? -1 + 0.8 * x1 - 0.5 * x2 : -2 + 1.5 * x1;
      int y = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      int rareY = rare < 3 && y == 1 ? 1 : 0;
      rare += rareY;
      rows.add(RowFactory.create(inA ? "a" : "b", x1, x2, y, rareY));
      (inA ? a : b).add(new double[] {x1, x2, y});
    }
    Map<Logistic.Key, Logistic.Fit> fits = Logistic.fit(SparkTestSession.get().createDataFrame(rows, SCHEMA),
        "g", List.of("x1", "x2"), List.of("y", "rare"),
        g -> g.equals("b") ? Set.of(Logistic.Kind.BASE) : Set.of(Logistic.Kind.BASE, Logistic.Kind.WITH_FEATURE));
    double[] a2 = newton(a, 3);
    double[] a1 = newton(a, 2);
    double[] b1 = newton(b, 2);
    Logistic.Fit fa2 = fits.get(new Logistic.Key("a", "y", Logistic.Kind.WITH_FEATURE));
    Logistic.Fit fa1 = fits.get(new Logistic.Key("a", "y", Logistic.Kind.BASE));
    Logistic.Fit fb1 = fits.get(new Logistic.Key("b", "y", Logistic.Kind.BASE));
    for (int j = 0; j < 3; j++) {
      assertEquals(a2[j], fa2.coefficients()[j], 1e-8, "a, x1 + x2, b" + j);
    }
    for (int j = 0; j < 2; j++) {
      assertEquals(a1[j], fa1.coefficients()[j], 1e-8, "a, x1, b" + j);
      assertEquals(b1[j], fb1.coefficients()[j], 1e-8, "b, x1, b" + j);
    }
    assertEquals(0.0, fa1.coefficients()[2], 0);
    assertTrue(fa2.converged() && fa1.converged() && fb1.converged());
    assertTrue(fa2.passes() < 15, "passes " + fa2.passes());
    assertEquals(1500, fa2.rows());
    // 1,500 rows per group: the estimates are within a few standard errors of the truth.
    assertEquals(-1.0, fa2.coefficients()[0], 0.2);
    assertEquals(0.8, fa2.coefficients()[1], 0.2);
    assertEquals(-0.5, fa2.coefficients()[2], 0.2);
    assertEquals(-2.0, fb1.coefficients()[0], 0.3);
    assertEquals(1.5, fb1.coefficients()[1], 0.3);
    // group b is x1-only; a label with fewer than MIN_CLASS events is not fitted.
    assertFalse(fits.containsKey(new Logistic.Key("b", "y", Logistic.Kind.WITH_FEATURE)));
    assertFalse(fits.get(new Logistic.Key("a", "rare", Logistic.Kind.BASE)).fitted());
  }
}
