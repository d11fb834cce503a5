package io.l2lake.iqfeed;

import java.util.List;

/**
 * The typed records the raw parsers emit, one per bronze table. Times are microseconds since the
 * epoch (instants), trade dates are epoch days of the US/Eastern trading date, and {@code seq} is
 * the line's position in the file's chronological order. Nullable boxed fields are empty raw fields.
 */
public final class RawRecords {
  private RawRecords() {}

  /** A trade: a history tick, or a trade carried by a Level-1 update or an insert correction. */
  public record Tick(
      long tsMicros,
      int tradeDate,
      long seq,
      double price,
      long size,
      Long totalVolume,
      Double bid,
      Double ask,
      Long bidSize,
      Long askSize,
      Long tickId,
      String basis,
      Integer marketCenter,
      List<String> conditions,
      Integer aggressor,
      Integer dayCode,
      String feed,
      boolean corrected,
      long lineNo) {}

  /** A Level-1 quote state: the best bid and ask (sizes may be unknown) at a time. */
  public record Quote(
      long tsMicros,
      int tradeDate,
      long seq,
      Double bid,
      Long bidSize,
      Double ask,
      Long askSize,
      String message,
      String contents,
      String tsSource,
      long lineNo) {}

  /** A market-depth event at one price level or for one order, on one side. */
  public record Depth(
      long tsMicros,
      int tradeDate,
      long seq,
      String messageType,
      String action,
      String side,
      Double price,
      Long size,
      Integer orderCount,
      Long orderId,
      String mmid,
      Long priority,
      Integer precision,
      long lineNo,
      int part) {}

  /** One daily bar of an HDX/HDT answer. */
  public record DailyBar(
      int tradeDate,
      double open,
      double high,
      double low,
      double close,
      long volume,
      Long openInterest,
      long lineNo) {}

  /** A trade-delete correction ({@code C,SYM,X,...}) to apply against the trades by tick id. */
  public record TradeDelete(int tradeDate, Integer marketCenter, long tickId, long lineNo, String raw) {}

  /** A rejected line with its reason. {@code tradeDate} is null when no date could be read. */
  public record Rejected(long lineNo, String raw, RejectReason reason, String detail, Integer tradeDate) {}
}
