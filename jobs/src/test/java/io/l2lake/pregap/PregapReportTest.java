package io.l2lake.pregap;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  static final PregapParams P = PregapParams.defaults().withSplitDate(LocalDate.of(2021, 1, 1));

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
    assertEquals(LocalDate.of(2021, 1, 1), rep.splitDate());
    assertEquals(183 + 217, rep.trainRows() + rep.testRows());
    assertEquals(183, rep.trainRows(), "2020 has 366 days, every second one a row");
    Map<String, PregapReport.Line> lines = new HashMap<>();
    rep.lines().forEach(l -> lines.put(l.feature() + "/" + l.label(), l));
    assertEquals(8, lines.size(), "ret_1 and rvol_20 (the only features with values) x 4 labels");

    PregapReport.Line up = lines.get("ret_1/gap_up_20");
    assertEquals(400, up.rows());
    assertEquals(40, up.events());
    assertEquals(0.1, up.baseRate(), 1e-15);
    assertEquals(0.75, up.topDecileRate(), 1e-15);
    assertEquals(7.5, up.lift(), 1e-12);
    assertEquals(40, up.rowsByDecile()[9]);
    assertEquals(RankStatsTest.pairwise(all.stream().map(a -> new double[] {a[0], a[1]}).toList()), up.auc(),
        1e-12);
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
    // out of sample: both models fitted on 2020, scored on 2021
    assertNotNull(up.oosAucVol());
    assertNotNull(up.oosAucVolFeature());
    assertEquals(up.oosAucVolFeature() - up.oosAucVol(), up.oosGain(), 1e-15);
    // the volatility model ranks the test rows by volatility (or in reverse when its slope is negative)
    List<double[]> testVol = new ArrayList<>();
    for (int i = 183; i < 400; i++) {
      testVol.add(new double[] {all.get(i)[2], all.get(i)[1]});
    }
    double volAuc = RankStatsTest.pairwise(testVol);
    assertEquals(up.coefVol()[1] > 0 ? volAuc : 1 - volAuc, up.oosAucVol(), 1e-12);
    assertTrue(up.oosGain() > 0.2, "the feature ranks the events, volatility does not: gain " + up.oosGain());
    assertTrue(up.converged());
    assertEquals(2, up.coefVol().length);
    assertEquals(3, up.coefVolFeature().length);
    assertEquals(up.trainRows() + up.testRows(), 400);
    assertEquals(40, up.trainEvents() + up.testEvents());

    PregapReport.Line none = lines.get("ret_1/gap_down_50");
    assertEquals(0, none.events());
    assertNull(none.auc());
    assertNull(none.lift());
    assertNull(none.oosAucVol());

    PregapReport.Line vol = lines.get("rvol_20/gap_up_20");
    assertNotNull(vol.oosAucVol());
    assertNull(vol.coefVolFeature(), "volatility has no second model");
    assertNull(vol.oosGain());

    List<Row> out = PregapReport.rows(rep, "test [first, last]", null, null, "run");
    assertEquals(8, out.size());
    SparkTestSession.get().createDataFrame(out, PregapReport.SCHEMA).collectAsList();
  }

  @Test
  void theAutomaticSplitLeavesAboutTheTestShareInTheLastYears() {
    Map<Integer, Long> byYear = new java.util.TreeMap<>(Map.of(2014, 72L, 2015, 79L, 2016, 81L, 2017, 71L,
        2013, 66L, 2010, 54L));
    // from 2015: 231 of 423 = 0.55; from 2016: 152 = 0.36; from 2017: 71 = 0.17 -> 2016 is closest to 0.3
    assertEquals(LocalDate.of(2016, 1, 1), PregapReport.splitYear(byYear, 0.3));
    assertNull(PregapReport.splitYear(Map.of(2020, 10L), 0.3), "one year: no split");
  }
}
