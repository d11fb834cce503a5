package io.l2lake.fetch;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.l2lake.lake.LandingZone;
import io.l2lake.lake.Feed;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.lake.StageIo;
import io.l2lake.calendar.ExchangeCalendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Finds the history requests that fill the lake's gaps. For the symbols asked (by default every symbol
 * the ingest accepted rows for, i.e. every symbol in the bronze tables) and every exchange-calendar
 * trading day of the range, a symbol-day is wanted when
 * <ul>
 *   <li>its dataset ({@code bronze.ticks} or {@code bronze.daily_bars}) has no row for it (this covers
 *       the {@code missing_day} rows of {@code ops.integrity}), or</li>
 *   <li>{@code ops.integrity} marks it unusable through that dataset: a failed error-level check on the
 *       dataset, or an {@code incomplete_answer} of one of the feed's files;</li>
 * </ul>
 * and {@code ops.fetch_log} does not already hold an {@code ok} or {@code no_data} request covering it
 * (asking again would get the same answer; {@code force} ignores the log). Tick days are requested
 * only within DTN's tick history ({@link #TICK_HISTORY_CALENDAR_DAYS} calendar days back from today),
 * one {@code HTT} per symbol-day; daily bars with one {@code HDT} per symbol from its first to its last
 * wanted day. Daily requests come first, so that an unknown symbol costs one request.
 *
 * <p>The range is {@code [from, to]} clipped to end yesterday (US/Eastern; today's history is still
 * growing); without {@code from}, it starts {@code history-days} trading days before its end.
 *
 * <p>Cost: Spark work on the lake, nothing per symbol on the driver: the calendar (the range's trading
 * days) is built on the driver and broadcast against the symbols; one partition-pruned scan of
 * (symbol, trade_date) per bronze table over the range, a scan of {@code ops.integrity} over the
 * range, of {@code ops.ingest_files} (for the default symbols: one row per file, not a bronze scan) and
 * of {@code ops.fetch_log}; anti-joins; then one collect of the request list (at most symbols x days,
 * small).
 */
public final class MissingDays {
  /** DTN keeps about this many calendar days of tick history; older tick days are not requested. */
  public static final int TICK_HISTORY_CALENDAR_DAYS = 180;

