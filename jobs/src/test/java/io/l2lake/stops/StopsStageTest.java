package io.l2lake.stops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.l2lake.config.L2Config;
import io.l2lake.config.StopSettings;
import io.l2lake.config.Strategy;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.StageIo;
import io.l2lake.lake.TableId;
import io.l2lake.stage.StageContext;
import io.l2lake.stage.StageData;
import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class StopsStageTest {
  static final StructType DAYS = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("high", DataTypes.DoubleType).add("low", DataTypes.DoubleType)
      .add("close", DataTypes.DoubleType);
  static final Strategy STRATEGY = Strategy.load(null, Map.of("strategy.stops.atr-days", "2",
      "strategy.stops.regime-days", "2", "strategy.stops.regime-history-days", "6"));
  static final LocalDate FIRST = LocalDate.of(2025, 3, 3);

  /** Days of one symbol: close 1.00, 1.10, 1.00, ... (a 10% swing), high = close + 0.05, low = close - 0.05. */
  static Dataset<Row> days(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double close = i % 2 == 0 ? 1.0 : 1.1;
      rows.add(RowFactory.create("ABC", Date.valueOf(FIRST.plusDays(i)), close + 0.05, close - 0.05, close));
    }
    return SparkTestSession.get().createDataFrame(rows, DAYS);
  }

  static List<Row> run(Dataset<Row> days, LocalDate from, LocalDate to) {
    StageContext c = new StageContext(SparkTestSession.get(), L2Config.load(null, Map.of()), STRATEGY,
        RunContext.create(), from, to);
    StageData data = new StageData(Map.of(TableId.GOLD_ACCUMULATION, days), null, StageIo.range(from, to));
    return new StopsStage().transform(c, data).outputs().get(TableId.GOLD_STOPS).orderBy("trade_date")
        .collectAsList();
  }

  @Test
  void theContextComesFromTheDaysBeforeOnly() {
    List<Row> out = run(days(12), FIRST, FIRST.plusDays(11));
    assertEquals(12, out.size());
    assertNull(out.get(0).getAs("atr"), "the first day has no day before it");
    // Day 1: previous day's true range is high - low = 0.10 (no close before it).
    assertEquals(0.10, out.get(1).<Double>getAs("atr"), 1e-12);
    // Day 3 on: each previous true range spans the close before it: max(1.15, 1.00) - min(1.05, 1.00) = 0.15.
    assertEquals(0.15, out.get(3).<Double>getAs("atr"), 1e-12);
    // The swing is the same every day, so every volatility in the history equals today's: ties count as at or
    // below, which puts a constant volatility at the top of its history.
    assertEquals(1.0, out.get(11).<Double>getAs("vol_percentile"), 1e-12);
    assertEquals("high", out.get(11).getAs("regime"));
    assertNull(out.get(6).getAs("vol_percentile"), "fewer than 5 earlier volatilities");
    assertEquals("normal", out.get(6).getAs("regime"));
  }

  @Test
  void aRangeReadWithItsLookBackEqualsTheWholeHistory() {
    Dataset<Row> all = days(40);
    LocalDate from = FIRST.plusDays(30);
    LocalDate to = FIRST.plusDays(39);
    int lookBack = StopsStage.lookBack(STRATEGY.stops());
    assertEquals(2 * (Math.max(2, 6 + 2) + 1), lookBack);
    Dataset<Row> read = all.filter(StageIo.range(from.minusDays(lookBack), to));
    assertEquals(run(all, from, to), run(read, from, to));
    assertEquals(10, run(read, from, to).size(), "look-back rows are not returned");
  }

  @Test
  void theStageOwnsGoldStopsAndNamesItsSettings() {
    StopsStage s = new StopsStage();
    assertEquals(List.of(TableId.GOLD_STOPS), s.outputs().stream().map(o -> o.table()).toList());
    assertEquals(StopSettings.CONTEXT_SETTINGS, s.settings());
  }
}
