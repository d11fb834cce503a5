package io.l2lake.pregap;

import io.l2lake.lake.Schemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Turns the collected aggregates of {@link FeatureRanking}, {@link RollingOrigin} and
 * {@link OvernightValue} into report lines with {@link TickerBootstrap} intervals. Driver-side only.
 *
 * <p>Per (feature, label): the AUC over all analysed rows; per test block and pooled over the blocks
 * (pairs within a block only), the test AUC of the baseline model, of the baseline + feature model and
 * their difference (the gain), each block used only where both models were fitted; and for the
 * feature model (the baseline model for a feature of the baseline), the top decile's event rate and
 * mean net overnight return, the rest's mean net return and the difference, pooled over the blocks.
 */
final class Evidence {
  private final TickerBootstrap boot;
  private final List<RollingOrigin.Block> blocks;
  private final FeatureRanking.Ranking ranking;
  private final Map<Logistic.Key, Logistic.Fit> fits;
  private final String vol;
  private final java.util.Set<String> baseline;
  private final Map<String, TickerBootstrap.AucParts> overall = new HashMap<>();
  private final Map<String, TickerBootstrap.AucParts> oos = new HashMap<>();
  private final Map<String, TickerBootstrap.MeanParts[]> value = new HashMap<>();

  Evidence(TickerBootstrap boot, List<RollingOrigin.Block> blocks, FeatureRanking.Ranking ranking,
      Map<Logistic.Key, Logistic.Fit> fits, List<Row> oosParts, List<Row> valueParts, String vol,
      java.util.Set<String> baseline) {
    this.boot = boot;
    this.vol = vol;
    this.baseline = baseline;
    this.blocks = blocks;
    this.ranking = ranking;
    this.fits = fits;
    int t = boot.tickers();
    for (Row r : ranking.parts()) {
      TickerBootstrap.AucParts a = overall.computeIfAbsent(PregapReport.key(s(r, PregapReport.FEATURE),
          s(r, RankStats.LABEL)), k -> TickerBootstrap.AucParts.empty(t));
      add(a, r);
    }
    for (Row r : oosParts) {
      TickerBootstrap.AucParts a = oos.computeIfAbsent(PregapReport.key(s(r, PregapReport.FEATURE),
          s(r, RollingOrigin.TARGET), s(r, RollingOrigin.KIND), r.getInt(r.fieldIndex(RollingOrigin.BLOCK))),
          k -> TickerBootstrap.AucParts.empty(t));
      add(a, r);
    }
    for (Row r : valueParts) {
      TickerBootstrap.MeanParts[] m = value.computeIfAbsent(PregapReport.key(s(r, PregapReport.FEATURE),
          s(r, RollingOrigin.TARGET), s(r, RollingOrigin.KIND)), k -> new TickerBootstrap.MeanParts[] {
              TickerBootstrap.MeanParts.empty(t), TickerBootstrap.MeanParts.empty(t),
              TickerBootstrap.MeanParts.empty(t)});
      int i = boot.indexOf(s(r, Schemas.SYMBOL));
      double topRows = r.getLong(r.fieldIndex("top_rows"));
      m[0].n()[i] += topRows;
      m[0].sum()[i] += r.getDouble(r.fieldIndex("top_sum"));
      m[1].n()[i] += topRows;
      m[1].sum()[i] += r.getLong(r.fieldIndex("top_events"));
      m[2].n()[i] += r.getLong(r.fieldIndex("rest_rows"));
      m[2].sum()[i] += r.getDouble(r.fieldIndex("rest_sum"));
    }
  }

  private void add(TickerBootstrap.AucParts a, Row r) {
    int i = boot.indexOf(s(r, Schemas.SYMBOL));
    a.events()[i] += r.getLong(r.fieldIndex("events"));
    a.nonEvents()[i] += r.getLong(r.fieldIndex("non_events"));
    a.a()[i] += r.getDouble(r.fieldIndex("a"));
    a.b()[i] += r.getDouble(r.fieldIndex("b"));
  }

  private static String s(Row r, String column) {
    return r.getString(r.fieldIndex(column));
  }

