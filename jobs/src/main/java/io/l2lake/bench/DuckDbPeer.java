package io.l2lake.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The head-to-head peer: DuckDB in-process (JDBC), given the same files and as many threads as Spark
 * has cores. It converts gzipped tick answers to typed Parquet and as-of joins trades to quotes with
 * {@code ASOF JOIN}. Each call opens a fresh in-memory database, so nothing is cached between
 * repetitions; the cost is DuckDB's own (vectorised, multi-threaded) scan, join and Parquet write.
 */
public final class DuckDbPeer implements AutoCloseable {
  private final Connection connection;

  public DuckDbPeer(int threads) {
    try {
      connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement s = connection.createStatement()) {
        s.execute("SET threads = " + threads);
        s.execute("SET TimeZone = 'UTC'");
        s.execute("SET preserve_insertion_order = false");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB did not start: " + e.getMessage(), e);
    }
  }

  /** DuckDB's name of each Spark type the tick layouts use. */
  private static final Map<String, String> DUCKDB_TYPES = Map.of("string", "VARCHAR", "timestamp", "TIMESTAMP",
      "double", "DOUBLE", "long", "BIGINT", "integer", "INTEGER");

  /** The column layouts of a history tick answer line, told apart by its first line. */
  enum TickLayout {
    /** protocol 6.2 with a RequestID: {@code R1,LH,<12 fields>,}. */
    P62_REQUEST(true, true),
    /** protocol 6.2 without RequestID: {@code LH,<12 fields>,}. */
    P62(false, true),
    /** protocol 6.0 with a RequestID: {@code R1,<10 fields>,}. */
    P60_REQUEST(true, false),
    /** protocol 6.0 without RequestID: {@code <10 fields>,}. */
    P60(false, false);

    final boolean request;
    final boolean p62;

    TickLayout(boolean request, boolean p62) {
      this.request = request;
      this.p62 = p62;
    }

    /** The layout's fields as {@code read_csv} columns, from {@link SparkCsvPeer#schema} (one list). */
    String columns() {
      List<String> c = new ArrayList<>();
      for (org.apache.spark.sql.types.StructField f : SparkCsvPeer.schema(this).fields()) {
        c.add("'" + f.name() + "': '" + DUCKDB_TYPES.get(f.dataType().typeName()) + "'");
      }
      return "{" + String.join(", ", c) + "}";
    }

    static TickLayout of(String firstLine) {
      String[] f = firstLine.split(",", 3);
      boolean request = f.length > 1 && f[0].startsWith("R") && !f[0].equals("LH");
      String next = request ? f[1] : f[0];
      boolean p62 = next.equals("LH");
      return request ? (p62 ? P62_REQUEST : P60_REQUEST) : (p62 ? P62 : P60);
    }
  }

