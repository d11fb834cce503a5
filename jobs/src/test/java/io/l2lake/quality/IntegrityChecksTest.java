package io.l2lake.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Schemas;
import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** Each check on hand-built symbol-days: where it must fail and where it must pass. */
class IntegrityChecksTest {
  static final L2Config.Quality Q = L2Config.load(null, Map.of()).quality();

  /** A trade at an Eastern time on 2021-03-02 (EST, UTC-5). */
  static Row trade(String symbol, String time, long seq, double price, Long totalVolume, Double bid,
      Double ask) {
    LocalDateTime et = LocalDateTime.parse("2021-03-02T" + time);
    Timestamp ts = Timestamp.from(et.atZone(java.time.ZoneId.of("America/New_York")).toInstant());
    return RowFactory.create(symbol, Date.valueOf("2021-03-02"), ts, seq, price, 100L, totalVolume, bid,
        ask, null, null, seq, "C", 5, CollectionConverters.asScala(List.<String>of()).toSeq(), 0, 2,
        "history", false, "h|5|" + seq, "f.csv", seq, "run");
  }

  /** check name -> [violations, failed ? 1 : 0] for one symbol. */
  static Map<String, List<Object>> tickResults(List<Row> trades, String symbol) {
    Dataset<Row> df = SparkTestSession.get().createDataFrame(trades, Schemas.TICKS);
    Dataset<Row> out = IntegrityStage.evaluate(IntegrityChecks.prepare(df, true, Q),
        IntegrityChecks.tickChecks(Q), "t").filter("symbol = '" + symbol + "'");
    Map<String, List<Object>> m = new TreeMap<>();
    for (Row r : out.collectAsList()) {
      m.put(r.getAs("check"), List.of(r.getAs("violations"), r.getAs("failed"), r.getAs("level")));
    }
    return m;
  }

