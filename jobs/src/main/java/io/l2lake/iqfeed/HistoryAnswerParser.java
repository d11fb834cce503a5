package io.l2lake.iqfeed;

import io.l2lake.calendar.EasternTime;
import java.util.List;

/**
 * Reads history lookup answers: tick answers (protocol 6.0 with 10 payload fields, 6.1/6.2 with 12)
 * and daily bar answers (date, high, low, open, close, volume, open interest), each with or without
 * a leading RequestID and the 6.2 {@code LH} tag. {@code !ENDMSG!}, {@code E,...} error answers and
 * system lines are control lines; every other line is a row or a quarantine row.
 *
 * <p>Row rules for ticks: a real Eastern timestamp, price &gt; 0, size and volumes &ge; 0, bid/ask
 * &ge; 0 when present, basis one of C/E/O/S, conditions as two-hex-digit codes, aggressor 0-3 and
 * day code 1-31 when present. Daily bars: a real date, all prices &gt; 0, volume &ge; 0.
 */
final class HistoryAnswerParser extends RawFileParser.LineHandler {
  private final boolean ticks;
  private final RawFileParser.HistoryOrder order;
  private final EasternTime clock = new EasternTime();
  private long candidateIndex;
  private Integer lastDate;

  HistoryAnswerParser(boolean ticks, String symbol, RawFileParser.HistoryOrder order, LineOutcome outcome) {
    super(outcome);
    this.ticks = ticks;
    this.order = order;
  }

  /** True for framing lines: end of answer, errors, system messages. */
  static boolean isControl(Fields f) {
    int n = f.count();
    if (n == 0) {
      return false;
    }
    if (f.is(0, "!ENDMSG!") || ((f.is(0, "E") || f.is(0, "S")) && n >= 2)) {
      return true; // a bare "E" or "S" is a damaged line, not a message
    }
    return n >= 2 && (f.is(1, "!ENDMSG!") || (f.is(1, "E") && !f.is(0, "LH")));
  }

  /**
   * The timestamp or date that starts the payload when it is a real one ({@code YYYY-MM-DD}, then
   * optionally {@code HH:MM:SS[.f]}), so that two of them compare in time order as text; else null.
   */
  static String leadingStamp(Fields f) {
    int off = payloadOffset(f);
    if (off < 0 || off >= f.count()) {
      return null;
    }
    String l = f.line();
    int s = f.start(off);
    int e = f.end(off);
    if (e - s < 10 || !EasternTime.isValidDate(EasternTime.parseIsoDate(l, s, s + 10))) {
      return null;
    }
    if (e - s > 10 && (l.charAt(s + 10) != ' ' || EasternTime.parseTimeOfDay(l, s + 11, e) == null)) {
      return null;
    }
    return f.str(off);
  }

  /** Index of the first payload field, or -1 when the framing is not recognised. */
  static int payloadOffset(Fields f) {
    int n = f.count();
    if (n > 0 && f.is(0, "LH")) {
      return 1;
    }
    if (n > 1 && f.is(1, "LH")) {
      return 2;
    }
    if (n > 0 && looksLikeDate(f, 0)) {
      return 0;
    }
    if (n > 1 && looksLikeDate(f, 1)) {
      return 1;
    }
    return -1;
  }

  private static boolean looksLikeDate(Fields f, int i) {
    int s = f.start(i);
    String l = f.line();
    return f.end(i) - s >= 10 && Character.isDigit(l.charAt(s)) && l.charAt(s + 4) == '-';
  }

  @Override
  Integer dateHint() {
    return lastDate;
  }

  @Override
  void handle(long lineNo, String line) {
    f.split(line);
    if (isControl(f)) {
      control(controlKind());
      return;
    }
    // Numbered whatever becomes of the line, as the first pass counted it.
    candidateIndex++;
    long seq = order.newestFirst() ? order.candidates() + 1 - candidateIndex : candidateIndex;
    int off = payloadOffset(f);
    if (off < 0) {
      throw new BadField(RejectReason.UNKNOWN_MESSAGE, "not a history answer line");
    }
    int payload = f.count() - off;
    if (ticks) {
      if (payload != 10 && payload != 12) {
        throw new BadField(RejectReason.FIELD_COUNT, "payload fields=" + payload + " expected 10 or 12");
      }
      tick(off, payload == 12, seq, lineNo);
    } else {
      if (payload != 7) {
        throw new BadField(RejectReason.FIELD_COUNT, "payload fields=" + payload + " expected 7");
      }
      dailyBar(off, lineNo);
    }
  }

