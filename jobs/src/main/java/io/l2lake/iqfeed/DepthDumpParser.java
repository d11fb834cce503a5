package io.l2lake.iqfeed;

import io.l2lake.calendar.EasternTime;

/**
 * Reads a market-depth stream dump: protocol 6.2 price-level messages ({@code 7} summary, {@code 8}
 * update, {@code 9} delete), order messages ({@code 0} price-level order, {@code 3} add, {@code 4}
 * update, {@code 5} delete, {@code 6} summary) and {@code S,CLEAR DEPTH}; and the protocol 6.1
 * market-maker messages {@code Z} (summary) and {@code 2} (update), each giving a bid row and an ask
 * row. Messages without a time (an order delete may have none, a clear has none) take the time of
 * the previous message in the dump.
 */
final class DepthDumpParser extends RawFileParser.LineHandler {
  private final String symbol;
  private final EasternTime clock = new EasternTime();
  /** Time and trading date of the last accepted timed message: what an untimed message takes. */
  private long lastTs = Long.MIN_VALUE;
  private int lastDate;
  /** Time and trading date read from the current line (its last time field), if any. */
  private long lineTs;
  private Integer lineDate;

  DepthDumpParser(String symbol, LineOutcome outcome) {
    super(outcome);
    this.symbol = symbol;
  }

  @Override
  Integer dateHint() {
    if (lineDate != null) {
      return lineDate;
    }
    return lastTs == Long.MIN_VALUE ? null : lastDate;
  }

  @Override
  void handle(long lineNo, String line) {
    f.split(line);
    lineDate = null;
    if (f.count() == 0) {
      throw new BadField(RejectReason.UNKNOWN_MESSAGE, "empty line");
    }
    String type = f.str(0);
    switch (type) {
      case "7", "8" -> priceLevel(type, lineNo);
      case "9" -> priceLevelDelete(lineNo);
      case "0", "3", "4", "6" -> order(type, lineNo);
      case "5" -> orderDelete(lineNo);
      case "Z", "2" -> marketMaker(type, lineNo);
      case "S" -> system(lineNo);
      case "n" -> control("symbol_not_found");
      case "q" -> control("no_depth");
      case "E" -> control("error:" + (f.count() > 1 ? BadField.abbreviate(f.str(1)) : ""));
      case "T" -> control("timestamp");
      default -> throw new BadField(RejectReason.UNKNOWN_MESSAGE, "type", type);
    }
  }

  private void expect(int fields) {
    if (f.count() != fields) {
      throw new BadField(RejectReason.FIELD_COUNT, "fields=" + f.count() + " expected " + fields);
    }
    if (!f.is(1, symbol)) {
      throw new BadField(RejectReason.SYMBOL_MISMATCH, "symbol", f.str(1));
    }
  }

  /** type, symbol, side, price, size, order_count, precision, time, date. */
  private void priceLevel(String type, long lineNo) {
    expect(9);
    String side = side(2);
    double price = price(3);
    long size = size(4, "size");
    Integer orderCount = f.optInt(5, "order_count");
    Integer precision = f.optInt(6, "precision");
    long ts = time(7, 8, true);
    emit(ts, type, type.equals("7") ? "level_summary" : "level_update", side, price, size, orderCount,
        null, null, null, precision, lineNo, 0);
  }

  /** type, symbol, side, price, time, date. */
  private void priceLevelDelete(long lineNo) {
    expect(6);
    String side = side(2);
    double price = price(3);
    long ts = time(4, 5, true);
    emit(ts, "9", "level_delete", side, price, null, null, null, null, null, null, lineNo, 0);
  }

  /** type, symbol, order_id, mmid, side, price, size, order_priority, precision, time, date. */
  private void order(String type, long lineNo) {
    expect(11);
    long orderId = f.integer(2, "order_id");
    String mmid = f.isEmpty(3) ? null : f.str(3);
    String side = side(4);
    double price = price(5);
    long size = size(6, "size");
    Long priority = f.optInteger(7, "order_priority");
    Integer precision = f.optInt(8, "precision");
    long ts = time(9, 10, true);
    String action = switch (type) {
      case "3" -> "order_add";
      case "4" -> "order_update";
      case "6" -> "order_summary";
      default -> "level_order";
    };
    emit(ts, type, action, side, price, size, null, orderId, mmid, priority, precision, lineNo, 0);
  }

  /** type, symbol, order_id, mmid, side, time, date (the time may be empty). */
  private void orderDelete(long lineNo) {
    expect(7);
    long orderId = f.integer(2, "order_id");
    String mmid = f.isEmpty(3) ? null : f.str(3);
    String side = side(4);
    long ts = time(5, 6, false);
    emit(ts, "5", "order_delete", side, null, null, null, orderId, mmid, null, null, lineNo, 0);
  }

