package io.l2lake.evaluation;

/**
 * A logistic regression small enough for the driver (hundreds of rows, a few inputs): Newton's method
 * (iteratively reweighted least squares) with a small ridge penalty on the slopes, so that a separable sample
 * still gives finite coefficients. Inputs are used as given (standardise them first).
 *
 * <p>Each Newton step is halved until the penalised likelihood does not fall. Cost: per iteration a few
 * passes over the rows and a (p+1) x (p+1) solve; at most 50 iterations.
 */
public final class SmallLogistic {
  private SmallLogistic() {}

  /** Ridge penalty on each slope (not on the intercept). */
  static final double RIDGE = 1e-3;

  /**
   * Coefficients (intercept first) of P(y) = 1 / (1 + exp(-(b0 + b.x))) on rows {@code x[i]} with labels
   * {@code y[i]} and weights {@code w[i]} (a bootstrap's multiplicities; rows of weight 0 are left out).
   */
  public static double[] fit(double[][] x, boolean[] y, double[] w) {
    int p = x.length == 0 ? 0 : x[0].length;
    double[] b = new double[p + 1];
    for (int iter = 0; iter < 50; iter++) {
      double[] grad = new double[p + 1];
      double[][] h = new double[p + 1][p + 1];
      for (int i = 0; i < x.length; i++) {
        if (w[i] == 0) {
          continue;
        }
        double eta = b[0];
        for (int j = 0; j < p; j++) {
          eta += b[j + 1] * x[i][j];
        }
        double mu = 1 / (1 + Math.exp(-eta));
        double r = (y[i] ? 1 : 0) - mu;
        double v = mu * (1 - mu);
        for (int j = 0; j <= p; j++) {
          double xj = j == 0 ? 1 : x[i][j - 1];
          grad[j] += w[i] * r * xj;
          for (int k = 0; k <= p; k++) {
            double xk = k == 0 ? 1 : x[i][k - 1];
            h[j][k] += w[i] * v * xj * xk;
          }
        }
      }
      for (int j = 1; j <= p; j++) {
        grad[j] -= RIDGE * b[j];
        h[j][j] += RIDGE;
      }
      h[0][0] += 1e-9;
      double[] step = solve(h, grad);
      // Step-halving: a Newton step that lowers the penalised likelihood (a nearly separable sample) is cut.
      double before = logLikelihood(x, y, w, b);
      double t = 1;
      double[] next = new double[p + 1];
      while (true) {
        for (int j = 0; j <= p; j++) {
          next[j] = b[j] + t * step[j];
        }
        if (logLikelihood(x, y, w, next) >= before - 1e-12 || t < 1e-6) {
          break;
        }
        t /= 2;
      }
      double change = 0;
      for (int j = 0; j <= p; j++) {
        change = Math.max(change, Math.abs(next[j] - b[j]));
        b[j] = next[j];
      }
      if (change < 1e-8) {
        break;
      }
    }
    return b;
  }

  /** The weighted log-likelihood less the ridge penalty (the quantity the fit raises). */
  static double logLikelihood(double[][] x, boolean[] y, double[] w, double[] b) {
    double l = 0;
    for (int i = 0; i < x.length; i++) {
      if (w[i] == 0) {
        continue;
      }
      double eta = score(b, x[i]);
      // log(1 + e^eta) computed without overflow
      double softplus = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      l += w[i] * ((y[i] ? eta : 0) - softplus);
    }
    for (int j = 1; j < b.length; j++) {
      l -= RIDGE / 2 * b[j] * b[j];
    }
    return l;
  }

  /** The linear predictor b0 + b.x of a row. */
  public static double score(double[] b, double[] x) {
    double eta = b[0];
    for (int j = 0; j < x.length; j++) {
      eta += b[j + 1] * x[j];
    }
    return eta;
  }

  /** Solves a x = g for a symmetric positive definite a (Gaussian elimination with partial pivoting). */
  static double[] solve(double[][] a, double[] g) {
    int n = g.length;
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = g[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      if (Math.abs(m[c][c]) < 1e-300) {
        return new double[n];
      }
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) {
          m[r][k] -= f * m[c][k];
        }
      }
    }
    double[] out = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int k = r + 1; k < n; k++) {
        s -= m[r][k] * out[k];
      }
      out[r] = s / m[r][r];
    }
    return out;
  }
}