  PregapReport.Line line(String f, String l) {
    Row a = ranking.auc().get(PregapReport.key(f, l));
    long rows = a.getLong(a.fieldIndex("rows"));
    long events = a.getLong(a.fieldIndex("events"));
    double[] rate = new double[10];
    long[] decileRows = new long[10];
    for (int d = 1; d <= 10; d++) {
      Row r = ranking.deciles().get(PregapReport.key(f, l, d));
      decileRows[d - 1] = r == null ? 0 : r.getLong(r.fieldIndex("rows"));
      rate[d - 1] = r == null ? Double.NaN : r.getDouble(r.fieldIndex("rate"));
    }
    double base = rows == 0 ? Double.NaN : events / (double) rows;
    Double top = Double.isNaN(rate[9]) ? null : rate[9];
    Double lift = top == null || events == 0 ? null : top / base;
    double[] byVol = new double[10];
    double u = 0;
    double pairs = 0;
    for (int d = 1; d <= 10; d++) {
      Row r = ranking.volAuc().get(PregapReport.key(f, l, d));
      byVol[d - 1] = r == null || r.isNullAt(r.fieldIndex("auc")) ? Double.NaN : r.getDouble(r.fieldIndex("auc"));
      if (r != null) {
        u += r.getDouble(r.fieldIndex("u"));
        pairs += r.getDouble(r.fieldIndex("pairs"));
      }
    }
    TickerBootstrap.AucParts all = overall.get(PregapReport.key(f, l));
    TickerBootstrap.Estimate auc = all == null ? null
        : boot.estimate(w -> TickerBootstrap.pooledAuc(List.of(all), w));

    String baseKind = Logistic.Kind.BASE.name();
    String fullKind = Logistic.Kind.WITH_FEATURE.name();
    boolean inBaseline = baseline.contains(f);
    List<TickerBootstrap.AucParts> baseParts = new ArrayList<>();
    List<TickerBootstrap.AucParts> fullParts = new ArrayList<>();
    List<TickerBootstrap.Estimate> gainByBlock = new ArrayList<>();
    long[] testEventsByBlock = new long[blocks.size()];
    long trainRows = 0;
    long testRows = 0;
    long testEvents = 0;
    boolean converged = true;
    for (RollingOrigin.Block b : blocks) {
      TickerBootstrap.AucParts pb = oos.get(PregapReport.key(f, l, baseKind, b.index()));
      TickerBootstrap.AucParts pf = oos.get(PregapReport.key(f, l, fullKind, b.index()));
      Logistic.Fit fb = fits.get(new Logistic.Key(RollingOrigin.model(vol, b.index()), l, Logistic.Kind.BASE));
      Logistic.Fit ff = fits.get(new Logistic.Key(RollingOrigin.model(f, b.index()), l, Logistic.Kind.WITH_FEATURE));
      converged &= (fb == null || !fb.fitted() || fb.converged()) && (ff == null || !ff.fitted() || ff.converged());
      if (pb == null || (!inBaseline && pf == null)) {
        gainByBlock.add(null);
        continue;
      }
      trainRows += inBaseline ? fb.rows() : ff.rows();
      double e = java.util.Arrays.stream(pb.events()).sum();
      testEventsByBlock[b.index()] = (long) e;
      testEvents += (long) e;
      testRows += (long) (e + java.util.Arrays.stream(pb.nonEvents()).sum());
      baseParts.add(pb);
      if (!inBaseline) {
        fullParts.add(pf);
        gainByBlock.add(boot.estimate(w -> TickerBootstrap.pooledAuc(List.of(pf), w)
            - TickerBootstrap.pooledAuc(List.of(pb), w)));
      } else {
        gainByBlock.add(null);
      }
    }
    TickerBootstrap.Estimate aucBase = baseParts.isEmpty() ? null
        : boot.estimate(w -> TickerBootstrap.pooledAuc(baseParts, w));
    TickerBootstrap.Estimate aucFull = fullParts.isEmpty() ? null
        : boot.estimate(w -> TickerBootstrap.pooledAuc(fullParts, w));
    TickerBootstrap.Estimate gain = fullParts.isEmpty() ? null
        : boot.estimate(w -> TickerBootstrap.pooledAuc(fullParts, w) - TickerBootstrap.pooledAuc(baseParts, w));

    TickerBootstrap.MeanParts[] v = value.get(PregapReport.key(f, l, inBaseline ? baseKind : fullKind));
    TickerBootstrap.MeanParts[] vb = inBaseline ? null : value.get(PregapReport.key(f, l, baseKind));
    TickerBootstrap.Estimate hit = v == null ? null : boot.estimate(w -> v[1].mean(w));
    TickerBootstrap.Estimate topNet = v == null ? null : boot.estimate(w -> v[0].mean(w));
    TickerBootstrap.Estimate restNet = v == null ? null : boot.estimate(w -> v[2].mean(w));
    TickerBootstrap.Estimate diff = v == null ? null : boot.estimate(w -> v[0].mean(w) - v[2].mean(w));
    TickerBootstrap.Estimate baseTop = vb == null ? null : boot.estimate(w -> vb[0].mean(w));
    return new PregapReport.Line(f, l, rows, events, auc, pairs > 0 ? u / pairs : null, byVol, rate, decileRows, top,
        lift, trainRows, testRows, testEvents, testEventsByBlock, aucBase, aucFull, gain, List.copyOf(
            gainByBlock.stream().map(x -> x == null ? new TickerBootstrap.Estimate(Double.NaN, null, null) : x)
                .toList()), hit, topNet, restNet, diff, baseTop, converged);
  }
}
