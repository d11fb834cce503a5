package io.l2lake.pregap;

import io.l2lake.lake.Schemas;
import io.l2lake.testing.SparkTestSession;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Hand-built daily bars for the pre-gap tests. */
final class Bars {
  private Bars() {}

  static final StructType SCHEMA = Schemas.struct(
      Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "ticker"),
      Schemas.field(Schemas.TRADE_DATE, DataTypes.DateType, false, "day"),
      Schemas.field("open", DataTypes.DoubleType, false, "open"),
      Schemas.field("high", DataTypes.DoubleType, false, "high"),
      Schemas.field("low", DataTypes.DoubleType, false, "low"),
      Schemas.field("close", DataTypes.DoubleType, false, "close"),
      Schemas.field("volume", DataTypes.LongType, false, "volume"));

  /** One bar. */
  record Bar(String symbol, LocalDate day, double open, double high, double low, double close, long volume) {
    Row row() {
      return RowFactory.create(symbol, java.sql.Date.valueOf(day), open, high, low, close, volume);
    }
  }

  /** Weekdays from {@code start}, {@code n} of them. */
  static List<LocalDate> weekdays(LocalDate start, int n) {
    List<LocalDate> out = new ArrayList<>();
    LocalDate d = start;
    while (out.size() < n) {
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        out.add(d);
      }
      d = d.plusDays(1);
    }
    return out;
  }

  /**
   * An irregular but deterministic series of {@code n} bars: closes wander around 1-2 dollars, ranges
   * and volumes vary (some zero-volume days).
   */
  static List<Bar> irregular(String symbol, int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    List<Bar> out = new ArrayList<>();
    double close = 1.5;
    for (LocalDate d : weekdays(LocalDate.of(2024, 1, 2), n)) {
      double open = close * (1 + 0.1 * (r.nextDouble() - 0.45));
      close = Math.max(0.2, open * (1 + 0.15 * (r.nextDouble() - 0.5)));
      double high = Math.max(open, close) * (1 + 0.05 * r.nextDouble());
      double low = Math.min(open, close) * (1 - 0.05 * r.nextDouble());
      long volume = r.nextInt(10) == 0 ? 0 : 1_000 + r.nextInt(100_000);
      out.add(new Bar(symbol, d, open, high, low, close, volume));
    }
    return out;
  }

  static Dataset<Row> frame(List<Bar> bars) {
    return SparkTestSession.get().createDataFrame(bars.stream().map(Bar::row).toList(), SCHEMA);
  }
}
