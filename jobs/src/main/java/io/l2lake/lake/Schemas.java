package io.l2lake.lake;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Column names and schemas of the bronze and ops tables, in one place. Bronze rows carry lineage:
 * {@code source_file}, {@code line_no} and the {@code ingest_run} that first wrote them. All bronze
 * tables are partitioned by {@code trade_date}, the US/Eastern trading date; {@code ts} is an
 * instant and {@code seq} orders rows of one file chronologically (ties on {@code ts} included).
 */
public final class Schemas {
  private Schemas() {}

  public static final String SYMBOL = "symbol";
  public static final String TRADE_DATE = "trade_date";
  public static final String TS = "ts";
  public static final String SEQ = "seq";
  public static final String ROW_KEY = "row_key";
  public static final String SOURCE_FILE = "source_file";
  public static final String LINE_NO = "line_no";
  public static final String INGEST_RUN = "ingest_run";
  public static final String RAW = "raw";

  public static final StructType TICKS = struct(
      field(SYMBOL, StringType, false, "ticker, from the landing path"),
      field(TRADE_DATE, DateType, false, "US/Eastern trading date"),
      field(TS, TimestampType, false, "trade time as an instant (Eastern wall clock converted)"),
      field(SEQ, LongType, false, "position in the file's chronological order"),
      field("price", DoubleType, false, "trade price"),
      field("size", LongType, false, "trade size in shares (0 for official open/close prints)"),
      field("total_volume", LongType, true, "cumulative day volume after the trade"),
      field("bid", DoubleType, true, "best bid at the trade (0 means no bid)"),
      field("ask", DoubleType, true, "best ask at the trade (0 means no ask)"),
      field("bid_size", LongType, true, "bid size, Level-1 trades only"),
      field("ask_size", LongType, true, "ask size, Level-1 trades only"),
      field("tick_id", LongType, true, "IQFeed tick id, unique per (trade date, market center)"),
      field("basis", StringType, false, "basis for last: C qualified, E extended/Form-T, O other, S settle"),
      field("market_center", IntegerType, true, "IQFeed listed-market id of the trade"),
      field("conditions", DataTypes.createArrayType(StringType, false), false, "trade condition codes"),
      field("aggressor", IntegerType, true, "IQFeed trade aggressor 0-3 (0 on equities)"),
      field("day_code", IntegerType, true, "day of month of the trading day"),
      field("feed", StringType, false, "history (tick answers) or l1 (Level-1 stream)"),
      field("corrected", BooleanType, false, "inserted by a trade correction"),
      field(ROW_KEY, StringType, false, "natural key within symbol and trade date"),
      field(SOURCE_FILE, StringType, false, "raw file the row came from"),
      field(LINE_NO, LongType, false, "line number in the raw file"),
      field(INGEST_RUN, StringType, false, "run that wrote the row"));

  public static final StructType QUOTES = struct(
      field(SYMBOL, StringType, false, "ticker"),
      field(TRADE_DATE, DateType, false, "US/Eastern trading date"),
      field(TS, TimestampType, false, "time of the quote state"),
      field(SEQ, LongType, false, "file order"),
      field("bid", DoubleType, true, "best bid"),
      field("bid_size", LongType, true, "best bid size (null when the feed gave none)"),
      field("ask", DoubleType, true, "best ask"),
      field("ask_size", LongType, true, "best ask size (null when the feed gave none)"),
      field("message", StringType, false, "Q update or P summary"),
      field("contents", StringType, false, "IQFeed Message Contents characters"),
      field("ts_source", StringType, false, "quote_time, trade_time or timestamp_message"),
      field(SOURCE_FILE, StringType, false, "raw file"),
      field(LINE_NO, LongType, false, "line number"),
      field(INGEST_RUN, StringType, false, "run that wrote the row"));

