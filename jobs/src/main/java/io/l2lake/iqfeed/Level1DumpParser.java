package io.l2lake.iqfeed;

import io.l2lake.calendar.EasternTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Level-1 stream dump. The column order of {@code P}/{@code Q} lines comes from the last
 * {@code S,CURRENT UPDATE FIELDNAMES} header (IQFeed's default layout until one is seen). Every valid
 * {@code Q} or {@code P} line gives a quote row; a {@code Q} line gives a trade row too when its
 * Message Contents holds {@code C}, {@code E} or {@code O} (a quote-only update repeats the last trade,
 * and a {@code P} summary restates an old one, so neither is a trade). {@code C} corrections insert a
 * trade or delete one by tick id.
 *
 * <p>Dates come from {@code T} lines, a selected Most Recent Trade Date field, or the dump's file name,
 * in that order. A quote's time is its Bid/Ask Time when selected, else the trade time when the line
 * carries a trade, else the last {@code T} line; the column {@code ts_source} says which.
 */
final class Level1DumpParser extends RawFileParser.LineHandler {
  static final List<String> DEFAULT_LAYOUT = List.of(
      "Symbol", "Most Recent Trade", "Most Recent Trade Size", "Most Recent Trade Time",
      "Most Recent Trade Market Center", "Total Volume", "Bid", "Bid Size", "Ask", "Ask Size",
      "Open", "High", "Low", "Close", "Message Contents", "Most Recent Trade Conditions");

  private final String symbol;
  private final int[] fileDate;
  private final EasternTime clock = new EasternTime();

  private Layout layout = new Layout(DEFAULT_LAYOUT);
  private int[] clockDate;
  private int clockSecond = -1;

  /** Where each field of a {@code P}/{@code Q} line is (-1 when not selected), from one field header. */
  private static final class Layout {
    final int size;
    final int iLast;
    final int iLastSize;
    final int iLastTime;
    final int iMarketCenter;
    final int iTotalVolume;
    final int iBid;
    final int iBidSize;
    final int iAsk;
    final int iAskSize;
    final int iContents;
    final int iConditions;
    final int iBidTime;
    final int iAskTime;
    final int iTickId;
    final int iTradeDate;
    final int iAggressor;
    final int iDayCode;
    /** Why lines cannot be read with this layout, or null. */
    final String problem;

    Layout(List<String> names) {
      Map<String, Integer> at = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        at.put(names.get(i).trim(), i);
      }
      size = names.size();
      iLast = at.getOrDefault("Most Recent Trade", -1);
      iLastSize = at.getOrDefault("Most Recent Trade Size", -1);
      iLastTime = at.getOrDefault("Most Recent Trade Time", -1);
      iMarketCenter = at.getOrDefault("Most Recent Trade Market Center", -1);
      iTotalVolume = at.getOrDefault("Total Volume", -1);
      iBid = at.getOrDefault("Bid", -1);
      iBidSize = at.getOrDefault("Bid Size", -1);
      iAsk = at.getOrDefault("Ask", -1);
      iAskSize = at.getOrDefault("Ask Size", -1);
      iContents = at.getOrDefault("Message Contents", -1);
      iConditions = at.getOrDefault("Most Recent Trade Conditions", -1);
      iBidTime = at.getOrDefault("Bid Time", -1);
      iAskTime = at.getOrDefault("Ask Time", -1);
      iTickId = at.getOrDefault("TickID", -1);
      iTradeDate = at.getOrDefault("Most Recent Trade Date", -1);
      iAggressor = at.getOrDefault("Most Recent Trade Aggressor", -1);
      iDayCode = at.getOrDefault("Most Recent Trade Day Code", -1);
      if (!"Symbol".equals(names.get(0).trim())) {
        problem = "the field header must start with Symbol";
      } else if (iBid < 0 || iAsk < 0 || iContents < 0) {
        problem = "the field header lacks Bid, Ask or Message Contents";
      } else {
        problem = null;
      }
    }
  }

  Level1DumpParser(String symbol, int[] fileDate, LineOutcome outcome) {
    super(outcome);
    this.symbol = symbol;
    this.fileDate = fileDate;
  }

  @Override
  Integer dateHint() {
    int[] d = clockDate != null ? clockDate : fileDate;
    return d == null ? null : (int) clock.epochDay(d[0], d[1], d[2]);
  }

  @Override
  void handle(long lineNo, String line) {
    f.split(line);
    if (f.count() == 0) {
      throw new BadField(RejectReason.UNKNOWN_MESSAGE, "empty line");
    }
    String type = f.str(0);
    switch (type) {
      case "S" -> system();
      case "T" -> timestampMessage();
      case "F" -> control("fundamental");
      case "n" -> control("symbol_not_found");
      case "E" -> control("error:" + (f.count() > 1 ? BadField.abbreviate(f.str(1)) : ""));
      case "Q", "P" -> update(type, lineNo);
      case "C" -> correction(lineNo);
      default -> throw new BadField(RejectReason.UNKNOWN_MESSAGE, "type", type);
    }
  }

  private void system() {
    if (f.count() > 2 && f.is(1, "CURRENT UPDATE FIELDNAMES")) {
      List<String> names = new java.util.ArrayList<>();
      for (int i = 2; i < f.count(); i++) {
        names.add(f.str(i));
      }
      Layout next = new Layout(names);
      onCommit(() -> layout = next);
      control("field_header");
    } else {
      control("system");
    }
  }

  private void timestampMessage() {
    String l = f.line();
    if (f.count() != 2 || f.end(1) - f.start(1) != 17 || l.charAt(f.start(1) + 8) != ' ') {
      throw new BadField(RejectReason.BAD_TIMESTAMP, "T", f.count() > 1 ? f.str(1) : "");
    }
    int s = f.start(1);
    int[] d = EasternTime.parseCompactDate(l, s, s + 8);
    int[] tod = EasternTime.parseTimeOfDay(l, s + 9, s + 17);
    if (!EasternTime.isValidDate(d) || tod == null) {
      throw new BadField(RejectReason.BAD_TIMESTAMP, "T", f.str(1));
    }
    onCommit(() -> {
      clockDate = d;
      clockSecond = tod[0];
    });
    control("timestamp");
  }

  private void update(String type, long lineNo) {
    if (layout.problem != null) {
      throw new BadField(RejectReason.NO_FIELD_LAYOUT, layout.problem);
    }
    int n = f.count() - 1;
    // Exact: with IQFeed's trailing comma an empty last field still counts, so a short line is a
    // line that lost a field somewhere, and its columns cannot be trusted.
    if (n != layout.size) {
      throw new BadField(RejectReason.FIELD_COUNT, "fields=" + n + " layout=" + layout.size);
    }
    if (!f.is(1, symbol)) {
      throw new BadField(RejectReason.SYMBOL_MISMATCH, "symbol", f.str(1));
    }
    String contents = value(layout.iContents) == null ? "" : f.str(layout.iContents + 1);
    boolean trade = type.equals("Q")
        && (contents.indexOf('C') >= 0 || contents.indexOf('E') >= 0 || contents.indexOf('O') >= 0);

    Double bid = nonNegative(layout.iBid, "Bid");
    Double ask = nonNegative(layout.iAsk, "Ask");
    Long bidSize = sizeField(layout.iBidSize, "Bid Size");
    Long askSize = sizeField(layout.iAskSize, "Ask Size");

    // The date of the line: the session clock, a selected trade date, or the file name.
    int[] date = clockDate != null ? clockDate : fileDate;
    int[] tradeDay = date;
    if (trade && value(layout.iTradeDate) != null) {
      tradeDay = EasternTime.parseUsDate(f.line(), f.start(layout.iTradeDate + 1), f.end(layout.iTradeDate + 1));
      if (!EasternTime.isValidDate(tradeDay)) {
        throw new BadField(RejectReason.BAD_TIMESTAMP, "Most Recent Trade Date", f.str(layout.iTradeDate + 1));
      }
      if (date == null) {
        date = tradeDay;
      }
    }
    if (date == null) {
      throw new BadField(RejectReason.NO_DATE, "no T line, trade date field or dated file name");
    }

    Long tradeTs = null;
    if (trade) {
      int[] tod = time(layout.iLastTime, "Most Recent Trade Time");
      if (tod == null) {
        throw new BadField(RejectReason.MISSING_FIELD, "Most Recent Trade Time", "");
      }
      tradeTs = clock.toEpochMicros(tradeDay[0], tradeDay[1], tradeDay[2], tod[0], tod[1]);
    }

    long quoteTs;
    String tsSource;
    int[] quoteDay = date;
    int[] bidTod = time(layout.iBidTime, "Bid Time");
    int[] askTod = time(layout.iAskTime, "Ask Time");
    // The side that changed on this line dates the quote; otherwise the later of the two sides.
    int[] quoteTod = later(contents.indexOf('b') >= 0 ? bidTod : null,
        contents.indexOf('a') >= 0 ? askTod : null);
    if (quoteTod == null) {
      quoteTod = later(bidTod, askTod);
    }
    if (quoteTod != null) {
      quoteTs = clock.toEpochMicros(date[0], date[1], date[2], quoteTod[0], quoteTod[1]);
      tsSource = "quote_time";
    } else if (tradeTs != null) {
      // Timed by its trade, the quote is on the trade's day too (a selected trade date can differ
      // from the session clock's): its time and its trading date always agree.
      quoteTs = tradeTs;
      quoteDay = tradeDay;
      tsSource = "trade_time";
    } else if (clockSecond >= 0) {
      quoteTs = clock.toEpochMicros(date[0], date[1], date[2], clockSecond, 0);
      tsSource = "timestamp_message";
    } else if (type.equals("P")) {
      control("summary_without_clock");
      return;
    } else {
      throw new BadField(RejectReason.NO_TIMESTAMP, "no quote time, trade time or T line before it");
    }
    int quoteDate = (int) clock.epochDay(quoteDay[0], quoteDay[1], quoteDay[2]);

    RawRecords.Tick tick = null;
    if (trade) {
      double price = f.decimal(layout.iLast + 1, "Most Recent Trade");
      if (price <= 0) {
        throw new BadField(RejectReason.NON_POSITIVE_PRICE, "Most Recent Trade", f.str(layout.iLast + 1));
      }
      Long size = sizeField(layout.iLastSize, "Most Recent Trade Size");
      if (size == null) {
        throw new BadField(RejectReason.MISSING_FIELD, "Most Recent Trade Size", "");
      }
      String basis = contents.indexOf('C') >= 0 ? "C" : contents.indexOf('E') >= 0 ? "E" : "O";
      Integer aggressor = layout.iAggressor >= 0
          ? f.optCode(layout.iAggressor + 1, "Most Recent Trade Aggressor", 0, 3) : null;
      Integer dayCode = layout.iDayCode >= 0
          ? f.optCode(layout.iDayCode + 1, "Most Recent Trade Day Code", 1, 31) : null;
      int tradeDate = (int) clock.epochDay(tradeDay[0], tradeDay[1], tradeDay[2]);
      tick = new RawRecords.Tick(tradeTs, tradeDate, lineNo, price, size,
          sizeField(layout.iTotalVolume, "Total Volume"), bid, ask, bidSize, askSize,
          layout.iTickId >= 0 ? f.optInteger(layout.iTickId + 1, "TickID") : null, basis,
          layout.iMarketCenter >= 0 ? f.optInt(layout.iMarketCenter + 1, "Most Recent Trade Market Center") : null,
          layout.iConditions >= 0 ? ConditionCodes.parse(f, layout.iConditions + 1) : List.of(),
          aggressor, dayCode, "l1", false, lineNo);
    }
    sink.quote(new RawRecords.Quote(quoteTs, quoteDate, lineNo, bid, bidSize, ask, askSize, type,
        contents, tsSource, lineNo));
    if (tick != null) {
      sink.tick(tick);
      // The trade's own date (a selected trade date field) can differ from the quote's: the file's
      // date range holds both, so the writers' date pruning covers every row.
      sawDate(tick.tradeDate());
    }
    accepted(quoteDate);
  }

  /** {@code C,SYM,I|X,MM/DD/YYYY,HH:MM:SS.ffffff,price,size,tick_id,conditions,market_center}. */
  private void correction(long lineNo) {
    if (f.count() != 10) {
      throw new BadField(RejectReason.FIELD_COUNT, "correction fields=" + f.count() + " expected 10");
    }
    if (!f.is(1, symbol)) {
      throw new BadField(RejectReason.SYMBOL_MISMATCH, "symbol", f.str(1));
    }
    int[] d = EasternTime.parseUsDate(f.line(), f.start(3), f.end(3));
    int[] tod = EasternTime.parseTimeOfDay(f.line(), f.start(4), f.end(4));
    if (!EasternTime.isValidDate(d) || tod == null) {
      throw new BadField(RejectReason.BAD_TIMESTAMP, "correction time", f.str(3) + " " + f.str(4));
    }
    int tradeDate = (int) clock.epochDay(d[0], d[1], d[2]);
    long tickId = f.integer(7, "tick_id");
    Integer marketCenter = f.optInt(9, "market_center");
    if (f.is(2, "X")) {
      sink.tradeDelete(new RawRecords.TradeDelete(tradeDate, marketCenter, tickId, lineNo, f.line()));
    } else if (f.is(2, "I")) {
      double price = f.decimal(5, "price");
      if (price <= 0) {
        throw new BadField(RejectReason.NON_POSITIVE_PRICE, "price", f.str(5));
      }
      if (f.hasMinus(6)) {
        throw new BadField(RejectReason.NEGATIVE_SIZE, "size", f.str(6));
      }
      long size = f.integer(6, "size");
      long ts = clock.toEpochMicros(d[0], d[1], d[2], tod[0], tod[1]);
      sink.tick(new RawRecords.Tick(ts, tradeDate, lineNo, price, size, null, null,
          null, null, null, tickId, "C", marketCenter, ConditionCodes.parse(f, 8), null, null, "l1", true,
          lineNo));
    } else {
      throw new BadField(RejectReason.BAD_CODE, "correction action", f.str(2));
    }
    accepted(tradeDate);
  }

  /** Layout field {@code i}'s value, or null when absent from the layout or empty. */
  private String value(int i) {
    if (i < 0 || i + 1 >= f.count() || f.isEmpty(i + 1)) {
      return null;
    }
    return "";
  }

  private Double nonNegative(int i, String name) {
    if (value(i) == null) {
      return null;
    }
    double v = f.decimal(i + 1, name);
    if (f.hasMinus(i + 1)) {
      throw new BadField(RejectReason.NON_POSITIVE_PRICE, name, f.str(i + 1));
    }
    return v;
  }

  private Long sizeField(int i, String name) {
    if (value(i) == null) {
      return null;
    }
    if (f.hasMinus(i + 1)) {
      throw new BadField(RejectReason.NEGATIVE_SIZE, name, f.str(i + 1));
    }
    return f.integer(i + 1, name);
  }

  private int[] time(int i, String name) {
    if (value(i) == null) {
      return null;
    }
    int[] tod = EasternTime.parseTimeOfDay(f.line(), f.start(i + 1), f.end(i + 1));
    if (tod == null) {
      throw new BadField(RejectReason.BAD_TIMESTAMP, name, f.str(i + 1));
    }
    return tod;
  }

  private static int[] later(int[] a, int[] b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return (a[0] > b[0] || (a[0] == b[0] && a[1] >= b[1])) ? a : b;
  }
}
