package io.l2lake.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.testing.SparkTestSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The as-of join on random data (ties in time, one-sided and empty quotes, quotes older than the
 * maximum age, days without quotes) equals a brute-force reference and DuckDB's ASOF JOIN.
 */
class AsOfQuotesTest {
  static final double MAX_AGE = 3.0;
  static final long BASE_US = Instant.parse("2021-03-01T14:30:00Z").getEpochSecond() * 1_000_000L;
  static final StructType TRADES = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("ts", DataTypes.TimestampType).add("seq", DataTypes.LongType)
      .add("id", DataTypes.LongType);
  static final StructType QUOTES = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("ts", DataTypes.TimestampType).add("seq", DataTypes.LongType)
      .add("bid", DataTypes.DoubleType).add("bid_size", DataTypes.LongType).add("ask", DataTypes.DoubleType)
      .add("ask_size", DataTypes.LongType);

  record Event(String symbol, String day, long tsUs, long seq, long id, Double bid, Long bidSize, Double ask,
      Long askSize) {}

  static List<Event> trades = new ArrayList<>();
  static List<Event> quotes = new ArrayList<>();

  @BeforeAll
  static void generate() {
    Random r = new Random(42);
    long id = 0;
    for (int s = 0; s < 12; s++) {
      for (String day : List.of("2021-03-01", "2021-03-02")) {
        String symbol = "S" + s;
        long seq = 0;
        int n = 150 + r.nextInt(150);
        boolean noQuotes = s == 11;
        for (int i = 0; i < n; i++) {
          long tsUs = BASE_US + (long) r.nextInt(60) * 250_000L; // many ties on a 0.25 s grid over 15 s
          seq += 1 + r.nextInt(3);
          if (r.nextBoolean() || noQuotes) {
            trades.add(new Event(symbol, day, tsUs, seq, id++, null, null, null, null));
          } else {
            Double bid = r.nextInt(10) == 0 ? null : r.nextInt(10) == 0 ? 0.0 : 1 + r.nextInt(100) / 100.0;
            Double ask = r.nextInt(10) == 0 ? null : 1.5 + r.nextInt(100) / 100.0;
            Long bidSize = r.nextInt(5) == 0 ? null : (long) r.nextInt(5000);
            Long askSize = r.nextInt(5) == 0 ? null : (long) r.nextInt(5000);
            quotes.add(new Event(symbol, day, tsUs, seq, id++, bid, bidSize, ask, askSize));
          }
        }
        // A trade long after the day's last quote: its quote is too old.
        trades.add(new Event(symbol, day, BASE_US + 60_000_000L, seq + 1, id++, null, null, null, null));
      }
    }
  }

  /** What the prevailing quote of a trade must be: (quote ts, bid, ask, bid size, ask size) or null. */
  static List<Object> reference(Event t) {
    Event best = null;
    for (Event q : quotes) {
      if (!q.symbol().equals(t.symbol()) || !q.day().equals(t.day())) {
        continue;
      }
      boolean before = q.tsUs() < t.tsUs() || (q.tsUs() == t.tsUs() && q.seq() <= t.seq());
      if (before && (best == null || q.tsUs() > best.tsUs()
          || (q.tsUs() == best.tsUs() && q.seq() > best.seq()))) {
        best = q;
      }
    }
    if (best == null || (t.tsUs() - best.tsUs()) / 1e6 > MAX_AGE) {
      return null;
    }
    return expected(best);
  }

  static List<Object> expected(Event q) {
    Double bid = q.bid() != null && q.bid() > 0 ? q.bid() : null;
    Double ask = q.ask() != null && q.ask() > 0 ? q.ask() : null;
    List<Object> v = new ArrayList<>();
    v.add(q.tsUs());
    v.add(bid);
    v.add(ask);
    v.add(bid == null ? null : q.bidSize());
    v.add(ask == null ? null : q.askSize());
    return v;
  }

  static Map<Long, List<Object>> spark() {
    List<Row> t = trades.stream().map(e -> RowFactory.create(e.symbol(), java.sql.Date.valueOf(e.day()),
        ts(e.tsUs()), e.seq(), e.id())).toList();
    List<Row> q = quotes.stream().map(e -> RowFactory.create(e.symbol(), java.sql.Date.valueOf(e.day()),
        ts(e.tsUs()), e.seq(), e.bid(), e.bidSize(), e.ask(), e.askSize())).toList();
    Dataset<Row> out = AsOfQuotes.join(SparkTestSession.get().createDataFrame(t, TRADES),
        SparkTestSession.get().createDataFrame(q, QUOTES), MAX_AGE);
    Map<Long, List<Object>> m = new HashMap<>();
    for (Row r : out.select("id", AsOfQuotes.Q_TS, AsOfQuotes.Q_BID, AsOfQuotes.Q_ASK, AsOfQuotes.Q_BID_SIZE,
        AsOfQuotes.Q_ASK_SIZE).collectAsList()) {
      if (r.isNullAt(1)) {
        m.put(r.getLong(0), null);
      } else {
        Instant i = r.getTimestamp(1).toInstant();
        List<Object> v = new ArrayList<>();
        v.add(i.getEpochSecond() * 1_000_000L + i.getNano() / 1000);
        v.add(r.isNullAt(2) ? null : r.getDouble(2));
        v.add(r.isNullAt(3) ? null : r.getDouble(3));
        v.add(r.isNullAt(4) ? null : r.getLong(4));
        v.add(r.isNullAt(5) ? null : r.getLong(5));
        m.put(r.getLong(0), v);
      }
    }
    return m;
  }