  public static final StructType DEPTH = struct(
      field(SYMBOL, StringType, false, "ticker"),
      field(TRADE_DATE, DateType, false, "US/Eastern trading date"),
      field(TS, TimestampType, false, "message time"),
      field(SEQ, LongType, false, "file order"),
      field("message_type", StringType, false, "IQFeed depth message code"),
      field("action", StringType, false, "level_summary/update/delete, order_*, mm_*, clear"),
      field("side", StringType, false, "A ask or B bid"),
      field("price", DoubleType, true, "price level"),
      field("size", LongType, true, "size at the level or of the order"),
      field("order_count", IntegerType, true, "orders at the level"),
      field("order_id", LongType, true, "order id"),
      field("mmid", StringType, true, "market maker id"),
      field("priority", LongType, true, "order priority"),
      field("precision", IntegerType, true, "price precision"),
      field("part", IntegerType, false, "0, or 1 for the ask half of a 6.1 market-maker line"),
      field(SOURCE_FILE, StringType, false, "raw file"),
      field(LINE_NO, LongType, false, "line number"),
      field(INGEST_RUN, StringType, false, "run that wrote the row"));

  public static final StructType DAILY_BARS = struct(
      field(SYMBOL, StringType, false, "ticker"),
      field(TRADE_DATE, DateType, false, "trading date"),
      field("open", DoubleType, false, "open"),
      field("high", DoubleType, false, "high"),
      field("low", DoubleType, false, "low"),
      field("close", DoubleType, false, "close"),
      field("volume", LongType, false, "period volume"),
      field("open_interest", LongType, true, "open interest (0 for stocks)"),
      field(SOURCE_FILE, StringType, false, "raw file"),
      field(LINE_NO, LongType, false, "line number"),
      field(INGEST_RUN, StringType, false, "run that wrote the row"));

  public static final StructType QUARANTINE = struct(
      field("feed", StringType, false, "ticks, l1, depth or daily"),
      field(SYMBOL, StringType, false, "symbol directory of the file"),
      field(TRADE_DATE, DateType, true, "trading date when it could be read"),
      field(SOURCE_FILE, StringType, false, "raw file"),
      field(LINE_NO, LongType, false, "line number"),
      field(RAW, StringType, false, "the line as read (cut at 4096 characters)"),
      field("reason", StringType, false, "reason code"),
      field("detail", StringType, true, "which field and value, or the row kept instead"),
      field(INGEST_RUN, StringType, false, "run that wrote the row"));

  public static final StructType TRADE_DELETES = struct(
      field(SYMBOL, StringType, false, "ticker"),
      field(TRADE_DATE, DateType, false, "trading date"),
      field("market_center", IntegerType, true, "market center"),
      field("tick_id", LongType, false, "tick id to delete"),
      field(SOURCE_FILE, StringType, false, "raw file"),
      field(LINE_NO, LongType, false, "line number"),
      field(RAW, StringType, false, "the correction line"));

  public static final StructType INGEST_FILES = struct(
      field(SOURCE_FILE, StringType, false, "raw file"),
      field("feed", StringType, false, "feed directory"),
      field(SYMBOL, StringType, false, "symbol directory"),
      field("file_size", LongType, false, "bytes"),
      field("file_mtime", LongType, false, "modification time, ms since epoch"),
      field("lines_read", LongType, false, "lines in the file"),
      field("accepted", LongType, false, "lines that produced rows"),
      field("quarantined", LongType, false, "lines in bronze.quarantine"),
      field("control", LongType, false, "protocol lines (end of answer, headers, errors, clock)"),
      field("control_kinds", DataTypes.createMapType(StringType, LongType), false, "control lines by kind"),
      field("answer_order", StringType, false, "oldest_first, newest_first or stream"),
      field("end_of_answer", BooleanType, false, "a history answer's !ENDMSG! was seen"),
      field("min_date", DateType, true, "first trading date in the file"),
      field("max_date", DateType, true, "last trading date in the file"),
      field("status", StringType, false, "ok, incomplete (history answer without !ENDMSG!, or an empty file), "
          + "error_answer, invalid_symbol_path, unreadable (nothing of it landed; retried by the next run)"),
      field(INGEST_RUN, StringType, false, "run"),
      field("error", StringType, true, "why the file is unreadable or incomplete (null when ok)"));

  /** {@code ops.integrity}: one row per symbol-day, dataset and check of an integrity run. */
  public static final StructType INTEGRITY = struct(
      field(SYMBOL, StringType, false, "ticker"),
      field(TRADE_DATE, DateType, false, "trading date"),
      field("dataset", StringType, false, "ticks, quotes, daily_bars, quarantine, files"),
      field("check", StringType, false, "check name"),
      field("level", StringType, false, "error or warning"),
      field("violations", LongType, false, "rows or events violating the check"),
      field("checked", LongType, false, "rows the check looked at"),
      field("ratio", DoubleType, true, "violations / checked"),
      field("failed", BooleanType, false, "the check failed (threshold passed)"),
      field("detail", StringType, true, "explanation"),
      field("run_id", StringType, false, "run that wrote the row"));

