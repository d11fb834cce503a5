package io.l2lake.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.l2lake.config.Strategy;
import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dark-pool baseline: the spread of prior days' window shares, windows as long as the signal's. */
@Timeout(120)
class OffExchangeBaselineTest {
  static final StructType BARS = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("bar_ts", DataTypes.TimestampType)
      .add("volume", DataTypes.LongType).add("off_exchange_volume", DataTypes.LongType)
      .add("subpenny_volume", DataTypes.LongType).add("sell_volume", DataTypes.LongType)
      .add("true_range", DataTypes.DoubleType).add("rel_spread", DataTypes.DoubleType)
      .add("ret", DataTypes.DoubleType).add("range_ref", DataTypes.DoubleType);

  static void bars(List<Row> out, LocalDate day, long[][] volumeOffSubpenny) {
    for (int i = 0; i < volumeOffSubpenny.length; i++) {
      long[] v = volumeOffSubpenny[i];
      out.add(RowFactory.create("A", Date.valueOf(day), Timestamp.valueOf(day.atTime(15, i)), v[0], v[1], v[2], 0L,
          0.01, 0.01, 0.0, 1.0));
    }
  }

  @Test
  void windowsOfTheSignalsLengthOnPriorDays() {
    LocalDate d1 = LocalDate.of(2025, 3, 3);
    List<Row> rows = new ArrayList<>();
    // Windows of 2 bars. Day 1: 40 / 200 = 0.2; its third bar is an incomplete window, left out.
    bars(rows, d1, new long[][] {{100, 10, 0}, {100, 30, 0}, {100, 90, 0}});
    // Day 2: (70 - 20 sub-penny + 50) / 200 = 0.5; then 20 / 100 = 0.2 (a bar with no volume counts as a bar).
    bars(rows, d1.plusDays(1), new long[][] {{100, 70, 20}, {100, 50, 0}, {0, 0, 0}, {100, 20, 0}});
    bars(rows, d1.plusDays(2), new long[][] {{100, 0, 0}});
    Strategy s = Strategy.load(null, Map.of("strategy.darkpool.window", "2"));
    Map<LocalDate, Row> got = SignalInputs.withBaselines(SparkTestSession.get().createDataFrame(rows, BARS),
            s.signals(), 570, 960).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<Date>getAs("trade_date").toLocalDate(), r -> r, (a, b) -> a));
    // Day 3: the windows 0.2, 0.5 and 0.2.
    assertEquals(0.3, got.get(d1.plusDays(2)).<Double>getAs("base_offex_mean"), 1e-12);
    assertEquals(Math.sqrt(0.03), got.get(d1.plusDays(2)).<Double>getAs("base_offex_sd"), 1e-12);
    // Day 2 has one prior window: no spread, and too few earlier bars for the same-day fallback.
    assertNull(got.get(d1.plusDays(1)).getAs("base_offex_sd"));
    assertNull(got.get(d1.plusDays(1)).getAs("base_offex_mean"));
  }
}
