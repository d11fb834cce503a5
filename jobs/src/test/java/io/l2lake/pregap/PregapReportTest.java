package io.l2lake.pregap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Schemas;
import io.l2lake.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The report on a constructed gold.pregap: 400 symbol-days with a feature (ret_1) whose top decile
 * holds 30 of the 40 up-gap events, a volatility of ten levels (so its deciles are known), and a split.
 */
class PregapReportTest {
  static final PregapParams P = PregapParams.defaults().withTestBlocks(2021, 2).withBootstrapSamples(200);

  @Test
  void ratesLiftAucWithinVolatilityAndOutOfSampleOnAConstructedCase() {
    StructType schema = GapFeatures.schema(P);
    List<Row> rows = new ArrayList<>();
    List<double[]> all = new ArrayList<>(); // value, up20, vol level
    for (int i = 0; i < 400; i++) {
      int v = (int) ((i * 7919L) % 400); // a permutation of 0..399
      int level = i % 10 + 1;
      boolean top = v >= 360;
      // 40 events: 30 in the top decile (those with v % 4 != 0), 10 spread below (v % 36 == 5)
      int up20 = top ? (v % 4 != 0 ? 1 : 0) : (v % 36 == 5 ? 1 : 0);
      int down20 = v % 9 == 0 ? 1 : 0;
      Object[] r = new Object[schema.size()];
      r[schema.fieldIndex(Schemas.SYMBOL)] = "S" + (i % 3);
      r[schema.fieldIndex(Schemas.TRADE_DATE)] = java.sql.Date.valueOf(LocalDate.of(2020, 1, 1).plusDays(i * 2L));
      r[schema.fieldIndex("open")] = 1.0;
      r[schema.fieldIndex("gap_up_20")] = up20;
      r[schema.fieldIndex("gap_up_50")] = up20 == 1 && v % 2 == 0 ? 1 : 0;
      r[schema.fieldIndex("gap_down_20")] = down20;
      r[schema.fieldIndex("gap_down_50")] = 0;
      r[schema.fieldIndex("ret_1")] = v / 400.0 - 0.5;
      r[schema.fieldIndex("rvol_20")] = 0.05 * level;
      r[schema.fieldIndex(GapFeatures.PREV_CLOSE)] = 1.0;
      r[schema.fieldIndex(GapFeatures.GAP_RETURN)] = 0.0;
      r[schema.fieldIndex("dollar_volume_20")] = 1000.0 + i;
      r[schema.fieldIndex(LabelHygiene.HALT)] = false;
      r[schema.fieldIndex(LabelHygiene.BAD_PRINT)] = false;
      rows.add(RowFactory.create(r));
      all.add(new double[] {v, up20, level});
    }
    // rows without labels or without a volatility are counted, not analysed
    Object[] noLabel = new Object[schema.size()];
    noLabel[0] = "S0";
    noLabel[1] = java.sql.Date.valueOf(LocalDate.of(2019, 12, 31));
    noLabel[schema.fieldIndex("open")] = 1.0;
    noLabel[schema.fieldIndex("rvol_20")] = 0.1;
    rows.add(RowFactory.create(noLabel));
    PregapReport.Report rep = PregapReport.compute(SparkTestSession.get().createDataFrame(rows, schema), P);

    assertEquals(401, rep.rows());
    assertEquals(400, rep.analysedRows());
    assertEquals(1, rep.withoutLabel());
    assertEquals(List.of(new RollingOrigin.Block(0, 2021, 2022)), rep.blocks());
    assertEquals(3, rep.tickers());
    Map<String, PregapReport.Line> lines = new HashMap<>();
    rep.lines().forEach(l -> lines.put(l.feature() + "/" + l.label(), l));
    assertEquals(12, lines.size(), "ret_1, rvol_20 and dollar_volume_20 (the only features with values) x 4 labels");

    PregapReport.Line up = lines.get("ret_1/gap_up_20");
    assertEquals(400, up.rows());
    assertEquals(40, up.events());
    assertEquals(0.1, up.baseRate(), 1e-15);
    assertEquals(0.75, up.topDecileRate(), 1e-15);
    assertEquals(7.5, up.lift(), 1e-12);
    assertEquals(40, up.rowsByDecile()[9]);
    assertEquals(RankStatsTest.pairwise(all.stream().map(a -> new double[] {a[0], a[1]}).toList()),
        up.auc().value(), 1e-12);
    assertTrue(up.auc().lo() <= up.auc().value() && up.auc().value() <= up.auc().hi(), "" + up.auc());
    // pooled within volatility levels: sum of per-level U over sum of per-level pairs
    double u = 0;
    double pairs = 0;
    for (int level = 1; level <= 10; level++) {
      int lv = level;
      List<double[]> in = all.stream().filter(a -> a[2] == lv).map(a -> new double[] {a[0], a[1]}).toList();
      long events = in.stream().filter(a -> a[1] == 1).count();
      long p = events * (in.size() - events);
      if (p > 0) {
        double auc = RankStatsTest.pairwise(in);
        u += auc * p;
        pairs += p;
        assertEquals(auc, up.aucByVolDecile()[level - 1], 1e-12, "volatility decile " + level);
      }
    }
    assertEquals(u / pairs, up.aucWithinVol(), 1e-12);
    // out of sample: the block 2021 scored by models fitted on 2020
    assertNotNull(up.oosAucBase());
    assertNotNull(up.oosAucFeature());
    assertEquals(up.oosAucFeature().value() - up.oosAucBase().value(), up.oosGain().value(), 1e-12);
    assertTrue(up.oosGain().value() > 0.2, "the feature ranks the events, the baseline does not: " + up.oosGain());
    assertTrue(up.converged());
    assertEquals(217, up.testRows(), "every second day from 2021-01-01 (row 183) on");
    assertEquals(1, up.gainByBlock().size());
    assertEquals(up.oosGain().value(), up.gainByBlock().get(0).value(), 1e-12, "one block: pooled = the block");

    PregapReport.Line none = lines.get("ret_1/gap_down_50");
    assertEquals(0, none.events());
    assertTrue(Double.isNaN(none.auc().value()));
    assertNull(none.lift());
    assertNull(none.oosGain());

    PregapReport.Line vol = lines.get("rvol_20/gap_up_20");
    assertNotNull(vol.oosAucBase());
    assertTrue(vol.inBaseline(), "volatility has no second model");
    assertNull(vol.oosGain());

    List<Row> out = ReportTable.rows(rep, "test [first, last]", null, null, "run");
    assertEquals(12, out.size());
    SparkTestSession.get().createDataFrame(out, ReportTable.SCHEMA).collectAsList();
  }