  public static final StructType JOB_RUNS = struct(
      field("run_id", StringType, false, "run id"),
      field("stage", StringType, false, "stage name"),
      field("started_at", TimestampType, false, "start"),
      field("finished_at", TimestampType, false, "end"),
      field("seconds", DoubleType, false, "wall seconds"),
      field("status", StringType, false, "succeeded or failed"),
      field("from_date", DateType, true, "first trading date touched"),
      field("to_date", DateType, true, "last trading date touched"),
      field("rows_in", LongType, false, "input rows or lines"),
      field("rows_out", LongType, false, "rows written"),
      field("code_version", StringType, false, "l2lake version"),
      field("detail", DataTypes.createMapType(StringType, StringType), false, "stage-specific counts"));

  /**
   * {@code ops.fetch_log}: one row per request {@code fetch} made (or refused to send) to IQFeed's
   * history lookup port. {@code no_data} rows (and {@code ok} rows) keep later runs from asking again.
   */
  public static final StructType FETCH_LOG = struct(
      field(SYMBOL, StringType, false, "ticker requested"),
      field("feed", StringType, false, "ticks (an HTT request for one day) or daily (an HDT request for a range)"),
      field("from_date", DateType, false, "first trading date requested (the day itself for ticks)"),
      field("to_date", DateType, false, "last trading date requested (the day itself for ticks)"),
      field("request_id", StringType, true,
          "RequestID of the last attempt, echoed on every answer line; null if never sent"),
      field("request", StringType, true, "the request line of the last attempt as sent"),
      field("outcome", StringType, false, "ok, no_data, invalid_symbol, error or cut_gave_up"),
      field("lines", LongType, false, "data lines in the last attempt's answer (a cut answer's lines are discarded)"),
      field("attempts", IntegerType, false, "attempts made (0: not sent, the symbol or the connection had failed)"),
      field("file", StringType, true, "published landing file, relative to the raw root; null when none"),
      field("message", StringType, true, "IQFeed's error text or what went wrong"),
      field("fetch_run", StringType, false, "run id of the fetch"),
      field("fetched_at", TimestampType, false, "when the request was settled"));

  /**
   * {@code ops.stage_state}: one row per backfill stage and date range, the latest outcome. A stage is
   * done for the range when its row succeeded with the code version and input fingerprint of the new
   * run and its output tables are still at the versions it left them at.
   */
  public static final StructType STAGE_STATE = struct(
      field("stage", StringType, false, "backfill stage: ingest, check, silver or gold"),
      field("from_date", DateType, false, "first trading date of the backfill range"),
      field("to_date", DateType, false, "last trading date of the backfill range"),
      field("status", StringType, false, "succeeded or failed"),
      field("code_version", StringType, false, "build version and digest of the compiled classes"),
      field("input_fingerprint", StringType, false, "SHA-256 of the inputs below"),
      field("inputs", DataTypes.createMapType(StringType, StringType), false,
          "input table -> Delta version (-1 when absent), config -> digest of the stage's settings, landing -> digest of the listing"),
      field("outputs", DataTypes.createMapType(StringType, StringType), false,
          "output table -> Delta version after the stage succeeded (empty on failure)"),
      field("run_id", StringType, false, "backfill run that wrote the row"),
      field("finished_at", TimestampType, false, "when the stage ended"),
      field("message", StringType, true, "the error on failure"));

  /** Column names as the Scala sequence Spark's {@code join(other, usingColumns, type)} takes. */
  public static scala.collection.immutable.Seq<String> names(String... columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(columns)).toList();
  }

  public static StructField field(String name, org.apache.spark.sql.types.DataType type,
      boolean nullable, String comment) {
    return new StructField(name, type, nullable, Metadata.empty()).withComment(comment);
  }

  public static StructType struct(StructField... fields) {
    return new StructType(fields);
  }

  /** {@code base} plus the transient raw line column the ingest carries for duplicate quarantining. */
  public static StructType withRaw(StructType base) {
    return base.add(field(RAW, StringType, false, "raw line (transient)"));
  }
}