  @Test
  void equalsTheBruteForceReference() {
    Map<Long, List<Object>> got = spark();
    assertEquals(trades.size(), got.size());
    int withQuote = 0;
    for (Event t : trades) {
      List<Object> want = reference(t);
      assertEquals(want, got.get(t.id()), "trade " + t);
      withQuote += want == null ? 0 : 1;
    }
    assertTrue(trades.size() > 2_000, "thousands of cases: " + trades.size());
    assertTrue(withQuote > trades.size() / 2 && withQuote < trades.size(), "both outcomes: " + withQuote);
  }

  @Test
  void equalsDuckDbAsofJoin() throws Exception {
    Map<Long, List<Object>> got = spark();
    Map<Long, Event> quoteById = new HashMap<>();
    quotes.forEach(q -> quoteById.put(q.id(), q));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (symbol VARCHAR, day VARCHAR, ts_us BIGINT, ord BIGINT, id BIGINT)");
      st.execute("CREATE TABLE q (symbol VARCHAR, day VARCHAR, ts_us BIGINT, ord BIGINT, id BIGINT)");
      insert(c, "t", trades, 1);
      insert(c, "q", quotes, 0);
      // One inequality: the event order (ts, seq, kind) packed into one number.
      ResultSet rs = st.executeQuery("SELECT t.id, t.ts_us, q.id, q.ts_us FROM t ASOF LEFT JOIN q "
          + "ON t.symbol = q.symbol AND t.day = q.day AND t.ord >= q.ord");
      int n = 0;
      while (rs.next()) {
        n++;
        long tradeId = rs.getLong(1);
        long quoteId = rs.getLong(3);
        boolean none = rs.wasNull() || (rs.getLong(2) - rs.getLong(4)) / 1e6 > MAX_AGE;
        assertEquals(none ? null : expected(quoteById.get(quoteId)), got.get(tradeId), "trade " + tradeId);
      }
      assertEquals(trades.size(), n);
    }
  }

  private static void insert(Connection c, String table, List<Event> rows, int kind) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?)")) {
      for (Event e : rows) {
        ps.setString(1, e.symbol());
        ps.setString(2, e.day());
        ps.setLong(3, e.tsUs());
        ps.setLong(4, (e.tsUs() - BASE_US) * 4096 + e.seq() * 2 + kind);
        ps.setLong(5, e.id());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static Timestamp ts(long us) {
    return Timestamp.from(Instant.ofEpochSecond(us / 1_000_000L, (us % 1_000_000L) * 1000));
  }

  /** Since when the prevailing prices stand and the prices before them: size-only updates do not count. */
  @Test
  void thePricesBeforeTheLatestPriceChange() {
    java.sql.Date day = java.sql.Date.valueOf("2021-03-01");
    List<Row> q = List.of(
        RowFactory.create("Q", day, ts(BASE_US), 1L, 10.0, 100L, 11.0, 100L),
        RowFactory.create("Q", day, ts(BASE_US + 1_000), 3L, 10.0, 200L, 11.0, 100L),
        RowFactory.create("Q", day, ts(BASE_US + 2_000), 5L, 10.5, 200L, 11.0, 100L),
        RowFactory.create("Q", day, ts(BASE_US + 3_000), 7L, 10.5, 300L, 11.0, 100L));
    List<Row> t = List.of(
        RowFactory.create("Q", day, ts(BASE_US + 500), 2L, 1L),
        RowFactory.create("Q", day, ts(BASE_US + 1_500), 4L, 2L),
        RowFactory.create("Q", day, ts(BASE_US + 4_000), 8L, 3L));
    List<String> got = new ArrayList<>();
    for (Row r : AsOfQuotes.join(SparkTestSession.get().createDataFrame(t, TRADES),
        SparkTestSession.get().createDataFrame(q, QUOTES), MAX_AGE).orderBy("id")
        .selectExpr("id", "unix_micros(" + AsOfQuotes.Q_PRICES_TS + ") - " + BASE_US, AsOfQuotes.Q_PREV_BID,
            AsOfQuotes.Q_PREV_ASK).collectAsList()) {
      got.add(r.get(0) + ":" + r.get(1) + ":" + r.get(2) + "/" + r.get(3));
    }
    assertEquals(List.of("1:0:null/null", "2:0:null/null", "3:2000:10.0/11.0"), got);
  }
}
