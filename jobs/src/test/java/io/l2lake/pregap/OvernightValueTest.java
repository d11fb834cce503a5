package io.l2lake.pregap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.lake.Schemas;
import io.l2lake.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The net-of-spread overnight return of the top decile against the rest on a hand-made block with the
 * stated spread assumption (round trip 10% below $0.10, 5% below $1, 2% below $5, 0.5% above).
 */
class OvernightValueTest {
  static final StructType SCORES = Schemas.struct(
      Schemas.field(PregapReport.FEATURE, DataTypes.StringType, false, "feature"),
      Schemas.field(RollingOrigin.BLOCK, DataTypes.IntegerType, false, "block"),
      Schemas.field(RollingOrigin.KIND, DataTypes.StringType, false, "kind"),
      Schemas.field(RollingOrigin.TARGET, DataTypes.StringType, false, "label"),
      Schemas.field("score", DataTypes.DoubleType, false, "score"),
      Schemas.field("y", DataTypes.IntegerType, false, "label value"),
      Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "ticker"),
      Schemas.field(PregapReport.GAP, DataTypes.DoubleType, false, "gap return"),
      Schemas.field(PregapReport.PRICE, DataTypes.DoubleType, false, "close of D-1"));

  @Test
  void theTopDecileNetOfTheSpreadOfItsPriceBucketAgainstTheRest() {
    PregapParams p = PregapParams.defaults();
    List<Row> rows = new ArrayList<>();
    for (String target : List.of("gap_up_20", "gap_down_20")) {
      for (int s = 1; s <= 20; s++) {
        // scores 1..20; the 90% point is 18, the top decile 18, 19 and 20 (at or above it)
        String ticker = s % 2 == 1 ? "A" : "B";
        double price = s == 19 ? 0.05 : s == 20 ? 2.0 : 0.5;
        double gap = s == 19 ? 0.30 : s == 20 ? 0.01 : 0.0;
        rows.add(RowFactory.create("ret_1", 0, "WITH_FEATURE", target, (double) s, s == 19 ? 1 : 0, ticker, gap,
            price));
      }
    }
    Map<String, Row> parts = new HashMap<>();
    for (Row r : OvernightValue.parts(SparkTestSession.get().createDataFrame(rows, SCORES), p).collectAsList()) {
      parts.put(r.getAs(RollingOrigin.TARGET) + "/" + r.getAs(Schemas.SYMBOL), r);
    }
    // long the up-gap: 19 (A): 0.30 - 0.10 = 0.20; 20 (B): 0.01 - 0.02 = -0.01; 18 (B) and the rest: 0 - 0.05
    Row upA = parts.get("gap_up_20/A");
    Row upB = parts.get("gap_up_20/B");
    assertEquals(1L, upA.<Long>getAs("top_rows"));
    assertEquals(0.20, upA.<Double>getAs("top_sum"), 1e-12);
    assertEquals(1L, upA.<Long>getAs("top_events"));
    assertEquals(9L, upA.<Long>getAs("rest_rows"));
    assertEquals(-0.45, upA.<Double>getAs("rest_sum"), 1e-12);
    assertEquals(2L, upB.<Long>getAs("top_rows"));
    assertEquals(-0.06, upB.<Double>getAs("top_sum"), 1e-12);
    assertEquals(0L, upB.<Long>getAs("top_events"));
    assertEquals(8L, upB.<Long>getAs("rest_rows"));
    assertEquals(-0.40, upB.<Double>getAs("rest_sum"), 1e-12);
    // short the down-gap: 19: -0.30 - 0.10; 20: -0.01 - 0.02; 18: -0.05
    assertEquals(-0.40, parts.get("gap_down_20/A").<Double>getAs("top_sum"), 1e-12);
    assertEquals(-0.08, parts.get("gap_down_20/B").<Double>getAs("top_sum"), 1e-12);
    assertEquals(-0.40, parts.get("gap_down_20/B").<Double>getAs("rest_sum"), 1e-12);

    // pooled over the tickers: top mean (0.20 - 0.06) / 3, rest -0.85 / 17 = -0.05
    TickerBootstrap boot = new TickerBootstrap(List.of("A", "B"), 200, 1);
    TickerBootstrap.MeanParts top = new TickerBootstrap.MeanParts(new double[] {1, 2},
        new double[] {upA.getAs("top_sum"), upB.getAs("top_sum")});
    TickerBootstrap.MeanParts rest = new TickerBootstrap.MeanParts(new double[] {9, 8},
        new double[] {upA.getAs("rest_sum"), upB.getAs("rest_sum")});
    assertEquals(0.14 / 3 + 0.05, boot.estimate(w -> top.mean(w) - rest.mean(w)).value(), 1e-12);
  }
}