  @Test
  void aFeatureOfVolatilityAloneGainsNothingAndAPlantedFeatureGainsWithAnIntervalExcludingZero() {
    PregapParams p = PregapParams.defaults().withTestBlocks(2012, 1).withBootstrapSamples(200);
    PregapReport.Report rep = PregapReport.compute(Synthetic.pregap(p, 40, 2010, 4, 100, 1.0, 11).cache(), p);
    assertEquals(List.of(new RollingOrigin.Block(0, 2012, 2012), new RollingOrigin.Block(1, 2013, 2013)), rep.blocks());
    assertEquals(40, rep.tickers());
    Map<String, PregapReport.Line> lines = new HashMap<>();
    rep.lines().forEach(l -> lines.put(l.feature() + "/" + l.label(), l));
    PregapReport.Line planted = lines.get("ret_1/gap_up_20");
    PregapReport.Line volOnly = lines.get("vol_slope_5/gap_up_20");
    assertTrue(planted.oosGain().excludesZero() && planted.oosGain().lo() > 0, "planted: " + planted.oosGain());
    assertTrue(planted.oosGain().value() > 0.02, "planted: " + planted.oosGain());
    // a refitted copy of volatility: its gain is negligible and not claimed, however narrow its interval
    assertFalse(rep.claims(volOnly), "a function of volatility: " + volOnly.oosGain());
    assertTrue(Math.abs(volOnly.oosGain().value()) < p.minAucGain(), "" + volOnly.oosGain());
    assertTrue(rep.claims(planted), "planted: " + planted.oosGain());
    assertEquals(2, planted.gainByBlock().size());
    assertTrue(planted.gainByBlock().stream().allMatch(TickerBootstrap.Estimate::excludesZero));
    // both models score the same test rows: the baseline AUC is the same on both lines
    assertEquals(planted.oosAucBase().value(), volOnly.oosAucBase().value(), 1e-12);
    assertEquals(40 * 2 * 100, planted.testRows());
    assertTrue(planted.oosAucBase().value() > 0.65, "volatility ranks the gaps: " + planted.oosAucBase());
    assertTrue(lines.get("rvol_20/gap_up_20").inBaseline());
    // the planted feature's top decile catches more events than the baseline's
    assertTrue(planted.topHitRate().value() > lines.get("rvol_20/gap_up_20").topHitRate().value());
    assertEquals(rep.lines().stream().filter(l -> !l.inBaseline()).count(), rep.comparisons());
    // labels without events: no fit, no gain
    assertNull(lines.get("ret_1/gap_down_20").oosGain());
  }
}
