package io.l2lake.pregap;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.l2lake.lake.Schemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logistic regressions P(y = 1) = 1 / (1 + exp(-(b0 + b1 x1 + ... + bk xk))) fitted by Newton's method
 * (iteratively reweighted least squares) on sufficient statistics that Spark aggregates: per
 * iteration, one pass over the rows computes, for every model at once, the log-likelihood
 * sum(y eta - ln(1 + e^eta)), the gradient g = sum((y - p) x) and the information matrix
 * H = sum(p (1 - p) x x^T) ((k + 1) x (k + 1)); the driver solves H d = g and moves b to b + d. A step that
 * lowers the log-likelihood is halved instead. Only these sums reach the driver, never the rows.
 *
 * <p>Many models are fitted together: one per (group, label, kind), where a group is a value of the
 * group column (the feature a row belongs to in the long table), the label one of the 0/1 columns,
 * and the kind {@link Kind#BASE} (intercept and the first k - 1 inputs: the baseline) or
 * {@link Kind#WITH_FEATURE} (intercept and all k inputs: the baseline and the feature, last). A model
 * is not fitted (null coefficients) when its rows hold fewer than {@link #MIN_CLASS} events or
 * non-events. Start: b0 = logit(event rate), the other coefficients 0 (a first pass counts rows and events);
 * convergence: every step below 1e-7 in each coefficient (Newton's quadratic convergence leaves the
 * coefficients far closer than that), at most 60 passes.
 *
 * <p>Cost: one aggregation per iteration over the (cached) rows, grouped by the group column, with
 * (k + 1) + (k + 1)(k + 2) / 2 + 1 sums per label and kind; Newton converges in about 5-8 iterations on standardised inputs.
 */
public final class Logistic {
  private Logistic() {}

  /** The model's inputs: the baseline alone, or the baseline and the feature. */
  public enum Kind { BASE, WITH_FEATURE }

  private static final Logger LOG = LoggerFactory.getLogger(Logistic.class);

  /** Fewest events (and non-events) a model is fitted on. */
  public static final int MIN_CLASS = 5;
  static final int MAX_PASSES = 60;
  static final double TOLERANCE = 1e-7;

  /** One model's identity. */
  public record Key(String group, String label, Kind kind) {}

  /**
   * A fitted model: coefficients (b0 .. bk; bk = 0 for {@link Kind#BASE}), null when not fitted; the
   * rows and events it was fitted on, the log-likelihood, the passes made and whether it converged.
   */
  public record Fit(double[] coefficients, long rows, long events, double logLikelihood, int passes,
      boolean converged) {
    public boolean fitted() {
      return coefficients != null;
    }
  }

  /**
   * Fits every (group, label, kind) model on {@code rows} (columns {@code group}, the {@code inputs}
   * x1 .. xk, the labels; the inputs must be non-null). {@code kinds} gives the models fitted for a
   * group (e.g. only {@link Kind#BASE} where the feature is part of the baseline).
   */
  public static Map<Key, Fit> fit(Dataset<Row> rows, String group, List<String> inputs, List<String> labels,
      java.util.function.Function<String, Set<Kind>> kinds) {
    int k = inputs.size();
    SparkSession spark = rows.sparkSession();
    Map<Key, State> states = new LinkedHashMap<>();
    Set<String> groups = new LinkedHashSet<>();
    // Pass 0: rows and events per (group, label); every model starts at b0 = logit(event rate), b1 = b2 = 0.
    List<Column> events = new ArrayList<>();
    for (int li = 0; li < labels.size(); li++) {
      events.add(sum(col(labels.get(li)).cast("long")).as("y_" + li));
    }
    for (Row r : rows.groupBy(col(group)).agg(count(lit(1)).as("_n"), events.toArray(Column[]::new))
        .collectAsList()) {
      String g = r.getString(0);
      groups.add(g);
      long n = r.getLong(r.fieldIndex("_n"));
      for (int li = 0; li < labels.size(); li++) {
        long e = r.isNullAt(r.fieldIndex("y_" + li)) ? 0 : r.getLong(r.fieldIndex("y_" + li));
        for (Kind kind : Kind.values()) {
          if (!kinds.apply(g).contains(kind)) {
            continue;
          }
          State s = new State(n, e, e >= MIN_CLASS && n - e >= MIN_CLASS, k + 1);
          if (s.fittable) {
            s.b[0] = Math.log(e / (double) (n - e));
          }
          states.put(new Key(g, labels.get(li), kind), s);
        }
      }
    }
    int passes = 1;
    boolean done = states.values().stream().noneMatch(s -> s.fittable);
    while (!done && passes < MAX_PASSES) {
      passes++;
      Dataset<Row> coef = coefficientTable(spark, states, labels, groups, group, k + 1);
      List<Row> sums = withProbabilities(rows.join(broadcast(coef), group), labels, inputs).groupBy(col(group))
          .agg(count(lit(1)).as("_n"), sumColumns(labels, inputs))
          .collectAsList();
      done = true;
      for (Row r : sums) {
        String g = r.getString(0);
        for (String l : labels) {
          int li = index(labels, l);
          for (Kind kind : Kind.values()) {
            State s = states.get(new Key(g, l, kind));
            if (s == null || !s.fittable || s.converged) {
              continue;
            }
            s.update(r, "s_" + li + "_" + kind.ordinal() + "_", dimension(kind, k));
            done &= s.converged || s.passes >= MAX_PASSES;
          }
        }
      }
    }
    Map<Key, Fit> out = new LinkedHashMap<>();
    states.forEach((key, s) -> out.put(key, s.fit()));
    if (LOG.isInfoEnabled()) {
      LOG.info(String.format("logistic: %d models, %d passes, %d not converged", out.size(), passes,
          out.values().stream().filter(f -> f.fitted() && !f.converged()).count()));
    }
    return out;
  }

  private static int index(List<String> labels, String l) {
    return labels.indexOf(l);
  }

  /** Per group: b_{label}_{kind}_{j}, the current coefficients. */
  private static Dataset<Row> coefficientTable(SparkSession spark, Map<Key, State> states, List<String> labels,
      Set<String> groups, String group, int width) {
    List<StructField> fields = new ArrayList<>();
    fields.add(Schemas.field(group, StringType, false, "group"));
    for (int li = 0; li < labels.size(); li++) {
      for (Kind k : Kind.values()) {
        for (int j = 0; j < width; j++) {
          fields.add(Schemas.field("b_" + li + "_" + k.ordinal() + "_" + j, DoubleType, false, "coefficient"));
        }
      }
    }
    StructType schema = new StructType(fields.toArray(StructField[]::new));
    Map<String, Object[]> byGroup = new LinkedHashMap<>();
    for (String g : groups) {
      Object[] v = new Object[fields.size()];
      v[0] = g;
      for (int i = 1; i < v.length; i++) {
        v[i] = 0.0;
      }
      byGroup.put(g, v);
    }
    states.forEach((key, s) -> {
      Object[] v = byGroup.get(key.group());
      int base = 1 + (index(labels, key.label()) * Kind.values().length + key.kind().ordinal()) * width;
      for (int j = 0; j < width; j++) {
        v[base + j] = s.b[j];
      }
    });
    List<Row> rows = new ArrayList<>();
    byGroup.values().forEach(v -> rows.add(RowFactory.create(v)));
    return spark.createDataFrame(rows, schema);
  }

  /**
   * Per (label, kind): the probability {@code _p_l_k} = 1 / (1 + e^-eta) and the log-likelihood term
   * {@code _ll_l_k} = y eta - ln(1 + e^eta), as columns, so the sums below stay small expressions. Both
   * use one exponential, q = e^-|eta| (never overflows): p = 1 / (1 + q) for eta >= 0, q / (1 + q)
   * below, and ln(1 + e^eta) = max(eta, 0) + ln(1 + q).
   */
  private static Dataset<Row> withProbabilities(Dataset<Row> rows, List<String> labels, List<String> inputs) {
    Map<String, Column> etas = new LinkedHashMap<>();
    Map<String, Column> terms = new LinkedHashMap<>();
    Column[] x = design(inputs);
    for (int li = 0; li < labels.size(); li++) {
      Column y = col(labels.get(li)).cast("double");
      for (Kind k : Kind.values()) {
        String b = "b_" + li + "_" + k.ordinal() + "_";
        String m = li + "_" + k.ordinal();
        Column eta = col(b + 0);
        for (int j = 1; j < dimension(k, inputs.size()); j++) {
          eta = eta.plus(col(b + j).multiply(x[j]));
        }
        etas.put("_eta_" + m, eta);
        etas.put("_q_" + m, exp(abs(eta).multiply(-1)));
        Column e = col("_eta_" + m);
        Column q = col("_q_" + m);
        terms.put("_p_" + m, when(e.geq(0), lit(1.0).divide(lit(1.0).plus(q))).otherwise(q.divide(lit(1.0).plus(q))));
        terms.put("_ll_" + m, y.multiply(e).minus(greatest(e, lit(0.0)).plus(log1p(q))));
      }
    }
    return rows.withColumns(etas).withColumns(terms);
  }

  /** Coefficients of a kind with k inputs: the intercept and k - 1 (baseline) or k inputs. */
  private static int dimension(Kind kind, int k) {
    return kind == Kind.BASE ? k : k + 1;
  }

  private static Column[] design(List<String> inputs) {
    Column[] x = new Column[inputs.size() + 1];
    x[0] = lit(1.0);
    for (int j = 0; j < inputs.size(); j++) {
      x[j + 1] = col(inputs.get(j));
    }
    return x;
  }

  /** Per label: y_{l} events; per (label, kind): ll, g_j = sum (y - p) x_j, h_jm = sum p (1 - p) x_j x_m. */
  private static Column[] sumColumns(List<String> labels, List<String> inputs) {
    List<Column> out = new ArrayList<>();
    Column[] x = design(inputs);
    int k = inputs.size();
    for (int li = 0; li < labels.size(); li++) {
      Column y = col(labels.get(li)).cast("double");
      out.add(sum(col(labels.get(li)).cast("long")).as("y_" + li));
      for (Kind kd : Kind.values()) {
        Column p = col("_p_" + li + "_" + kd.ordinal());
        Column w = p.multiply(lit(1.0).minus(p));
        Column r = y.minus(p);
        String s = "s_" + li + "_" + kd.ordinal() + "_";
        out.add(sum(col("_ll_" + li + "_" + kd.ordinal())).as(s + "ll"));
        for (int j = 0; j < dimension(kd, k); j++) {
          out.add(sum(j == 0 ? r : r.multiply(x[j])).as(s + "g" + j));
          for (int m = j; m < dimension(kd, k); m++) {
            Column wx = j == 0 ? w : w.multiply(x[j]);
            out.add(sum(m == 0 ? wx : wx.multiply(x[m])).as(s + "h" + j + m));
          }
        }
      }
    }
    return out.toArray(Column[]::new);
  }

  /** The driver-side Newton state of one model. */
  private static final class State {
    final long n;
    final long events;
    final boolean fittable;
    final double[] b;
    double[] previous;
    double previousLl = Double.NEGATIVE_INFINITY;
    int passes;
    int halvings;
    boolean converged;

    State(long n, long events, boolean fittable, int width) {
      this.b = new double[width];
      this.n = n;
      this.events = events;
      this.fittable = fittable;
    }

    void update(Row r, String prefix, int d) {
      passes++;
      double ll = r.getDouble(r.fieldIndex(prefix + "ll"));
      if (previous != null && ll < previousLl - 1e-10 * (1 + Math.abs(previousLl))) {
        // The last step overshot: go half way back and evaluate there.
        halvings++;
        for (int j = 0; j < b.length; j++) {
          b[j] = (b[j] + previous[j]) / 2;
        }
        if (halvings > 40) {
          converged = false;
          passes = MAX_PASSES;
        }
        return;
      }
      double[] g = new double[d];
      double[][] h = new double[d][d];
      for (int j = 0; j < d; j++) {
        g[j] = r.getDouble(r.fieldIndex(prefix + "g" + j));
        for (int m = j; m < d; m++) {
          h[j][m] = r.getDouble(r.fieldIndex(prefix + "h" + j + m));
          h[m][j] = h[j][m];
        }
      }
      double[] step = solve(h, g);
      previous = b.clone();
      previousLl = ll;
      double largest = 0;
      for (int j = 0; j < d; j++) {
        b[j] += step[j];
        largest = Math.max(largest, Math.abs(step[j]));
      }
      converged = largest < TOLERANCE;
    }

    Fit fit() {
      if (!fittable) {
        return new Fit(null, n, events, Double.NaN, 0, false);
      }
      return new Fit(b.clone(), n, events, previousLl, passes, converged);
    }
  }

  /** Solves h x = g for a small symmetric positive (semi)definite h, with a tiny ridge for safety. */
  static double[] solve(double[][] h, double[] g) {
    int d = g.length;
    double[][] a = new double[d][d + 1];
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += h[i][i];
    }
    double ridge = 1e-12 * Math.max(trace, 1e-300);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        a[i][j] = h[i][j] + (i == j ? ridge : 0);
      }
      a[i][d] = g[i];
    }
    for (int c = 0; c < d; c++) {
      int pivot = c;
      for (int i = c + 1; i < d; i++) {
        if (Math.abs(a[i][c]) > Math.abs(a[pivot][c])) {
          pivot = i;
        }
      }
      double[] t = a[c];
      a[c] = a[pivot];
      a[pivot] = t;
      if (a[c][c] == 0) {
        continue;
      }
      for (int i = 0; i < d; i++) {
        if (i != c) {
          double f = a[i][c] / a[c][c];
          for (int j = c; j <= d; j++) {
            a[i][j] -= f * a[c][j];
          }
        }
      }
    }
    double[] x = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = a[i][i] == 0 ? 0 : a[i][d] / a[i][i];
    }
    return x;
  }
}
