package io.l2lake.generate;

import io.l2lake.calendar.EasternTime;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one simulated symbol-day as IQFeed raw files in the landing layout, injecting the configured
 * faults and recording each one: a history tick answer ({@code iqfeed/ticks/SYM/SYM_DATE.csv}, protocol
 * 6.2 with or without RequestIDs, or 6.0; oldest- or newest-first) and a Level-1 dump with a field
 * header ({@code iqfeed/l1/SYM/SYM_l1_DATE.txt}) and a 6.2 price-level depth dump of the top five
 * levels ({@code iqfeed/depth/SYM/SYM_depth_DATE.txt}); in the ticks-only mode only the tick answer
 * (the quote at each trade, no sizes, no depth), as most real history is. It also keeps the true-book snapshots and the day's
 * bar (from C and E trades, as IQFeed builds bars).
 *
 * <p>Memory: the tick answer's lines are held until the day ends (it may have to be written
 * newest-first); the Level-1 dump streams.
 */
final class DayFiles implements DaySimulator.Sink {
  /** One injected fault, as {@code truth.faults} stores it. */
  record Fault(String file, Long line, String kind, String expected) {}

  /** One true-book level at a snapshot. */
  record Level(long tsMicros, String side, int level, long price, long size) {}

  static final String L1_HEADER = "S,CURRENT UPDATE FIELDNAMES,Symbol,Most Recent Trade,Most Recent Trade Size,"
      + "Most Recent Trade Time,Most Recent Trade Market Center,Total Volume,Bid,Bid Size,Ask,Ask Size,Open,"
      + "High,Low,Close,Message Contents,Most Recent Trade Conditions,Bid Time,Ask Time,TickID";

  private final MarketPlan.DayPlan plan;
  private final SplittableRandom faults;
  private final MarketPlan.FaultRates rates;
  private final EasternTime clock = new EasternTime();
  private final String dateText;
  private final String clockPrefix;
  private final String ticksFile;
  private final String l1File;
  private final Writer l1;
  private final String depthFile;
  private final Writer depth;
  /** Only the history tick answer (no Level-1 or depth dump), as most real history is. */
  private final boolean ticksOnly;
  private long[][] lastDepthBids = new long[0][];
  private long[][] lastDepthAsks = new long[0][];
  private final List<String> tickLines = new ArrayList<>();
  private final Map<Integer, Long> tickIds = new HashMap<>();
  final List<Fault> faultsInjected = new ArrayList<>();
  final List<Level> snapshots = new ArrayList<>();
  private long l1Line;
  private long lastClockSecond = -1;
  private long totalVolume;
  private long lastPrice;
  private long lastSize;
  private long lastTradeTs;
  private int lastCenter;
  private String lastConditions = "";
  private long bid;
  private long bidSize;
  private long ask;
  private long askSize;
  private long bidTs;
  private long askTs;
  double open = Double.NaN;
  double high = Double.NEGATIVE_INFINITY;
  double low = Double.POSITIVE_INFINITY;
  double close = Double.NaN;
  long volume;
  long quotes;