  /** Groups tick answers by layout (reads each file's first line). */
  static Map<TickLayout, List<Path>> byLayout(List<Path> files) {
    Map<TickLayout, List<Path>> groups = new LinkedHashMap<>();
    for (Path f : files) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)),
          StandardCharsets.ISO_8859_1))) {
        String first = r.readLine();
        if (first != null) {
          groups.computeIfAbsent(TickLayout.of(first), k -> new ArrayList<>()).add(f);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return groups;
  }

  /**
   * The statement that converts tick answers to one Parquet file of typed rows: Eastern wall-clock
   * times to UTC instants, the trading date, the symbol from the landing path, conditions as an array
   * of two-hex-digit codes. Lines that do not fit the layout's types ({@code !ENDMSG!}) are skipped.
   */
  static String ticksToParquetSql(Map<TickLayout, List<Path>> groups, Path out) {
    List<String> selects = new ArrayList<>();
    for (Map.Entry<TickLayout, List<Path>> g : groups.entrySet()) {
      String list = g.getValue().stream().map(p -> "'" + p.toAbsolutePath() + "'")
          .reduce((a, b) -> a + ", " + b).orElseThrow();
      boolean p62 = g.getKey().p62;
      selects.add("SELECT regexp_extract(filename, '/iqfeed/ticks/([^/]+)/', 1) AS symbol, "
          + "CAST(ts_et AS DATE) AS trade_date, timezone('America/New_York', ts_et) AS ts, price, size, "
          + "total_volume, bid, ask, tick_id, basis, market_center, "
          + "regexp_extract_all(conditions, '[0-9A-Fa-f]{2}') AS conditions, "
          + (p62 ? "aggressor, day_code" : "CAST(NULL AS INTEGER) AS aggressor, CAST(NULL AS INTEGER) AS day_code")
          + " FROM read_csv([" + list + "], header = false, delim = ',', quote = '', escape = '', "
          + "columns = " + g.getKey().columns() + ", timestampformat = '%Y-%m-%d %H:%M:%S.%f', "
          + "ignore_errors = true, filename = true, parallel = true)");
    }
    return "COPY (" + String.join(" UNION ALL ", selects) + ") TO '" + out.toAbsolutePath()
        + "' (FORMAT parquet, COMPRESSION snappy)";
  }

  /** Converts tick answers to Parquet and returns the rows written. */
  public long ticksToParquet(List<Path> files, Path out) {
    return update(ticksToParquetSql(byLayout(files), out));
  }

  /**
   * The as-of join: each trade (symbol, trade_date, row_key, ts, seq, price, size) gets the last quote
   * (bid, bid_size, ask, ask_size) of its symbol-day at or before it in the event order (ts, seq, kind),
   * quotes before trades, within {@code maxAgeSeconds}; a side with no positive price is null, as in
   * {@code io.l2lake.sync.AsOfQuotes}. The order is packed into one number for the single inequality
   * of {@code ASOF JOIN}: microseconds since the trading date's midnight (UTC) in the high bits, then
   * seq (below 2^25) and the kind bit.
   */
  static String asOfSql(String tradesGlob, String quotesGlob, double maxAgeSeconds, Path out) {
    String order = "((epoch_us(ts) - epoch_us(CAST(trade_date AS TIMESTAMP))) << 26) | (seq << 1)";
    String age = "(epoch_us(t.ts) - epoch_us(q.quote_ts)) / 1e6";
    String fresh = "(q.quote_ts IS NOT NULL AND " + age + " <= " + String.format(Locale.ROOT, "%.6f", maxAgeSeconds)
        + ")";
    return "COPY (WITH t AS (SELECT symbol, trade_date, row_key, ts, seq, price, size, " + order + " | 1 AS ord"
        + " FROM read_parquet('" + tradesGlob + "')),"
        + " q AS (SELECT symbol, trade_date, ts AS quote_ts, bid, bid_size, ask, ask_size, " + order + " AS ord"
        + " FROM read_parquet('" + quotesGlob + "'))"
        + " SELECT t.symbol, t.trade_date, t.row_key, t.ts, t.seq, t.price, t.size,"
        + " CASE WHEN " + fresh + " THEN q.quote_ts END AS quote_ts,"
        + " CASE WHEN " + fresh + " AND q.bid > 0 THEN q.bid END AS quote_bid,"
        + " CASE WHEN " + fresh + " AND q.ask > 0 THEN q.ask END AS quote_ask,"
        + " CASE WHEN " + fresh + " AND q.bid > 0 THEN q.bid_size END AS quote_bid_size,"
        + " CASE WHEN " + fresh + " AND q.ask > 0 THEN q.ask_size END AS quote_ask_size,"
        + " CASE WHEN " + fresh + " THEN " + age + " END AS quote_age_s"
        + " FROM t ASOF LEFT JOIN q ON t.symbol = q.symbol AND t.trade_date = q.trade_date AND t.ord >= q.ord)"
        + " TO '" + out.toAbsolutePath() + "' (FORMAT parquet, COMPRESSION snappy)";
  }

  /** As-of joins Parquet trades to Parquet quotes into one Parquet file; returns the trades written. */
  public long asOf(String tradesGlob, String quotesGlob, double maxAgeSeconds, Path out) {
    return update(asOfSql(tradesGlob, quotesGlob, maxAgeSeconds, out));
  }

  /** Outcome of comparing two as-of results trade by trade. */
  public record Comparison(long left, long right, long matched, long mismatched, long withQuote,
      double bidSum, double askSum) {
    public boolean equal() {
      return left == right && matched == left && mismatched == 0;
    }
  }

  /**
   * Compares two as-of results (Parquet globs with the columns of {@link #asOfSql}) by trade key
   * (symbol, trade_date, row_key): counts, trades found on both sides, trades whose quote time, prices
   * or sizes differ (null-safe), and checksums of the left side.
   */
  public Comparison compare(String leftGlob, String rightGlob) {
    String sql = "WITH a AS (SELECT * FROM read_parquet('" + leftGlob + "')), b AS (SELECT * FROM read_parquet('"
        + rightGlob + "')) SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b), "
        + "count(*) FILTER (WHERE a.row_key IS NOT NULL AND b.row_key IS NOT NULL), "
        + "count(*) FILTER (WHERE a.quote_ts IS DISTINCT FROM b.quote_ts OR a.quote_bid IS DISTINCT FROM b.quote_bid"
        + " OR a.quote_ask IS DISTINCT FROM b.quote_ask OR a.quote_bid_size IS DISTINCT FROM b.quote_bid_size"
        + " OR a.quote_ask_size IS DISTINCT FROM b.quote_ask_size OR a.row_key IS NULL OR b.row_key IS NULL), "
        + "count(a.quote_ts), coalesce(sum(a.quote_bid), 0), coalesce(sum(a.quote_ask), 0) "
        + "FROM a FULL OUTER JOIN b ON a.symbol = b.symbol AND a.trade_date = b.trade_date AND a.row_key = b.row_key";
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return new Comparison(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getDouble(6),
          r.getDouble(7));
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB comparison failed: " + e.getMessage(), e);
    }
  }

  /** Rows of a Parquet glob. */
  public long count(String glob) {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('" + glob + "')")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB count failed: " + e.getMessage(), e);
    }
  }

  private long update(String sql) {
    try (Statement s = connection.createStatement()) {
      return s.executeLargeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB statement failed: " + e.getMessage() + "\n" + sql, e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