  private String controlKind() {
    int i = f.is(0, "!ENDMSG!") || f.is(0, "E") || f.is(0, "S") ? 0 : 1;
    if (f.is(i, "!ENDMSG!")) {
      endOfAnswer();
      return "end_of_answer";
    }
    if (f.is(i, "S")) {
      return "system";
    }
    String text = f.count() > i + 1 ? f.str(i + 1) : "";
    return "error:" + BadField.abbreviate(text);
  }

  private void tick(int o, boolean withAggressor, long seq, long lineNo) {
    long ts = timestamp(o);
    int tradeDate = (int) clock.epochDay(ymd[0], ymd[1], ymd[2]);
    lastDate = tradeDate; // a hint only: a line rejected from here on is dated by its own timestamp
    double price = f.decimal(o + 1, "last");
    if (price <= 0) {
      throw new BadField(RejectReason.NON_POSITIVE_PRICE, "last", f.str(o + 1));
    }
    long size = size(o + 2, "last_size", true);
    Long totalVolume = f.isEmpty(o + 3) ? null : size(o + 3, "total_volume", true);
    Double bid = quotePrice(o + 4, "bid");
    Double ask = quotePrice(o + 5, "ask");
    long tickId = f.integer(o + 6, "tick_id");
    String basis = basis(o + 7);
    Integer marketCenter = f.optInt(o + 8, "trade_market_center");
    List<String> conditions = ConditionCodes.parse(f, o + 9);
    Integer aggressor = null;
    Integer dayCode = null;
    if (withAggressor) {
      aggressor = f.optCode(o + 10, "trade_aggressor", 0, 3);
      dayCode = f.optCode(o + 11, "day_code", 1, 31);
    }
    sink.tick(new RawRecords.Tick(ts, tradeDate, seq, price, size, totalVolume, bid, ask, null, null,
        tickId, basis, marketCenter, conditions, aggressor, dayCode, "history", false, lineNo));
    accepted(tradeDate);
  }

  private void dailyBar(int o, long lineNo) {
    int[] d = EasternTime.parseIsoDate(f.line(), f.start(o), f.end(o));
    if (!EasternTime.isValidDate(d)) {
      throw new BadField(RejectReason.BAD_TIMESTAMP, "date", f.str(o));
    }
    int tradeDate = (int) clock.epochDay(d[0], d[1], d[2]);
    lastDate = tradeDate;
    double high = barPrice(o + 1, "high");
    double low = barPrice(o + 2, "low");
    double open = barPrice(o + 3, "open");
    double close = barPrice(o + 4, "close");
    long volume = size(o + 5, "period_volume", true);
    Long openInterest = f.isEmpty(o + 6) ? null : size(o + 6, "open_interest", true);
    sink.dailyBar(new RawRecords.DailyBar(tradeDate, open, high, low, close, volume, openInterest, lineNo));
    accepted(tradeDate);
  }

  private int[] ymd;

  private long timestamp(int i) {
    int s = f.start(i);
    int e = f.end(i);
    String l = f.line();
    if (e - s < 19 || l.charAt(s + 10) != ' ') {
      throw new BadField(RejectReason.BAD_TIMESTAMP, "timestamp", f.str(i));
    }
    ymd = EasternTime.parseIsoDate(l, s, s + 10);
    int[] tod = EasternTime.parseTimeOfDay(l, s + 11, e);
    if (!EasternTime.isValidDate(ymd) || tod == null) {
      throw new BadField(RejectReason.BAD_TIMESTAMP, "timestamp", f.str(i));
    }
    return clock.toEpochMicros(ymd[0], ymd[1], ymd[2], tod[0], tod[1]);
  }

  private long size(int i, String name, boolean required) {
    if (f.isEmpty(i) && !required) {
      return 0;
    }
    if (f.hasMinus(i)) {
      throw new BadField(RejectReason.NEGATIVE_SIZE, name, f.str(i));
    }
    return f.integer(i, name);
  }

  private Double quotePrice(int i, String name) {
    Double v = f.optDecimal(i, name);
    if (f.hasMinus(i)) {
      throw new BadField(RejectReason.NON_POSITIVE_PRICE, name, f.str(i));
    }
    return v;
  }

  private double barPrice(int i, String name) {
    double v = f.decimal(i, name);
    if (v <= 0) {
      throw new BadField(RejectReason.NON_POSITIVE_PRICE, name, f.str(i));
    }
    return v;
  }

  private String basis(int i) {
    if (f.is(i, "C") || f.is(i, "E") || f.is(i, "O") || f.is(i, "S")) {
      return f.str(i);
    }
    throw new BadField(RejectReason.BAD_CODE, "basis_for_last", f.str(i));
  }
}