  DayFiles(FileSystem fs, String rawRoot, MarketPlan.DayPlan plan) {
    this.plan = plan;
    this.rates = plan.options().faults();
    this.faults = new SplittableRandom(plan.seed() ^ 0x5DEECE66DL);
    this.dateText = plan.date().toString();
    this.clockPrefix = "T," + dateText.replace("-", "") + " ";
    this.ticksFile = "iqfeed/ticks/" + plan.symbol() + "/" + plan.symbol() + "_" + plan.date() + ".csv";
    this.l1File = "iqfeed/l1/" + plan.symbol() + "/" + plan.symbol() + "_l1_" + plan.date() + ".txt";
    this.depthFile = "iqfeed/depth/" + plan.symbol() + "/" + plan.symbol() + "_depth_" + plan.date() + ".txt";
    this.ticksOnly = plan.options().market().ticksOnly();
    fs.setWriteChecksum(false);
    if (ticksOnly) {
      this.l1 = null;
      this.depth = null;
      return;
    }
    try {
      this.l1 = new BufferedWriter(new OutputStreamWriter(fs.create(new Path(rawRoot, l1File), true),
          StandardCharsets.ISO_8859_1), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    l1(L1_HEADER);
    try {
      this.depth = new BufferedWriter(new OutputStreamWriter(fs.create(new Path(rawRoot, depthFile), true),
          StandardCharsets.ISO_8859_1), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Protocol 6.2 price-level depth: a {@code 7} summary for each level the first time, then {@code 8}
   * for a level whose size changed or that appeared, and {@code 9} for a level that left the top.
   */
  @Override
  public void depth(long ts, long[][] bids, long[][] asks) {
    if (ticksOnly) {
      return;
    }
    boolean first = lastDepthBids.length == 0 && lastDepthAsks.length == 0;
    depthSide(ts, 'B', lastDepthBids, bids, first);
    depthSide(ts, 'A', lastDepthAsks, asks, first);
    lastDepthBids = bids;
    lastDepthAsks = asks;
  }

  private void depthSide(long ts, char side, long[][] before, long[][] after, boolean first) {
    String time = timeOfDay(ts);
    for (long[] level : after) {
      long prev = sizeAt(before, level[0]);
      if (prev != level[1]) {
        depthLine((first ? "7," : "8,") + plan.symbol() + "," + side + "," + px(level[0]) + "," + level[1] + ",1,4,"
            + time + "," + dateText + ",");
      }
    }
    for (long[] level : before) {
      if (sizeAt(after, level[0]) < 0) {
        depthLine("9," + plan.symbol() + "," + side + "," + px(level[0]) + "," + time + "," + dateText + ",");
      }
    }
  }

  private static long sizeAt(long[][] levels, long price) {
    for (long[] l : levels) {
      if (l[0] == price) {
        return l[1];
      }
    }
    return -1;
  }

  private void depthLine(String line) {
    try {
      depth.write(line);
      depth.write("\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long epoch(long localMicros) {
    java.time.LocalDate d = plan.date();
    return clock.toEpochMicros(d.getYear(), d.getMonthValue(), d.getDayOfMonth(),
        (int) (localMicros / 1_000_000L), (int) (localMicros % 1_000_000L));
  }

  @Override
  public void trade(long ts, long price, long size, int center, String conditions, char basis, long bidPx,
      long askPx, int side, int party) {
    totalVolume += size;
    long id = tickIds.merge(center, 1L, Long::sum);
    String req = plan.requestIds() ? "R" + plan.symbolIndex() + "," : "";
    StringBuilder b = new StringBuilder(96);
    if (plan.protocol() == 62) {
      b.append(req).append("LH,");
    }
    b.append(dateText).append(' ').append(timeOfDay(ts)).append(',').append(px(price)).append(',')
        .append(size).append(',').append(totalVolume).append(',').append(px(bidPx)).append(',')
        .append(px(askPx)).append(',').append(id).append(',').append(basis).append(',').append(center)
        .append(',').append(conditions).append(',');
    if (plan.protocol() == 62) {
      b.append("0,").append(plan.date().getDayOfMonth()).append(',');
    }
    tickLines.add(b.toString());
    if (basis == 'C' || basis == 'E') {
      double p = price / 10_000.0;
      if (Double.isNaN(open)) {
        open = p;
      }
      high = Math.max(high, p);
      low = Math.min(low, p);
      close = p;
      volume += size;
    }
    lastPrice = price;
    lastSize = size;
    lastTradeTs = ts;
    lastCenter = center;
    lastConditions = conditions;
    if (ticksOnly) {
      return;
    }
    clock(ts);
    l1(q(String.valueOf(basis), id));
  }

  @Override
  public void quote(long ts, long b, long bs, long a, long as) {
    if (ticksOnly) {
      return;
    }
    String contents = (b != bid || bs != bidSize ? "b" : "") + (a != ask || as != askSize ? "a" : "");
    if (b != bid || bs != bidSize) {
      bidTs = ts;
    }
    if (a != ask || as != askSize) {
      askTs = ts;
    }
    bid = b;
    bidSize = bs;
    ask = a;
    askSize = as;
    quotes++;
    clock(ts);
    String line = q(contents, null);
    double x = faults.nextDouble();
    if (x < rates.crossedQuote() && b > 0 && a > 0) {
      line = "Q," + plan.symbol() + "," + fields(contents, null, a + DaySimulator.tick(a), b);
      fault(l1File, l1Line + 1, "crossed_quote", "ops.integrity crossed_quote");
    } else if (x < rates.crossedQuote() + rates.zeroQuote()) {
      line = "Q," + plan.symbol() + "," + fields(contents, null, ZERO_PRICE, a);
      fault(l1File, l1Line + 1, "zero_quote", "ops.integrity zero_quote_side");
    } else if (x < rates.crossedQuote() + rates.zeroQuote() + rates.missingSizes()) {
      line = "Q," + plan.symbol() + "," + fields(contents, null, b, a, false);
      fault(l1File, l1Line + 1, "missing_sizes", "bronze.quotes null sizes");
    }
    l1(line);
  }

  private String q(String contents, Long tickId) {
    return "Q," + plan.symbol() + "," + fields(contents, tickId, bid, ask, true);
  }

  private String fields(String contents, Long tickId, long b, long a) {
    return fields(contents, tickId, b, a, true);
  }

  /** Marks a bid written as a literal zero price (a zero-quote fault), not as an empty side. */
  private static final long ZERO_PRICE = -1;

  private String fields(String contents, Long tickId, long b, long a, boolean sizes) {
    return px(lastPrice) + "," + (lastSize == 0 ? "" : lastSize) + "," + timeOfDay(lastTradeTs) + ","
        + (lastCenter == 0 ? "" : lastCenter) + "," + totalVolume + "," + (b == ZERO_PRICE ? "0.0000" : px(b)) + ","
        + (sizes && b > 0 ? bidSize : "") + "," + px(a) + "," + (sizes && a > 0 ? askSize : "") + ",,,,,"
        + contents + "," + lastConditions + "," + timeOfDay(bidTs) + ","
        + timeOfDay(askTs) + "," + (tickId == null ? "" : tickId) + ",";
  }

  @Override
  public void snapshot(long ts, long[][] bids, long[][] asks) {
    long instant = epoch(ts);
    for (int i = 0; i < bids.length; i++) {
      snapshots.add(new Level(instant, "B", i + 1, bids[i][0], bids[i][1]));
    }
    for (int i = 0; i < asks.length; i++) {
      snapshots.add(new Level(instant, "A", i + 1, asks[i][0], asks[i][1]));
    }
  }

  private void clock(long ts) {
    long second = ts / 1_000_000L;
    if (second != lastClockSecond) {
      lastClockSecond = second;
      l1(clockPrefix + timeOfDay(second * 1_000_000L).substring(0, 8));
    }
  }

  private void l1(String line) {
    try {
      l1.write(line);
      l1.write("\r\n");
      l1Line++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void fault(String file, Long line, String kind, String expected) {
    faultsInjected.add(new Fault(file, line, kind, expected));
  }

  /** Closes the Level-1 dump and writes the tick answer, with its faults. */
  void finish(FileSystem fs, String rawRoot) {
    try {
      if (!ticksOnly) {
        l1.close();
        depth.close();
      }
      List<String> lines = new ArrayList<>(tickLines);
      if (plan.newestFirst()) {
        java.util.Collections.reverse(lines);
      }
      String req = plan.requestIds() ? "R" + plan.symbolIndex() + "," : "";
      try (Writer w = new BufferedWriter(new OutputStreamWriter(fs.create(new Path(rawRoot, ticksFile), true),
          StandardCharsets.ISO_8859_1), 1 << 16)) {
        long lineNo = 0;
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          double x = faults.nextDouble();
          if (x < rates.malformed()) {
            int comma = line.indexOf(',', line.indexOf(':'));
            line = line.substring(0, comma + 1) + "X" + line.substring(comma + 2);
            fault(ticksFile, lineNo + 1, "malformed", "bronze.quarantine bad_number");
          } else if (x < rates.malformed() + rates.truncated()) {
            int thirdComma = nthComma(line, plan.protocol() == 62 ? (plan.requestIds() ? 4 : 3) : 2);
            line = line.substring(0, 1 + faults.nextInt(Math.max(1, thirdComma - 1)));
            fault(ticksFile, lineNo + 1, "truncated", "bronze.quarantine");
          } else if (x < rates.malformed() + rates.truncated() + rates.duplicate()) {
            w.write(line);
            w.write("\r\n");
            lineNo++;
            fault(ticksFile, lineNo + 1, "duplicate", "bronze.quarantine duplicate_key");
          } else if (x < rates.malformed() + rates.truncated() + rates.duplicate() + rates.outOfOrder()
              && i + 1 < lines.size() && !stamp(lines.get(i + 1)).equals(stamp(line))) {
            String next = lines.get(i + 1);
            lines.set(i + 1, line);
            line = next;
            fault(ticksFile, lineNo + 1, "out_of_order", "ops.integrity time_regression");
          }
          w.write(line);
          w.write("\r\n");
          lineNo++;
        }
        w.write(req + "!ENDMSG!,\r\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String stamp(String tickLine) {
    int at = tickLine.indexOf(plan.date().toString());
    return at < 0 ? tickLine : tickLine.substring(at, Math.min(tickLine.length(), at + 26));
  }

  private static int nthComma(String s, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = s.indexOf(',', at + 1);
    }
    return Math.max(at, 2);
  }

  /** A price in $0.0001 units as IQFeed writes it ({@code 1.2345}); empty for none. */
  static String px(long units) {
    if (units <= 0) {
      return "";
    }
    StringBuilder b = new StringBuilder(12).append(units / 10_000).append('.');
    pad(b, units % 10_000, 4);
    return b.toString();
  }

  /** {@code HH:MM:SS.ffffff} of a local time in microseconds since midnight; empty for none. */
  static String timeOfDay(long localMicros) {
    if (localMicros <= 0) {
      return "";
    }
    long s = localMicros / 1_000_000L;
    StringBuilder b = new StringBuilder(15);
    pad(b, s / 3600, 2);
    pad(b.append(':'), s / 60 % 60, 2);
    pad(b.append(':'), s % 60, 2);
    pad(b.append('.'), localMicros % 1_000_000L, 6);
    return b.toString();
  }

  private static void pad(StringBuilder b, long v, int width) {
    String digits = Long.toString(v);
    for (int i = digits.length(); i < width; i++) {
      b.append('0');
    }
    b.append(digits);
  }
}