  /**
   * 6.1: type, symbol, mmid, bid, ask, bid_size, ask_size, bid_time, date, condition, ask_time,
   * bid_valid, ask_valid, end_of_group. A side marked invalid is stored with no price and size.
   */
  private void marketMaker(String type, long lineNo) {
    expect(14);
    String mmid = f.str(2);
    boolean bidValid = flag(11, "bid_valid");
    boolean askValid = flag(12, "ask_valid");
    Double bid = bidValid ? price(3) : null;
    Double ask = askValid ? price(4) : null;
    Long bidSize = bidValid ? size(5, "bid_size") : null;
    Long askSize = askValid ? size(6, "ask_size") : null;
    long bidTs = time(7, 8, true);
    long askTs = f.isEmpty(10) ? bidTs : time(10, 8, true);
    String action = type.equals("Z") ? "mm_summary" : "mm_update";
    emit(bidTs, type, action, "B", bid, bidSize, null, null, mmid, null, null, lineNo, 0);
    emitRow(askTs, type, action, "A", ask, askSize, null, null, mmid, null, null, lineNo, 1);
  }

  private void system(long lineNo) {
    if (f.count() >= 4 && f.is(1, "CLEAR DEPTH")) {
      if (!f.is(2, symbol)) {
        throw new BadField(RejectReason.SYMBOL_MISMATCH, "symbol", f.str(2));
      }
      String side = side(3);
      if (lastTs == Long.MIN_VALUE) {
        throw new BadField(RejectReason.NO_TIMESTAMP, "clear before any timed message");
      }
      lineTs = lastTs;
      lineDate = lastDate;
      emit(lastTs, "S", "clear", side, null, null, null, null, null, null, null, lineNo, 0);
    } else {
      control("system");
    }
  }

  /** Emits the line's (first) row and accepts the line; its time becomes the dump's last time. */
  private void emit(long ts, String type, String action, String side, Double price, Long size,
      Integer orderCount, Long orderId, String mmid, Long priority, Integer precision, long lineNo,
      int part) {
    emitRow(ts, type, action, side, price, size, orderCount, orderId, mmid, priority, precision, lineNo,
        part);
    long committedTs = lineTs;
    int committedDate = lineDate;
    onCommit(() -> {
      lastTs = committedTs;
      lastDate = committedDate;
    });
    accepted(committedDate);
  }

  private void emitRow(long ts, String type, String action, String side, Double price, Long size,
      Integer orderCount, Long orderId, String mmid, Long priority, Integer precision, long lineNo,
      int part) {
    sink.depth(new RawRecords.Depth(ts, lineDate, lineNo, type, action, side, price, size, orderCount,
        orderId, mmid, priority, precision, lineNo, part));
  }

  private String side(int i) {
    if (f.is(i, "A") || f.is(i, "B")) {
      return f.str(i);
    }
    throw new BadField(RejectReason.BAD_CODE, "side", f.str(i));
  }

  private boolean flag(int i, String name) {
    if (f.is(i, "T")) {
      return true;
    }
    if (f.is(i, "F")) {
      return false;
    }
    throw new BadField(RejectReason.BAD_CODE, name, f.str(i));
  }

  private double price(int i) {
    double v = f.decimal(i, "price");
    if (f.hasMinus(i)) {
      throw new BadField(RejectReason.NON_POSITIVE_PRICE, "price", f.str(i));
    }
    return v;
  }

  private long size(int i, String name) {
    if (f.hasMinus(i)) {
      throw new BadField(RejectReason.NEGATIVE_SIZE, name, f.str(i));
    }
    return f.integer(i, name);
  }

  /**
   * Time {@code HH:MM:SS.ffffff} and date {@code YYYY-MM-DD} (or {@code MM/DD/YYYY}), which also
   * become the line's time and date; an optional empty time is the last message's.
   */
  private long time(int timeField, int dateField, boolean required) {
    if (f.isEmpty(timeField) && !required) {
      if (lastTs == Long.MIN_VALUE) {
        throw new BadField(RejectReason.NO_TIMESTAMP, "empty time before any timed message");
      }
      lineTs = lastTs;
      lineDate = lastDate;
      return lastTs;
    }
    String l = f.line();
    int[] d = EasternTime.parseIsoDate(l, f.start(dateField), f.end(dateField));
    if (d == null) {
      d = EasternTime.parseUsDate(l, f.start(dateField), f.end(dateField));
    }
    int[] tod = EasternTime.parseTimeOfDay(l, f.start(timeField), f.end(timeField));
    if (!EasternTime.isValidDate(d) || tod == null) {
      throw new BadField(RejectReason.BAD_TIMESTAMP, "time", f.str(timeField) + " " + f.str(dateField));
    }
    long ts = clock.toEpochMicros(d[0], d[1], d[2], tod[0], tod[1]);
    lineTs = ts;
    lineDate = (int) clock.epochDay(d[0], d[1], d[2]);
    return ts;
  }
}