  private static final StructType SYMBOLS = Schemas.struct(
      Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "ticker"));
  private static final StructType DAYS = Schemas.struct(
      Schemas.field(Schemas.TRADE_DATE, DataTypes.DateType, false, "trading day"));

  private MissingDays() {}

  /**
   * What to look for.
   *
   * @param symbols symbols to fetch; empty for every symbol in the lake
   * @param from first trading date, or null for {@code historyDays} trading days before {@code to}
   * @param to last trading date, or null for yesterday (later dates are clipped to yesterday)
   * @param feeds {@link Feed#TICKS} and/or {@link Feed#DAILY}
   * @param force ignore {@code ops.fetch_log} (ask again for days answered before)
   * @param today today's date, US/Eastern
   */
  public record Options(List<String> symbols, LocalDate from, LocalDate to, Set<Feed> feeds, boolean force,
      LocalDate today, int historyDays) {}

  /**
   * The requests to make.
   *
   * @param from first date looked at (null when the range is empty)
   * @param to last date looked at (null when the range is empty)
   * @param tickWindowStart first date DTN still holds ticks for
   */
  public record Plan(LocalDate from, LocalDate to, LocalDate tickWindowStart, List<FetchRequest> requests) {
    public long count(Feed feed) {
      return requests.stream().filter(r -> r.feed() == feed).count();
    }
  }

  /** Plans the requests. */
  public static Plan plan(Lake lake, Options o) {
    LocalDate yesterday = o.today().minusDays(1);
    LocalDate to = o.to() == null || o.to().isAfter(yesterday) ? yesterday : o.to();
    LocalDate from = o.from() != null ? o.from() : startOf(to, o.historyDays());
    LocalDate tickWindowStart = o.today().minusDays(TICK_HISTORY_CALENDAR_DAYS);
    List<LocalDate> days = from.isAfter(to) ? List.of() : ExchangeCalendar.tradingDays(from, to);
    if (days.isEmpty()) {
      return new Plan(null, null, tickWindowStart, List.of());
    }
    Dataset<Row> symbols = symbols(lake, o.symbols());
    List<FetchRequest> requests = new ArrayList<>();
    if (o.feeds().contains(Feed.DAILY)) {
      Dataset<Row> wanted = wanted(lake, symbols, days, Feed.DAILY, o.force());
      for (Row r : wanted.groupBy(Schemas.SYMBOL).agg(min(Schemas.TRADE_DATE), max(Schemas.TRADE_DATE))
          .orderBy(Schemas.SYMBOL).collectAsList()) {
        requests.add(FetchRequest.daily(r.getString(0), r.getDate(1).toLocalDate(), r.getDate(2).toLocalDate()));
      }
    }
    List<LocalDate> tickDays = days.stream().filter(d -> !d.isBefore(tickWindowStart)).toList();
    if (o.feeds().contains(Feed.TICKS) && !tickDays.isEmpty()) {
      Dataset<Row> wanted = wanted(lake, symbols, tickDays, Feed.TICKS, o.force());
      for (Row r : wanted.orderBy(Schemas.SYMBOL, Schemas.TRADE_DATE).collectAsList()) {
        requests.add(FetchRequest.ticks(r.getString(0), r.getDate(1).toLocalDate()));
      }
    }
    return new Plan(from, to, tickWindowStart, requests);
  }

  /** The first of the {@code n} trading days ending at {@code to} (or at the trading day before it). */
  static LocalDate startOf(LocalDate to, int n) {
    LocalDate d = to;
    int counted = 0;
    while (true) {
      if (ExchangeCalendar.isTradingDay(d) && ++counted == n) {
        return d;
      }
      d = d.minusDays(1);
    }
  }

  /**
   * The symbols asked, or every valid symbol of a file the ingest accepted rows from: the bronze
   * tables' symbols, read from one row per file instead of a scan of the tables.
   */
  static Dataset<Row> symbols(Lake lake, List<String> asked) {
    if (!asked.isEmpty()) {
      return lake.spark().createDataFrame(asked.stream().distinct().map(s -> RowFactory.create(s)).toList(),
          SYMBOLS);
    }
    return lake.read(TableId.OPS_INGEST_FILES, Schemas.INGEST_FILES)
        .filter(col("accepted").gt(0).and(col(Schemas.SYMBOL).rlike("^" + LandingZone.SYMBOL.pattern() + "$")))
        .select(Schemas.SYMBOL).distinct();
  }

  /**
   * Tick requests for exactly the symbol-days of {@code symbolDays} (symbol to its days) that lie in DTN's tick
   * history before today and that the lake lacks or has unusable, less those the fetch log has answered (unless
   * {@code force}); one {@code HTT} per symbol-day, by symbol and date.
   */
  public static Plan planTickDays(Lake lake, java.util.Map<String, List<LocalDate>> symbolDays, LocalDate today,
      boolean force) {
    LocalDate yesterday = today.minusDays(1);
    LocalDate tickWindowStart = today.minusDays(TICK_HISTORY_CALENDAR_DAYS);
    List<Row> rows = new ArrayList<>();
    java.util.TreeSet<LocalDate> days = new java.util.TreeSet<>();
    symbolDays.forEach((symbol, ds) -> ds.stream().distinct()
        .filter(d -> !d.isBefore(tickWindowStart) && !d.isAfter(yesterday) && ExchangeCalendar.isTradingDay(d))
        .forEach(d -> {
          rows.add(RowFactory.create(symbol, java.sql.Date.valueOf(d)));
          days.add(d);
        }));
    if (rows.isEmpty()) {
      return new Plan(null, null, tickWindowStart, List.of());
    }
    StructType schema = Schemas.struct(
        Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "ticker"),
        Schemas.field(Schemas.TRADE_DATE, DataTypes.DateType, false, "trading day"));
    Dataset<Row> expected = lake.spark().createDataFrame(rows, schema);
    List<FetchRequest> requests = new ArrayList<>();
    for (Row r : lacking(lake, expected, days.first(), days.last(), Feed.TICKS, force)
        .orderBy(Schemas.SYMBOL, Schemas.TRADE_DATE).collectAsList()) {
      requests.add(FetchRequest.ticks(r.getString(0), r.getDate(1).toLocalDate()));
    }
    return new Plan(days.first(), days.last(), tickWindowStart, requests);
  }

  /** (symbol, trade_date) of the symbols x days that the feed's bronze table lacks or has unusable. */
  static Dataset<Row> wanted(Lake lake, Dataset<Row> symbols, List<LocalDate> days, Feed feed, boolean force) {
    Dataset<Row> calendar = lake.spark().createDataFrame(
        days.stream().map(d -> RowFactory.create(java.sql.Date.valueOf(d))).toList(), DAYS);
    Dataset<Row> expected = symbols.crossJoin(broadcast(calendar));
    return lacking(lake, expected, days.get(0), days.get(days.size() - 1), feed, force);
  }

  /** The rows of {@code expected} (symbol, trade_date within [from, to]) the feed lacks or has unusable. */
  static Dataset<Row> lacking(Lake lake, Dataset<Row> expected, LocalDate from, LocalDate to, Feed feed,
      boolean force) {
    List<String> keys = List.of(Schemas.SYMBOL, Schemas.TRADE_DATE);
    Column range = StageIo.range(from, to);
    boolean ticks = feed == Feed.TICKS;
    Dataset<Row> present = (ticks ? lake.read(TableId.BRONZE_TICKS, Schemas.TICKS)
        : lake.read(TableId.BRONZE_DAILY_BARS, Schemas.DAILY_BARS))
        .filter(range).select(Schemas.SYMBOL, Schemas.TRADE_DATE).distinct();
    Column ownFiles = col("dataset").equalTo("files")
        .and(col("detail").contains("iqfeed/" + feed.dir() + "/"));
    Dataset<Row> unusable = lake.read(TableId.OPS_INTEGRITY, Schemas.INTEGRITY).filter(range)
        .filter(col("failed").and(col("level").equalTo("error"))
            .and(col("dataset").equalTo(ticks ? "ticks" : "daily_bars").or(ownFiles)))
        .select(Schemas.SYMBOL, Schemas.TRADE_DATE).distinct();
    Dataset<Row> usable = present.join(unusable, Schemas.names(keys.toArray(String[]::new)), "left_anti");
    Dataset<Row> wanted = expected.join(usable, Schemas.names(keys.toArray(String[]::new)), "left_anti");
    if (force) {
      return wanted;
    }
    Dataset<Row> answered = lake.read(TableId.OPS_FETCH_LOG, Schemas.FETCH_LOG)
        .filter(col("feed").equalTo(feed.dir()).and(col("outcome").isin("ok", "no_data")))
        .select(col(Schemas.SYMBOL).as("l_symbol"), col("from_date"), col("to_date"));
    Column covered = col(Schemas.SYMBOL).equalTo(col("l_symbol"))
        .and(col(Schemas.TRADE_DATE).between(col("from_date"), col("to_date")));
    return wanted.join(answered, covered, "left_anti").select(Schemas.SYMBOL, Schemas.TRADE_DATE);
  }
}
