package io.l2lake.pregap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The rolling origins: the blocks, and no test block's rows in its own fit. */
class RollingOriginTest {
  static final PregapParams P = PregapParams.defaults().withTestBlocks(2012, 1).withBootstrapSamples(200);

  @Test
  void blocksStartAtTheFirstTestYearNeedEarlierYearsAndStopAtTheLastYear() {
    assertEquals(List.of(new RollingOrigin.Block(0, 2009, 2011), new RollingOrigin.Block(1, 2012, 2014),
        new RollingOrigin.Block(2, 2015, 2017)), RollingOrigin.blocks(List.of(1990, 2008, 2010, 2013, 2016, 2017),
            2009, 3));
    assertEquals(List.of(new RollingOrigin.Block(0, 2015, 2016)), RollingOrigin.blocks(List.of(2014, 2015, 2016),
        2015, 3), "the last block is cut at the last year");
    assertEquals(List.of(new RollingOrigin.Block(0, 2011, 2011)), RollingOrigin.blocks(List.of(2010, 2011), 2009,
        1), "2009 and 2010 have no earlier year to fit on");
    assertTrue(RollingOrigin.blocks(List.of(2020), 2009, 1).isEmpty());
    assertEquals("2012-2014", new RollingOrigin.Block(0, 2012, 2014).name());
  }

  @Test
  void changingATestYearsLabelsLeavesThatOriginsFitUnchangedAndChangesLaterOrigins() {
    Dataset<Row> pregap = Synthetic.pregap(P, 12, 2010, 4, 60, 1.0, 5);
    List<GapFeatures.Feature> present = GapFeatures.catalogue(P).stream()
        .filter(f -> List.of("ret_1", "rvol_20", "dollar_volume_20").contains(f.name())).toList();
    List<RollingOrigin.Block> blocks = List.of(new RollingOrigin.Block(0, 2012, 2012),
        new RollingOrigin.Block(1, 2013, 2013));
    Map<Logistic.Key, Logistic.Fit> base = fits(PregapReport.longTable(pregap, P, present), present, blocks);
    // every up-gap label of 2012 flipped
    Dataset<Row> flipped = pregap.withColumn("gap_up_20", when(org.apache.spark.sql.functions.year(
        col("trade_date")).equalTo(2012), lit(1).minus(col("gap_up_20"))).otherwise(col("gap_up_20")));
    Map<Logistic.Key, Logistic.Fit> changed = fits(PregapReport.longTable(flipped, P, present), present, blocks);
    for (String m : List.of("rvol_20@0", "ret_1@0")) {
      Logistic.Kind kind = m.startsWith("rvol") ? Logistic.Kind.BASE : Logistic.Kind.WITH_FEATURE;
      Logistic.Fit a = base.get(new Logistic.Key(m, "gap_up_20", kind));
      Logistic.Fit b = changed.get(new Logistic.Key(m, "gap_up_20", kind));
      assertTrue(a.fitted() && a.converged(), m);
      // equal up to the order in which Spark adds the sums
      assertArrayEquals(a.coefficients(), b.coefficients(), 1e-9, m + ": 2012's labels are not in the fit of its block");
      assertEquals(a.rows(), b.rows());
    }
    for (String m : List.of("rvol_20@1", "ret_1@1")) {
      Logistic.Kind kind = m.startsWith("rvol") ? Logistic.Kind.BASE : Logistic.Kind.WITH_FEATURE;
      Logistic.Fit a = base.get(new Logistic.Key(m, "gap_up_20", kind));
      Logistic.Fit b = changed.get(new Logistic.Key(m, "gap_up_20", kind));
      assertTrue(Math.abs(a.coefficients()[0] - b.coefficients()[0]) > 1e-3, m + ": the 2013 block is fitted on 2010-2012");
      assertEquals(a.rows(), b.rows());
    }
    assertFalse(base.containsKey(new Logistic.Key("dollar_volume_20@0", "gap_up_20", Logistic.Kind.BASE)),
        "a feature of the baseline has no model of its own");
    assertFalse(base.containsKey(new Logistic.Key("rvol_20@0", "gap_up_20", Logistic.Kind.WITH_FEATURE)));
    long trainRows = base.get(new Logistic.Key("rvol_20@0", "gap_up_20", Logistic.Kind.BASE)).rows();
    assertEquals(12 * 2 * 60, trainRows, "block 2012 is fitted on 2010 and 2011");
    assertEquals(12 * 3 * 60, base.get(new Logistic.Key("rvol_20@1", "gap_up_20", Logistic.Kind.BASE)).rows());
  }

  private static Map<Logistic.Key, Logistic.Fit> fits(Dataset<Row> longTable, List<GapFeatures.Feature> present,
      List<RollingOrigin.Block> blocks) {
    Dataset<Row> model = RollingOrigin.modelRows(longTable, present, blocks).cache();
    try {
      return RollingOrigin.fit(model, P.labels(), "rvol_20", Set.of("rvol_20", "dollar_volume_20"));
    } finally {
      model.unpersist();
    }
  }
}
