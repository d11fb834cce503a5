package io.l2lake.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.config.BacktestSettings;
import io.l2lake.config.Strategy;
import io.l2lake.testing.SparkTestSession;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The fill model's prices, caps and costs on hand-worked orders (default costs of conf/strategy.conf). */
class FillModelTest {
  private static final BacktestSettings P = Strategy.defaults().backtest();

  private static Object eval(Column c) {
    Row r = SparkTestSession.get().range(1).select(c.as("v")).first();
    return r.get(0);
  }

  @Test
  void buysAtTheAskAndSellsAtTheBidWithSlippage() {
    // bid 1.00, ask 1.02: 10% of the spread plus 0.1 x price x participation (1,000 / 100,000).
    double buy = (Double) eval(FillModel.buyPrice(lit(1.00), lit(1.02), lit(1000L), lit(100_000L), P));
    assertEquals(1.02 + 0.002 + 1.02 * 0.1 * 0.01, buy, 1e-12);
    double sell = (Double) eval(FillModel.sellPrice(lit(1.00), lit(1.00), lit(1.02), lit(1000L), lit(100_000L), P));
    assertEquals(1.00 - 0.002 - 1.00 * 0.1 * 0.01, sell, 1e-12);
  }

  @Test
  void participationCapLeavesTheRestUnfilled() {
    assertEquals(2000L, eval(FillModel.filledShares(lit(5000L), lit(20_000L), P)));
    assertEquals(1500L, eval(FillModel.filledShares(lit(1500L), lit(20_000L), P)));
    assertEquals(0L, eval(FillModel.filledShares(lit(1500L), lit(9L), P)));
  }

  @Test
  void aGapThroughTheStopFillsAtTheOpen() {
    Column noBid = lit(null).cast("double");
    assertEquals(0.80, (Double) eval(FillModel.stopReference(lit(0.90), lit(0.80), noBid)), 0);
    assertEquals(0.90, (Double) eval(FillModel.stopReference(lit(0.90), lit(0.95), noBid)), 0);
    assertEquals(0.90, (Double) eval(FillModel.stopReference(lit(0.90), lit(null).cast("double"), noBid)), 0);
    // The bid after the touch: a lower bid is the fill, a higher one leaves the stop.
    assertEquals(0.86, (Double) eval(FillModel.stopReference(lit(0.90), lit(0.95), lit(0.86))), 0);
    assertEquals(0.90, (Double) eval(FillModel.stopReference(lit(0.90), lit(0.95), lit(0.92))), 0);
    assertEquals(0.78, (Double) eval(FillModel.stopReference(lit(0.90), lit(0.80), lit(0.78))), 0);
    assertEquals(0.80, (Double) eval(FillModel.stopReference(lit(0.90), lit(0.80), lit(0.0))), 0);
  }

  @Test
  void commissionsHaveAMinimumAndSalesPayFees() {
    assertEquals(1.0, (Double) eval(FillModel.commission(lit(100L), lit(2.0), P)), 1e-12); // 0.50 -> minimum 1.00
    assertEquals(5.0, (Double) eval(FillModel.commission(lit(1000L), lit(2.0), P)), 1e-12);
    // Below $0.50 a share the cap of 1% of the value decides: 10,000 x 0.005 = 50.00 against 1% of 2,000.
    assertEquals(20.0, (Double) eval(FillModel.commission(lit(10_000L), lit(0.20), P)), 1e-12);
    // The cap applies after the minimum: 50 shares at $0.10 pay 1% of $5, not $1.
    assertEquals(0.05, (Double) eval(FillModel.commission(lit(50L), lit(0.10), P)), 1e-12);
    // 10,000 shares at $2: SEC 20,000 x 0.0000278 = 0.556; TAF 10,000 x 0.000166 = 1.66.
    assertEquals(0.556 + 1.66, (Double) eval(FillModel.sellFees(lit(10_000L), lit(2.0), P)), 1e-9);
    // 100,000 shares: the TAF stops at 8.30.
    assertEquals(100_000 * 2.0 * 0.0000278 + 8.30, (Double) eval(FillModel.sellFees(lit(100_000L), lit(2.0), P)), 1e-9);
  }

  @Test
  void columnsWork() {
    Row r = SparkTestSession.get().range(3).select(FillModel.filledShares(col("id").multiply(1000), lit(10_000L), P)
        .as("v")).orderBy("v").collectAsList().get(2);
    assertEquals(1000L, r.getLong(0));
  }
}
