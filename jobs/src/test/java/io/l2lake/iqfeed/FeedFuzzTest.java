package io.l2lake.iqfeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Feed;
import io.l2lake.calendar.EasternTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes every feed's parser with more than 10,000 mutated lines each, built from real and
 * generated lines ({@link FeedCorpus}, {@link FuzzFiles}; fixed seeds). For every file: no exception
 * escapes; every line number is exactly one of an accepted line (it has records), a quarantine row or
 * a control line, and the file's accounting says the same; a line with control bytes or over the
 * limit is quarantined for that; a quarantine row keeps the line's text; and every record keeps the
 * row rules (keys present, prices finite and not negative, sizes not negative, plausible dates, the
 * timestamp on its trading date in US/Eastern, codes from their sets, the file's date range covering
 * it, history {@code seq} running with the file's order).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FeedFuzzTest {
  static final long MUTATED_LINES_PER_FEED = 10_000;

  @BeforeAll
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  static void buildCorpus() {
    long started = System.nanoTime();
    for (Feed feed : Feed.values()) {
      assertTrue(FeedCorpus.of(feed).size() >= 3, "sources of " + feed);
    }
    System.out.printf("fuzz corpus: %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void historyTickAnswers() {
    fuzz(Feed.TICKS, 101);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void level1Dumps() {
    fuzz(Feed.L1, 202);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void depthDumps() {
    fuzz(Feed.DEPTH, 303);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void dailyBarAnswers() {
    fuzz(Feed.DAILY, 404);
  }

  private static void fuzz(Feed feed, long seed) {
    long started = System.nanoTime();
    List<FuzzFiles.FuzzFile> files = FuzzFiles.forFeed(feed, seed, MUTATED_LINES_PER_FEED, 400);
    List<String> problems = new ArrayList<>();
    Tally tally = new Tally();
    for (FuzzFiles.FuzzFile f : files) {
      check(f, problems, tally);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("fuzz %s: %d files, %d lines, %d mutated (%d accepted, %d quarantined, %d control), %.1f s,"
        + " reasons %s%n", feed, files.size(), tally.lines, tally.mutated, tally.mutatedAccepted,
        tally.mutatedQuarantined, tally.mutatedControl, seconds, tally.reasons);
    assertEquals(List.of(), problems.subList(0, Math.min(problems.size(), 60)),
        problems.size() + " problems in " + feed + " files, the first ones listed");
    assertTrue(tally.mutated >= MUTATED_LINES_PER_FEED, "mutated lines: " + tally.mutated);
    Map<String, Long> ops = FuzzFiles.opCounts(files);
    for (String op : FuzzFiles.opNames()) {
      assertTrue(ops.getOrDefault(op, 0L) >= 40, "mutation " + op + " used " + ops.get(op) + " times: " + ops);
    }
    // The fuzzing reaches the row rules: clean lines mostly pass, mutated ones fail for many reasons.
    assertTrue(tally.cleanAccepted >= 0.6 * tally.clean, "clean lines accepted: " + tally.cleanAccepted + " of "
        + tally.clean);
    assertTrue(tally.mutatedAccepted > 0, "some mutations keep a valid line");
    assertTrue(tally.reasons.size() >= 7, "quarantine reasons seen: " + tally.reasons);
    assertTrue(tally.reasons.containsKey("line_too_long") && tally.reasons.containsKey("binary_content"),
        "reasons: " + tally.reasons);
  }

  /** Counts over a feed's files. */
  static final class Tally {
    long lines;
    long clean;
    long cleanAccepted;
    long mutated;
    long mutatedAccepted;
    long mutatedQuarantined;
    long mutatedControl;
    final Map<String, Long> reasons = new TreeMap<>();
  }

  private static final Pattern CONDITION = Pattern.compile("[0-9A-F]{2}");
  private static final int MIN_DAY = (int) LocalDate.of(1900, 1, 1).toEpochDay();
  private static final int MAX_DAY = (int) LocalDate.of(2200, 12, 31).toEpochDay();

  /** Parses one file and adds a line to {@code problems} for every rule it breaks. */
  static void check(FuzzFiles.FuzzFile file, List<String> problems, Tally tally) {
    Parsing.Parsed p;
    try {
      p = Parsing.parseBytes(file.feed(), file.symbol(), file.name(), file.bytes());
    } catch (RuntimeException e) {
      StackTraceElement[] st = e.getStackTrace();
      problems.add(file.name() + ": exception escaped the parser: " + e + (st.length > 0 ? " at " + st[0] : ""));
      return;
    }
    Problems out = new Problems(file, problems);
    int n = file.lines().size();
    FileStats stats = p.stats();
    Map<Long, List<Object>> records = new HashMap<>();
    p.sink().ticks.forEach(t -> records.computeIfAbsent(t.lineNo(), k -> new ArrayList<>()).add(t));
    p.sink().quotes.forEach(q -> records.computeIfAbsent(q.lineNo(), k -> new ArrayList<>()).add(q));
    p.sink().depth.forEach(d -> records.computeIfAbsent(d.lineNo(), k -> new ArrayList<>()).add(d));
    p.sink().bars.forEach(b -> records.computeIfAbsent(b.lineNo(), k -> new ArrayList<>()).add(b));
    p.sink().deletes.forEach(d -> records.computeIfAbsent(d.lineNo(), k -> new ArrayList<>()).add(d));
    Map<Long, RawRecords.Rejected> rejected = new HashMap<>();
    for (RawRecords.Rejected r : p.sink().rejected) {
      if (rejected.put(r.lineNo(), r) != null) {
        out.add(r.lineNo(), "two quarantine rows");
      }
    }
    Set<Long> control = new HashSet<>();
    for (long c : p.sink().controlLines) {
      if (!control.add(c)) {
        out.add(c, "counted twice as a control line");
      }
    }

    // Every line number is exactly one of accepted, quarantined, control; nothing else is numbered.
    for (long line = 1; line <= n; line++) {
      int fates = (records.containsKey(line) ? 1 : 0) + (rejected.containsKey(line) ? 1 : 0)
          + (control.contains(line) ? 1 : 0);
      if (fates != 1) {
        out.add(line, "accounted " + fates + " times (records " + records.containsKey(line) + ", quarantined "
            + rejected.containsKey(line) + ", control " + control.contains(line) + ")");
      }
    }
    Set<Long> numbered = new HashSet<>(records.keySet());
    numbered.addAll(rejected.keySet());
    numbered.addAll(control);
    numbered.stream().filter(l -> l < 1 || l > n).forEach(l -> out.add(l, "line number outside the file"));
    if (stats.linesRead != n || stats.accepted != records.size() || stats.quarantined != rejected.size()
        || stats.control != control.size() || !stats.balanced()) {
      out.add(0, "accounting " + stats + " but lines=" + n + " accepted lines=" + records.size() + " quarantine rows="
          + rejected.size() + " control lines=" + control.size());
    }

    // Lines over the limit or with control bytes are quarantined for that, with the line's text.
    for (long line = 1; line <= n; line++) {
      FuzzFiles.Line l = file.lines().get((int) line - 1);
      RawRecords.Rejected r = rejected.get(line);
      if (l.tooLong() && (r == null || r.reason() != RejectReason.LINE_TOO_LONG)) {
        out.add(line, "over the limit but " + (r == null ? "not quarantined" : r.reason().code()));
      } else if (!l.tooLong() && hasControlBytes(l.text())
          && (r == null || r.reason() != RejectReason.BINARY_CONTENT)) {
        out.add(line, "control bytes but " + (r == null ? "not quarantined" : r.reason().code()));
      }
      if (r != null) {
        String expected = l.text().length() > 4096 ? l.text().substring(0, 4096) : l.text();
        if (!expected.equals(r.raw())) {
          out.add(line, "quarantine raw text differs from the line");
        }
        if (r.detail() == null || r.reason() == null) {
          out.add(line, "quarantine row without reason or detail");
        }
        if (r.tradeDate() != null && (r.tradeDate() < MIN_DAY || r.tradeDate() > MAX_DAY)) {
          out.add(line, "quarantine row with an implausible date " + r.tradeDate());
        }
        tally.reasons.merge(r.reason().code(), 1L, Long::sum);
      }
      tally.lines++;
      if (l.mutated()) {
        tally.mutated++;
        tally.mutatedAccepted += records.containsKey(line) ? 1 : 0;
        tally.mutatedQuarantined += rejected.containsKey(line) ? 1 : 0;
        tally.mutatedControl += control.contains(line) ? 1 : 0;
      } else {
        tally.clean++;
        tally.cleanAccepted += records.containsKey(line) || control.contains(line) ? 1 : 0;
      }
    }

    // Each accepted line's records have the shape of its message and keep the row rules.
    Integer minDate = null;
    Integer maxDate = null;
    for (Map.Entry<Long, List<Object>> e : records.entrySet()) {
      long line = e.getKey();
      List<Object> rs = e.getValue();
      String shape = shape(file.feed(), rs);
      if (shape != null) {
        out.add(line, "records " + shape);
      }
      for (Object r : rs) {
        int date = checkRecord(file.feed(), line, r, file.lines().get((int) line - 1), out);
        minDate = minDate == null ? date : Math.min(minDate, date);
        maxDate = maxDate == null ? date : Math.max(maxDate, date);
      }
    }
    if (!java.util.Objects.equals(minDate, stats.minDate) || !java.util.Objects.equals(maxDate, stats.maxDate)) {
      out.add(0, "file date range " + stats.minDate + ".." + stats.maxDate + " but records span " + minDate + ".."
          + maxDate);
    }
    if (!file.order().equals(stats.order)) {
      out.add(0, "answer read as " + stats.order + " but its lines are " + file.order());
    }
    if (file.feed() == Feed.TICKS) {
      checkSeq(p.sink().ticks, file, rejected, control, stats, out);
    }
  }

  /** Null when the records of one line have the shape of one message of the feed, else what is wrong. */
  private static String shape(Feed feed, List<Object> rs) {
    long ticks = rs.stream().filter(r -> r instanceof RawRecords.Tick).count();
    long quotes = rs.stream().filter(r -> r instanceof RawRecords.Quote).count();
    long deletes = rs.stream().filter(r -> r instanceof RawRecords.TradeDelete).count();
    boolean ok = switch (feed) {
      case TICKS -> rs.size() == 1 && ticks == 1;
      case DAILY -> rs.size() == 1 && rs.get(0) instanceof RawRecords.DailyBar;
      case L1 -> (quotes == 1 && ticks <= 1 && rs.size() == 1 + ticks)
          || (rs.size() == 1 && (deletes == 1 || (ticks == 1 && ((RawRecords.Tick) rs.get(0)).corrected())));
      case DEPTH -> rs.stream().allMatch(r -> r instanceof RawRecords.Depth) && (rs.size() == 1
          ? ((RawRecords.Depth) rs.get(0)).part() == 0
          : rs.size() == 2 && ((RawRecords.Depth) rs.get(0)).part() == 0 && ((RawRecords.Depth) rs.get(1)).part() == 1
              && Set.of("Z", "2").contains(((RawRecords.Depth) rs.get(0)).messageType()));
    };
    return ok ? null : rs.toString();
  }

  /** Checks one record's row rules; returns its trading date. */
  private static int checkRecord(Feed feed, long line, Object record, FuzzFiles.Line l, Problems out) {
    List<String> bad = new ArrayList<>();
    int date;
    if (record instanceof RawRecords.Tick t) {
      date = t.tradeDate();
      onDate(t.tsMicros(), date, bad);
      positive(t.price(), "price", bad);
      notNegative(t.size(), "size", bad);
      notNegative(t.totalVolume(), "total_volume", bad);
      notNegative(t.bid(), "bid", bad);
      notNegative(t.ask(), "ask", bad);
      notNegative(t.bidSize(), "bid_size", bad);
      notNegative(t.askSize(), "ask_size", bad);
      notNegative(t.tickId(), "tick_id", bad);
      notNegative(t.marketCenter() == null ? null : (long) t.marketCenter(), "market_center", bad);
      check(Set.of("C", "E", "O", "S").contains(t.basis()), "basis " + t.basis(), bad);
      check(t.conditions() != null && t.conditions().stream().allMatch(c -> CONDITION.matcher(c).matches()),
          "conditions " + t.conditions(), bad);
      check(t.aggressor() == null || (t.aggressor() >= 0 && t.aggressor() <= 3), "aggressor " + t.aggressor(), bad);
      check(t.dayCode() == null || (t.dayCode() >= 1 && t.dayCode() <= 31), "day_code " + t.dayCode(), bad);
      if (feed == Feed.TICKS) {
        check(t.feed().equals("history") && !t.corrected() && t.tickId() != null && t.seq() >= 1,
            "history tick keys " + t, bad);
      } else {
        check(t.feed().equals("l1") && t.seq() == line, "Level-1 tick keys " + t, bad);
      }
    } else if (record instanceof RawRecords.Quote q) {
      date = q.tradeDate();
      onDate(q.tsMicros(), date, bad);
      notNegative(q.bid(), "bid", bad);
      notNegative(q.ask(), "ask", bad);
      notNegative(q.bidSize(), "bid_size", bad);
      notNegative(q.askSize(), "ask_size", bad);
      check(Set.of("Q", "P").contains(q.message()) && q.contents() != null && q.seq() == line
          && Set.of("quote_time", "trade_time", "timestamp_message").contains(q.tsSource()), "quote keys " + q, bad);
    } else if (record instanceof RawRecords.Depth d) {
      date = d.tradeDate();
      onDate(d.tsMicros(), date, bad);
      notNegative(d.price(), "price", bad);
      notNegative(d.size(), "size", bad);
      notNegative(d.orderCount() == null ? null : (long) d.orderCount(), "order_count", bad);
      notNegative(d.orderId(), "order_id", bad);
      notNegative(d.priority(), "priority", bad);
      notNegative(d.precision() == null ? null : (long) d.precision(), "precision", bad);
      check(Set.of("A", "B").contains(d.side()) && d.seq() == line && DEPTH_ACTIONS.containsKey(d.messageType())
          && DEPTH_ACTIONS.get(d.messageType()).equals(d.action()), "depth keys " + d, bad);
    } else if (record instanceof RawRecords.DailyBar b) {
      date = b.tradeDate();
      positive(b.open(), "open", bad);
      positive(b.high(), "high", bad);
      positive(b.low(), "low", bad);
      positive(b.close(), "close", bad);
      notNegative(b.volume(), "volume", bad);
      notNegative(b.openInterest(), "open_interest", bad);
    } else {
      RawRecords.TradeDelete d = (RawRecords.TradeDelete) record;
      date = d.tradeDate();
      notNegative(d.tickId(), "tick_id", bad);
      notNegative(d.marketCenter() == null ? null : (long) d.marketCenter(), "market_center", bad);
      check(d.raw().equals(l.text()), "delete raw text", bad);
    }
    check(date >= MIN_DAY && date <= MAX_DAY, "implausible date " + date, bad);
    if (!bad.isEmpty()) {
      out.add(line, "breaks " + bad);
    }
    return date;
  }

  /** The action each depth message type gives. */
  private static final Map<String, String> DEPTH_ACTIONS = Map.ofEntries(Map.entry("7", "level_summary"),
      Map.entry("8", "level_update"), Map.entry("9", "level_delete"), Map.entry("0", "level_order"),
      Map.entry("3", "order_add"), Map.entry("4", "order_update"), Map.entry("6", "order_summary"),
      Map.entry("5", "order_delete"), Map.entry("Z", "mm_summary"), Map.entry("2", "mm_update"),
      Map.entry("S", "clear"));

  /**
   * History {@code seq}: the line's position among the answer's numbered lines (all but control lines
   * and lines quarantined unread, over the limit or binary), counted from the end in a newest-first
   * answer, so that it runs in chronological order.
   */
  private static void checkSeq(List<RawRecords.Tick> ticks, FuzzFiles.FuzzFile file,
      Map<Long, RawRecords.Rejected> rejected, Set<Long> control, FileStats stats, Problems out) {
    int n = file.lines().size();
    long[] position = new long[n + 1];
    long numbered = 0;
    for (long line = 1; line <= n; line++) {
      RawRecords.Rejected r = rejected.get(line);
      boolean unread = r != null && (r.reason() == RejectReason.LINE_TOO_LONG
          || r.reason() == RejectReason.BINARY_CONTENT);
      if (!control.contains(line) && !unread) {
        position[(int) line] = ++numbered;
      }
    }
    boolean newestFirst = "newest_first".equals(stats.order);
    for (RawRecords.Tick t : ticks) {
      long expected = newestFirst ? numbered + 1 - position[(int) t.lineNo()] : position[(int) t.lineNo()];
      if (t.seq() != expected) {
        out.add(t.lineNo(), "seq " + t.seq() + " expected " + expected + " in a " + stats.order + " answer");
      }
    }
  }

  private static void onDate(long micros, int epochDay, List<String> bad) {
    LocalDate eastern = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)).atZone(EasternTime.ZONE)
        .toLocalDate();
    check(eastern.toEpochDay() == epochDay, "timestamp " + Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))
        + " is not on trading date " + LocalDate.ofEpochDay(epochDay) + " in US/Eastern", bad);
  }

  private static void positive(double v, String name, List<String> bad) {
    check(Double.isFinite(v) && v > 0, name + "=" + v, bad);
  }

  private static void notNegative(Double v, String name, List<String> bad) {
    // Not negative, and not a negative zero either: a price stored as -0.0 is a negative field let through.
    check(v == null || (Double.isFinite(v) && Double.compare(v, 0.0) >= 0), name + "=" + v, bad);
  }

  private static void notNegative(Long v, String name, List<String> bad) {
    check(v == null || v >= 0, name + "=" + v, bad);
  }

  private static void check(boolean ok, String what, List<String> bad) {
    if (!ok) {
      bad.add(what);
    }
  }

  private static boolean hasControlBytes(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
        return true;
      }
    }
    return false;
  }

  /** Collects problems with the file name, line number and the line's text. */
  private record Problems(FuzzFiles.FuzzFile file, List<String> all) {
    void add(long line, String what) {
      String text = line >= 1 && line <= file.lines().size() ? file.lines().get((int) line - 1).text() : "";
      String op = line >= 1 && line <= file.lines().size() ? file.lines().get((int) line - 1).op() : null;
      all.add(file.name() + ":" + line + " " + what + " [" + (op == null ? "clean" : op) + "] "
          + printable(text.length() > 160 ? text.substring(0, 160) + "..." : text));
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c >= 0x7F ? String.format("\\x%02X", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
