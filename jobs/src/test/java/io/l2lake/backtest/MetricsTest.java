package io.l2lake.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The metrics against values worked out by hand on small series. */
class MetricsTest {
  private static Row equityMetrics(double initial, double... equity) {
    StructType schema = new StructType().add("entries", DataTypes.StringType).add("trade_date", DataTypes.DateType)
        .add("equity", DataTypes.DoubleType).add("exposed", DataTypes.BooleanType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < equity.length; i++) {
      rows.add(RowFactory.create("signal", Date.valueOf(java.time.LocalDate.of(2025, 3, 3).plusDays(i)), equity[i],
          i % 2 == 0));
    }
    return Metrics.fromEquity(SparkTestSession.get().createDataFrame(rows, schema), initial, "entries").first();
  }

  private static double get(Row r, String c) {
    return r.getDouble(r.fieldIndex(c));
  }

  @Test
  void equityMetricsByHand() {
    // 100 -> 110 -> 99 -> 121: returns +10%, -10%, +22.22%.
    Row r = equityMetrics(100, 110, 99, 121);
    double r3 = 121.0 / 99 - 1;
    double mean = (0.1 - 0.1 + r3) / 3;
    double sd = Math.sqrt((Math.pow(0.1 - mean, 2) + Math.pow(-0.1 - mean, 2) + Math.pow(r3 - mean, 2)) / 2);
    assertEquals(3L, r.getLong(r.fieldIndex("days")));
    assertEquals(0.21, get(r, "total_return"), 1e-12);
    assertEquals(Math.pow(1.21, 252.0 / 3) - 1, get(r, "cagr"), 1e-6 * Math.pow(1.21, 84));
    assertEquals(mean / sd * Math.sqrt(252), get(r, "sharpe"), 1e-9);
    assertEquals(mean / Math.sqrt(0.01 / 3) * Math.sqrt(252), get(r, "sortino"), 1e-9);
    assertEquals(0.1, get(r, "max_drawdown"), 1e-12); // 110 -> 99
    assertEquals(2.0 / 3, get(r, "exposure"), 1e-12);
  }

  @Test
  void drawdownCountsFromTheStartingCapital() {
    Row r = equityMetrics(100, 90, 80, 95);
    assertEquals(0.2, get(r, "max_drawdown"), 1e-12);
    assertEquals(-0.05, get(r, "total_return"), 1e-12);
  }

  @Test
  void aFlatCurveHasNoSharpe() {
    Row r = equityMetrics(100, 100, 100, 100);
    assertNull(r.get(r.fieldIndex("sharpe")));
    assertNull(r.get(r.fieldIndex("sortino")));
    assertEquals(0.0, get(r, "max_drawdown"), 0);
  }

  @Test
  void tradeMetricsByHand() {
    StructType schema = new StructType().add("entries", DataTypes.StringType).add("pnl", DataTypes.DoubleType)
        .add("hold_bars", DataTypes.LongType);
    List<Row> rows = List.of(RowFactory.create("signal", 100.0, 10L), RowFactory.create("signal", -50.0, 20L),
        RowFactory.create("signal", 30.0, 30L), RowFactory.create("signal", -20.0, 40L));
    Row r = Metrics.fromTrades(SparkTestSession.get().createDataFrame(rows, schema), "entries").first();
    assertEquals(4L, r.getLong(r.fieldIndex("trade_count")));
    assertEquals(0.5, get(r, "win_rate"), 0);
    assertEquals(130.0 / 70.0, get(r, "profit_factor"), 1e-12);
    assertEquals(25.0, get(r, "average_hold_bars"), 0);
    assertEquals(60.0, get(r, "net_pnl"), 1e-12);
    Row allWins = Metrics.fromTrades(SparkTestSession.get().createDataFrame(
        List.of(RowFactory.create("signal", 5.0, 1L)), schema), "entries").first();
    assertNull(allWins.get(allWins.fieldIndex("profit_factor")), "no loss: profit factor undefined");
  }
}
