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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Gap labels, each feature against a direct computation, and no look-ahead. */
class GapFeaturesTest {
  static final PregapParams P = PregapParams.defaults();
  static final double EPS = 1e-12;

  static Map<LocalDate, Row> byDay(Dataset<Row> rows) {
    Map<LocalDate, Row> m = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      m.put(r.<java.sql.Date>getAs(Schemas.TRADE_DATE).toLocalDate(), r);
    }
    return m;
  }

  @Test
  void gapLabelsUpAndDownAtBothThresholdsWithTheBoundaryIncluded() {
    List<LocalDate> d = Bars.weekdays(LocalDate.of(2024, 3, 4), 9);
    // (open, close) per day; the comment is open / previous close - 1.
    double[][] oc = {
        {1.0, 1.0},   // first bar: no previous close
        {1.2, 2.5},   // +20% exactly
        {3.0, 1.0},   // +20% exactly again (3.0 / 2.5), another float pattern
        {1.5, 1.0},   // +50%
        {0.8, 2.0},   // -20% exactly
        {1.0, 1.0},   // -50% exactly
        {1.1999, 1.0}, // +19.99%: no gap
        {0.8001, 1.0}, // -19.99%: no gap
        {2.0, 2.0}};  // +100%, but after a 3-week hole: no label
    List<Bars.Bar> bars = new ArrayList<>();
    for (int i = 0; i < oc.length; i++) {
      LocalDate day = i == 8 ? d.get(7).plusDays(21) : d.get(i);
      double hi = Math.max(oc[i][0], oc[i][1]);
      double lo = Math.min(oc[i][0], oc[i][1]);
      bars.add(new Bars.Bar("GAP", day, oc[i][0], hi, lo, oc[i][1], 100));
    }
    List<Row> rows = GapFeatures.build(Bars.frame(bars), null, P).orderBy(Schemas.TRADE_DATE).collectAsList();
    int[][] expected = { // up20, up50, down20, down50
        {-1, -1, -1, -1},
        {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 1, 1}, {0, 0, 0, 0}, {0, 0, 0, 0},
        {-1, -1, -1, -1}};
    List<String> labels = List.of("gap_up_20", "gap_up_50", "gap_down_20", "gap_down_50");
    assertEquals(labels, P.labels());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      for (int j = 0; j < 4; j++) {
        Object v = r.getAs(labels.get(j));
        if (expected[i][j] < 0) {
          assertNull(v, "day " + i + " " + labels.get(j));
        } else {
          assertEquals(expected[i][j], ((Integer) v).intValue(), "day " + i + " " + labels.get(j));
        }
      }
    }
    assertEquals(0.5, rows.get(3).<Double>getAs(GapFeatures.GAP_RETURN), EPS);
    assertEquals(21, rows.get(8).<Integer>getAs(GapFeatures.DAYS_SINCE_PREV));
    // Other thresholds name their labels after themselves.
    PregapParams p30 = PregapParams.from(io.l2lake.config.Strategy.load(null, Map.of("strategy.pregap.gaps", "0.3",
        "strategy.pregap.return-days", "1", "strategy.pregap.slope-days", "5")));
    Row r3 = GapFeatures.build(Bars.frame(bars), null, p30).orderBy(Schemas.TRADE_DATE).collectAsList().get(3);
    assertEquals(1, r3.<Integer>getAs("gap_up_30"));
    assertEquals(0, r3.<Integer>getAs("gap_down_30"));
  }

  @Test
  void everyFeatureMatchesADirectComputationFromTheBarsBeforeD() {
    List<Bars.Bar> bars = Bars.irregular("IRR", 40, 7);
    Map<LocalDate, Row> out = byDay(GapFeatures.build(Bars.frame(bars), null, P));
    int checked = 0;
    for (int i = 0; i < bars.size(); i++) {
      Row r = out.get(bars.get(i).day());
      Map<String, Double> want = direct(bars, i);
      for (GapFeatures.Feature f : GapFeatures.catalogue(P)) {
        if (f.name().startsWith("acc_")) {
          assertNull(r.getAs(f.name()), "no tracker table: " + f.name());
          continue;
        }
        Double expected = want.get(f.name());
        Double actual = r.getAs(f.name());
        if (expected == null) {
          assertNull(actual, f.name() + " at bar " + i + " (window incomplete)");
        } else {
          assertNotNull(actual, f.name() + " at bar " + i);
          assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), f.name() + " at bar " + i);
          checked++;
        }
      }
    }
    assertTrue(checked > 150, "features checked: " + checked);
  }

  @Test
  void handComputedValuesOnASimpleSeries() {
    // 22 bars: closes 1.0 and 1.1 alternating, so every log return is +-ln(1.1); volume 100 e^(0.1 t) - 1.
    List<LocalDate> days = Bars.weekdays(LocalDate.of(2024, 1, 2), 23);
    List<Bars.Bar> bars = new ArrayList<>();
    for (int t = 0; t < 23; t++) {
      double c = t % 2 == 0 ? 1.0 : 1.1;
      double range = t >= 17 ? 0.05 : 0.1; // the last 5 bars before D (t = 17..21) have half the range
      long volume = Math.round(Math.exp(0.1 * t) * 100) - 1;
      bars.add(new Bars.Bar("S", days.get(t), c, t == 5 ? 2.0 : c + range, c, c, volume));
    }
    Row d = byDay(GapFeatures.build(Bars.frame(bars), null, P)).get(days.get(22));
    // close_{D-1} = close_21 = 1.1, close_20 = 1.0, close_16 = 1.0, close_11 = 1.1
    assertEquals(0.1, d.<Double>getAs("ret_1"), 1e-12);
    assertEquals(0.1, d.<Double>getAs("ret_5"), 1e-12);
    assertEquals(0.0, d.<Double>getAs("ret_10"), 1e-12);
    // 20 returns +-ln 1.1, ten of each: sample std = ln(1.1) sqrt(20 / 19)
    assertEquals(Math.log(1.1) * Math.sqrt(20.0 / 19), d.<Double>getAs("rvol_20"), 1e-12);
    // the 20-bar high (bars 2..21) includes the 2.0 high of bar 5: 1 - 1.1 / 2
    assertEquals(0.45, d.<Double>getAs("dist_high_20"), 1e-12);
    // ln(1 + volume) ~ ln 100 + 0.1 t (volumes rounded to whole shares): slope ~ 0.1
    assertEquals(0.1, d.<Double>getAs("vol_slope_5"), 2e-3);
    assertEquals(0.1, d.<Double>getAs("vol_slope_10"), 2e-3);
    assertTrue(d.<Double>getAs("range_ratio_5_20") < 0.7, "the range contracts");
  }

  @Test
  void changingBarsFromDOnLeavesTheFeaturesOfDAndEarlierUnchanged() {
    List<Bars.Bar> a = Bars.irregular("AAA", 45, 11);
    List<Bars.Bar> b = Bars.irregular("BBB", 45, 12);
    int dIndex = 30;
    LocalDate d = a.get(dIndex).day();
    List<Bars.Bar> original = new ArrayList<>(a);
    original.addAll(b);
    // From D on: other prices and volumes, some bars removed, a later bar added.
    java.util.Random r = new java.util.Random(99);
    List<Bars.Bar> changed = new ArrayList<>();
    for (List<Bars.Bar> s : List.of(a, b)) {
      for (Bars.Bar x : s) {
        if (x.day().isBefore(d)) {
          changed.add(x);
        } else if (r.nextInt(5) > 0) {
          double k = 0.3 + 3 * r.nextDouble();
          changed.add(new Bars.Bar(x.symbol(), x.day(), x.open() * k, x.high() * k * 1.2, x.low() * k * 0.8,
              x.close() * k, x.volume() * 7 + 13));
        }
      }
    }
    changed.add(new Bars.Bar("AAA", a.get(44).day().plusDays(3), 9, 9, 9, 9, 1));
    List<String> features = GapFeatures.catalogue(P).stream().map(GapFeatures.Feature::name).toList();
    Dataset<Row> before = GapFeatures.build(Bars.frame(original), null, P);
    Dataset<Row> after = GapFeatures.build(Bars.frame(changed), null, P);
    org.apache.spark.sql.Column upToD = org.apache.spark.sql.functions.col(Schemas.TRADE_DATE)
        .leq(org.apache.spark.sql.functions.lit(d));
    List<String> keyAndFeatures = new ArrayList<>(List.of(Schemas.SYMBOL, Schemas.TRADE_DATE));
    keyAndFeatures.addAll(features);
    String[] cols = keyAndFeatures.toArray(String[]::new);
    List<String> x = io.l2lake.testing.TestLakes.rows(before.filter(upToD).selectExpr(cols));
    List<String> y = io.l2lake.testing.TestLakes.rows(after.filter(upToD).selectExpr(cols));
    assertEquals(62, x.size());
    assertEquals(x, y);
    // D's features are not all null (the test would be empty otherwise), and D's own bar did change.
    Row dRow = byDay(after.filter(org.apache.spark.sql.functions.col(Schemas.SYMBOL).equalTo("AAA"))).get(d);
    assertNotNull(dRow.getAs("rvol_20"));
    assertNotNull(dRow.getAs("vol_slope_10"));
  }

  @Test
  void accumulationFeaturesComeFromTheTrackerRowOfTheDayBefore() {
    List<Bars.Bar> bars = Bars.irregular("ACC", 5, 3);
    StructType schema = Schemas.struct(
        Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "s"),
        Schemas.field(Schemas.TRADE_DATE, DataTypes.DateType, false, "d"),
        Schemas.field("day_score", DataTypes.DoubleType, true, "x"),
        Schemas.field("score_5", DataTypes.DoubleType, true, "x"),
        Schemas.field("score_10", DataTypes.DoubleType, true, "x"),
        Schemas.field("state", DataTypes.StringType, true, "x"),
        Schemas.field("off_exchange_share", DataTypes.DoubleType, true, "x"));
    List<Row> acc = new ArrayList<>();
    String[] states = {"WATCH", "ACCUMULATING", "READY", "TRIGGERED", "DECAYED"};
    for (int i = 0; i < 5; i++) {
      acc.add(RowFactory.create("ACC", java.sql.Date.valueOf(bars.get(i).day()), 0.1 * i, 0.2 * i, 0.3 * i, states[i],
          0.05 * i));
    }
    Dataset<Row> a = SparkTestSession.get().createDataFrame(acc, schema);
    List<Row> out = GapFeatures.build(Bars.frame(bars), a, P).orderBy(Schemas.TRADE_DATE).collectAsList();
    assertNull(out.get(0).getAs("acc_day_score"));
    for (int i = 1; i < 5; i++) {
      Row r = out.get(i);
      assertEquals(0.1 * (i - 1), r.<Double>getAs("acc_day_score"), EPS);
      assertEquals(0.2 * (i - 1), r.<Double>getAs("acc_score_5"), EPS);
      assertEquals(0.3 * (i - 1), r.<Double>getAs("acc_score_10"), EPS);
      assertEquals(states[i - 1], r.<String>getAs(GapFeatures.ACC_STATE));
      assertEquals(i, r.<Integer>getAs("acc_state_level"));
      assertEquals(0.05 * (i - 1), r.<Double>getAs("acc_off_exchange_share"), EPS);
    }
  }

  @Test
  void theSchemaCarriesAColumnCommentOnEveryColumn() {
    for (var f : GapFeatures.schema(P).fields()) {
      assertTrue(f.getComment().isDefined() && !f.getComment().get().isBlank(), f.name());
    }
    Dataset<Row> built = GapFeatures.build(Bars.frame(Bars.irregular("C", 3, 1)), null, P);
    assertEquals(List.of(GapFeatures.schema(P).fieldNames()), List.of(built.columns()));
    assertTrue(built.schema().apply("rvol_20").getComment().isDefined());
  }

  /** The features of bar i, computed directly from the definitions (null where a window is incomplete). */
  static Map<String, Double> direct(List<Bars.Bar> b, int i) {
    Map<String, Double> m = new HashMap<>();
    for (int k : P.returnDays()) {
      if (i - 1 - k >= 0) {
        m.put("ret_" + k, b.get(i - 1).close() / b.get(i - 1 - k).close() - 1);
      }
    }
    for (int n : P.slopeDays()) {
      if (i - n >= 0) {
        // ordinary least squares of y on t = 0..n-1, written out
        double sx = 0;
        double sy = 0;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < n; t++) {
          double y = Math.log(1 + b.get(i - n + t).volume());
          sx += t;
          sy += y;
          sxy += t * y;
          sxx += t * t;
        }
        m.put("vol_slope_" + n, (n * sxy - sx * sy) / (n * sxx - sx * sx));
      }
    }
    int l = P.longDays();
    if (i - l >= 0) {
      double shortMean = 0;
      double longMean = 0;
      double high = 0;
      double dollar = 0;
      for (int j = i - l; j < i; j++) {
        double hl = (b.get(j).high() - b.get(j).low()) / b.get(j).close();
        longMean += hl / l;
        if (j >= i - P.rangeDays()) {
          shortMean += hl / P.rangeDays();
        }
        high = Math.max(high, b.get(j).high());
        dollar += b.get(j).close() * b.get(j).volume() / l;
      }
      m.put("range_ratio_5_20", shortMean / longMean);
      m.put("dist_high_20", 1 - b.get(i - 1).close() / high);
      m.put("dollar_volume_20", dollar);
    }
    if (i - l - 1 >= 0) {
      double[] r = new double[l];
      double mean = 0;
      for (int j = 0; j < l; j++) {
        int at = i - l + j;
        r[j] = Math.log(b.get(at).close() / b.get(at - 1).close());
        mean += r[j] / l;
      }
      double ss = 0;
      for (double x : r) {
        ss += (x - mean) * (x - mean);
      }
      m.put("rvol_20", Math.sqrt(ss / (l - 1)));
    }
    return m;
  }
}