  /** A clean regular session: a trade every 10 minutes from 09:30 to 16:00. */
  static List<Row> cleanDay(String symbol) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i <= 39; i++) {
      int m = 9 * 60 + 30 + i * 10;
      rows.add(trade(symbol, String.format("%02d:%02d:00", m / 60, m % 60), i + 1, 1.00 + i * 0.001,
          1000L + i, 0.99 + i * 0.001, 1.01 + i * 0.001));
    }
    return rows;
  }

  @Test
  void aCleanDayPassesEveryCheck() {
    Map<String, List<Object>> r = tickResults(cleanDay("OK"), "OK");
    assertEquals(9, r.size());
    r.forEach((check, v) -> assertEquals(false, v.get(1), check + " " + v));
  }

  @Test
  void eachFaultFailsItsCheck() {
    List<Row> rows = new ArrayList<>(cleanDay("BAD"));
    rows.set(3, trade("BAD", "10:00:00", 4, 1.003, 1003L, 1.02, 1.01)); // crossed (1 of 40 = 2.5%)
    rows.set(5, trade("BAD", "10:20:00", 6, 1.005, 1005L, 1.005, 1.005)); // locked
    rows.set(7, trade("BAD", "10:40:00", 8, 1.10, 1007L, 0.99, 1.01)); // outside quote by 9%
    rows.set(10, trade("BAD", "10:50:00", 11, 1.010, 1000L, 0.99, 1.03)); // time and volume regression
    rows.set(20, trade("BAD", "12:50:00", 21, 1.60, 1020L, 0.99, 1.70)); // isolated outlier
    rows.add(trade("BAD", "20:30:00", 41, 1.04, 2000L, 1.00, 1.10)); // after the session
    Map<String, List<Object>> r = tickResults(rows, "BAD");
    assertEquals(List.of(1L, false, "error"), r.get("crossed_quote"), "2.5% <= 5% threshold");
    assertEquals(List.of(1L, true, "warning"), r.get("locked_quote"));
    assertEquals(List.of(1L, true, "warning"), r.get("outside_session"));
    assertEquals(List.of(1L, true, "warning"), r.get("time_regression"));
    assertEquals(List.of(1L, true, "warning"), r.get("total_volume_regression"));
    assertEquals(List.of(1L, true, "warning"), r.get("outlier_print"));
    assertEquals(List.of(0L, false, "warning"), r.get("intraday_hole"));
    assertEquals(List.of(0L, false, "error"), r.get("non_positive_price"));
    // The 1.10 print is outside [0.99, 1.01] by more than 2%; the outlier sits inside its wide quote.
    assertEquals(List.of(1L, false, "warning"), r.get("last_outside_quote"), "1 of 39 <= 5%");
  }

  @Test
  void crossedQuotesAboveTheShareMakeTheDayUnusable() {
    List<Row> rows = new ArrayList<>(cleanDay("X"));
    for (int i = 0; i < 5; i++) {
      Row t = rows.get(i);
      rows.set(i, trade("X", LocalDateTime.ofInstant(((Timestamp) t.get(2)).toInstant(),
          java.time.ZoneId.of("America/New_York")).toLocalTime().toString(), i + 1, 1.0, 1000L + i, 1.02, 1.01));
    }
    Dataset<Row> df = SparkTestSession.get().createDataFrame(rows, Schemas.TICKS);
    Dataset<Row> findings = IntegrityStage.evaluate(IntegrityChecks.prepare(df, true, Q),
        IntegrityChecks.tickChecks(Q), "t");
    Row day = IntegrityStage.usableDays(findings).first();
    assertEquals(false, day.getAs("usable"));
    assertEquals(List.of("ticks.crossed_quote"), day.getList(day.fieldIndex("reasons")));
  }

  @Test
  void aLongQuietStretchIsAHole() {
    List<Row> rows = new ArrayList<>(cleanDay("H"));
    rows.subList(10, 16).clear(); // 11:10 .. 12:00 removed: 11:00 -> 12:10 is 70 minutes
    Map<String, List<Object>> r = tickResults(rows, "H");
    assertEquals(List.of(1L, true, "warning"), r.get("intraday_hole"));
  }

  @Test
  void dailyBarRules() {
    List<Row> bars = List.of(
        RowFactory.create("A", Date.valueOf("2021-03-01"), 1.0, 1.2, 0.9, 1.1, 10L, 0L, "f", 1L, "r"),
        RowFactory.create("A", Date.valueOf("2021-03-02"), 1.0, 0.8, 0.9, 0.85, 10L, 0L, "f", 2L, "r"),
        RowFactory.create("A", Date.valueOf("2021-03-03"), 1.3, 1.2, 0.9, 1.1, 10L, 0L, "f", 3L, "r"));
    Dataset<Row> out = IntegrityStage.evaluate(SparkTestSession.get().createDataFrame(bars, Schemas.DAILY_BARS),
        IntegrityChecks.dailyChecks(), "t").filter("failed").orderBy("trade_date", "check");
    assertEquals(List.of("2021-03-02 bar_high_below_low", "2021-03-02 bar_open_close_outside_range",
        "2021-03-03 bar_open_close_outside_range"), out.collectAsList().stream()
        .map(r -> r.getAs("trade_date") + " " + r.getAs("check")).toList());
  }

  @Test
  void missingTradingDaysFollowTheExchangeCalendar() {
    // Ticks on Wed 2021-03-31 and Mon 2021-04-05: Thu 04-01 is missing; Good Friday and the weekend are not.
    List<Row> rows = new ArrayList<>();
    for (String d : List.of("2021-03-31", "2021-04-05")) {
      rows.add(RowFactory.create("M", Date.valueOf(d), 1.0, 1.0, 1.0, 1.0, 1L, 0L, "f", 1L, "r"));
    }
    Dataset<Row> missing = IntegrityStage.missingDays(SparkTestSession.get(),
        SparkTestSession.get().createDataFrame(rows, Schemas.DAILY_BARS), "daily_bars", "t");
    assertEquals(List.of(LocalDate.of(2021, 4, 1)), missing.collectAsList().stream()
        .map(r -> ((Date) r.getAs("trade_date")).toLocalDate()).toList());
  }
}
