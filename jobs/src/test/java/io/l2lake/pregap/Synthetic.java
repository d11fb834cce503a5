package io.l2lake.pregap;

import io.l2lake.lake.Schemas;
import io.l2lake.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Constructed gold.pregap rows whose up-gaps follow a known logistic law: P(gap_up_20) =
 * 1 / (1 + exp(-(-3.2 + 1.0 z + planted x))), z the standardised ln volatility and x = ret_1, drawn
 * independently of the volatility. vol_slope_5 holds the volatility itself (a function of volatility
 * only). The other labels are 0.
 */
final class Synthetic {
  private Synthetic() {}

  static Dataset<Row> pregap(PregapParams p, int tickers, int firstYear, int years, int daysPerYear, double planted,
      long seed) {
    StructType schema = GapFeatures.schema(p);
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < tickers; t++) {
      double tickerVol = -3 + 0.4 * r.nextGaussian();
      for (int y = 0; y < years; y++) {
        for (int d = 0; d < daysPerYear; d++) {
          double lnVol = tickerVol + 0.4 * r.nextGaussian();
          double z = (lnVol + 3) / 0.57;
          double x = r.nextGaussian();
          double eta = -3.2 + z + planted * x;
          int up = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
          Object[] v = new Object[schema.size()];
          v[schema.fieldIndex(Schemas.SYMBOL)] = "T" + t;
          v[schema.fieldIndex(Schemas.TRADE_DATE)] = java.sql.Date.valueOf(LocalDate.of(firstYear + y, 1, 1)
              .plusDays(d * (365L / daysPerYear)));
          v[schema.fieldIndex("open")] = 1.0;
          v[schema.fieldIndex(GapFeatures.PREV_CLOSE)] = Math.exp(0.5 * r.nextGaussian());
          v[schema.fieldIndex(GapFeatures.GAP_RETURN)] = up == 1 ? 0.25 : 0.0;
          for (String l : p.labels()) {
            v[schema.fieldIndex(l)] = 0;
          }
          v[schema.fieldIndex("gap_up_20")] = up;
          v[schema.fieldIndex(LabelHygiene.HALT)] = false;
          v[schema.fieldIndex(LabelHygiene.BAD_PRINT)] = false;
          v[schema.fieldIndex("rvol_20")] = Math.exp(lnVol);
          v[schema.fieldIndex("dollar_volume_20")] = Math.exp(10 + r.nextGaussian());
          v[schema.fieldIndex("ret_1")] = x;
          v[schema.fieldIndex("vol_slope_5")] = Math.exp(lnVol);
          rows.add(RowFactory.create(v));
        }
      }
    }
    return SparkTestSession.get().createDataFrame(rows, schema);
  }
}
