package io.l2lake.signals;

import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Hand-built bar sequences in the shape {@link SignalInputs#build} produces (bars + book + baselines),
 * one symbol-day of {@code n} consecutive minutes from 14:30 UTC (10:30 Eastern), every column set to
 * a neutral constant unless a test sets it bar by bar.
 */
final class SignalBars {
  private final int n;
  private final Map<String, Object[]> columns = new LinkedHashMap<>();
  private final Map<String, DataType> types = new LinkedHashMap<>();

  private SignalBars(int n) {
    this.n = n;
    num("open", 1.0);
    num("high", 1.0);
    num("low", 1.0);
    num("close", 1.0);
    num("vwap", 1.0);
    num("ret", 0.0);
    lng("volume", 1000);
    lng("buy_volume", 500);
    lng("sell_volume", 500);
    lng("off_exchange_volume", 300);
    lng("subpenny_volume", 0);
    lng("off_exchange_above_mid_volume", 150);
    lng("off_exchange_block_volume", 0);
    lng("sell_price_levels", 1);
    num("bid", 0.99);
    num("ask", 1.01);
    num("bid_low", 0.99);
    num("ask_high", 1.01);
    num("rel_spread", 0.02);
    num("ofi", 0.0);
    lng("bid_executed", 100);
    lng("ask_executed", 100);
    lng("bid_refill", 0);
    num("bid_size_est", 1000.0);
    num("ask_size_est", 1000.0);
    num("bid_depth_est", 5000.0);
    num("ask_depth_est", 5000.0);
    num("tick", 0.01);
    num("base_sell", 500.0);
    num("base_volume", 1000.0);
    num("base_atr", 0.01);
    num("base_rel_spread", 0.02);
    num("base_rv", 0.01);
    num("base_offex_mean", 0.3);
    num("base_offex_sd", 0.1);
    set("sizes_source", DataTypes.StringType, i -> "displayed");
  }

  static SignalBars of(int n) {
    return new SignalBars(n);
  }

  SignalBars num(String c, double v) {
    return set(c, DataTypes.DoubleType, i -> v);
  }

  SignalBars num(String c, IntFunction<Double> f) {
    return set(c, DataTypes.DoubleType, f::apply);
  }

  SignalBars lng(String c, long v) {
    return set(c, DataTypes.LongType, i -> v);
  }

  SignalBars lng(String c, IntFunction<Long> f) {
    return set(c, DataTypes.LongType, f::apply);
  }

  SignalBars set(String c, DataType type, IntFunction<Object> f) {
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = f.apply(i);
    }
    columns.put(c, values);
    types.put(c, type);
    return this;
  }

  Dataset<Row> frame() {
    StructType schema = new StructType().add("symbol", DataTypes.StringType).add("trade_date", DataTypes.DateType)
        .add("bar_ts", DataTypes.TimestampType).add("regular", DataTypes.BooleanType);
    for (Map.Entry<String, DataType> e : types.entrySet()) {
      schema = schema.add(e.getKey(), e.getValue());
    }
    List<Row> rows = new ArrayList<>();
    Instant start = Instant.parse("2025-03-03T14:30:00Z");
    for (int i = 0; i < n; i++) {
      List<Object> v = new ArrayList<>(List.of("TEST", Date.valueOf("2025-03-03"),
          Timestamp.from(start.plusSeconds(60L * i)), true));
      for (Object[] col : columns.values()) {
        v.add(col[i]);
      }
      rows.add(RowFactory.create(v.toArray()));
    }
    return SparkTestSession.get().createDataFrame(rows, schema);
  }
}
