package io.l2lake.iqfeed;

import io.l2lake.lake.Feed;
import io.l2lake.generate.SimulatedDays;
import io.l2lake.testing.SparkTestSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Seed lines of every feed for the fuzz tests, from real data where the project has it: the real
 * NEPT tick answers (as saved, and re-framed as protocol 6.2 with RequestIDs and as 6.0), Level-1
 * dumps and 6.1 market-maker depth built from those real trades and quotes, order-level depth built
 * from LOBSTER's real GOOG order events, HDX answers from the real penny-stock daily bars; and the
 * generator's simulated history answers, Level-1 dumps (with a field header) and price-level depth
 * dumps. Each source also holds the control lines of its feed, which are fuzzed like any line.
 *
 * <p>Built once per JVM (about a second: the gzipped real files are read in full or in part).
 */
public final class FeedCorpus {
  private FeedCorpus() {}

  /**
   * Lines of one kind of file. A fuzz file is {@code head}, then a window of {@code body} starting at
   * a line that {@code windowStart} accepts, with {@code extras} inserted at random places, then
   * {@code tail}. {@code fileName} is a realistic name (a Level-1 dump may take its date from it).
   */
  public record Source(String name, Feed feed, String symbol, String fileName, List<String> head,
      List<String> body, Predicate<String> windowStart, List<String> extras, List<String> tail) {
    /** The order of a history answer's lines ({@code oldest_first}, {@code newest_first}), else {@code stream}. */
    public String order() {
      if (feed != Feed.TICKS && feed != Feed.DAILY) {
        return "stream";
      }
      String first = stamp(body.get(0));
      String last = stamp(body.get(body.size() - 1));
      return first.compareTo(last) > 0 ? "newest_first" : "oldest_first";
    }

    private static String stamp(String line) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}[ 0-9:.]*").matcher(line);
      return m.find() ? m.group() : "";
    }
  }

  private static Map<Feed, List<Source>> sources;

  /** The sources of a feed. */
  public static synchronized List<Source> of(Feed feed) {
    if (sources == null) {
      sources = build();
    }
    return sources.get(feed);
  }

  private static Map<Feed, List<Source>> build() {
    Path data = SparkTestSession.sharedData();
    List<String> oldest = gzipLines(data.resolve("iqfeed/NEPT_ticks_2021-03-01_2021-03-03_oldest_first_p61.csv.gz"),
        Integer.MAX_VALUE);
    List<String> newest = gzipLines(data.resolve("iqfeed/NEPT_ticks_2021-03-01_2021-03-03_newest_first_p61.csv.gz"),
        Integer.MAX_VALUE);
    oldest.removeIf(l -> l.startsWith("!ENDMSG!"));
    newest.removeIf(l -> l.startsWith("!ENDMSG!"));
    Path generated = simulatedLandingZone();
    try {
      Map<Feed, List<Source>> out = new EnumMap<>(Feed.class);
      out.put(Feed.TICKS, ticks(oldest, newest, generated));
      out.put(Feed.L1, level1(oldest, generated));
      out.put(Feed.DEPTH, depth(oldest, data, generated));
      out.put(Feed.DAILY, daily(data));
      return out;
    } finally {
      delete(generated);
    }
  }

  private static final Predicate<String> ANY = l -> true;

  private static List<Source> ticks(List<String> oldest, List<String> newest, Path generated) {
    List<String> errors = List.of("E,!NO_DATA!,", "E,Invalid symbol.,", "S,SERVER CONNECTED,");
    List<Source> s = new ArrayList<>();
    s.add(new Source("nept_p61_oldest_first", Feed.TICKS, "NEPT", "NEPT_ticks.csv", List.of(), oldest, ANY, errors,
        List.of("!ENDMSG!,")));
    s.add(new Source("nept_p61_newest_first", Feed.TICKS, "NEPT", "NEPT_ticks_newest.csv", List.of(), newest, ANY,
        errors, List.of("!ENDMSG!,")));
    s.add(new Source("nept_p62_request_ids", Feed.TICKS, "NEPT", "NEPT_ticks_p62.csv", List.of(),
        oldest.stream().map(l -> "N7,LH," + l).toList(), ANY,
        List.of("N7,E,!NO_DATA!,", "N7,E,!SYNTAX_ERROR!,", "S,SERVER CONNECTED,"), List.of("N7,!ENDMSG!,")));
    s.add(new Source("nept_p62_no_request_ids", Feed.TICKS, "NEPT", "NEPT_ticks_lh.csv", List.of(),
        newest.stream().map(l -> "LH," + l).toList(), ANY, errors, List.of("!ENDMSG!,")));
    // Protocol 6.0: the same trades without trade_aggressor and day_code.
    s.add(new Source("nept_p60", Feed.TICKS, "NEPT", "NEPT_ticks_p60.csv", List.of(),
        oldest.stream().map(l -> String.join(",", List.of(l.split(",", -1)).subList(0, 10)) + ",").toList(), ANY,
        errors, List.of("!ENDMSG!,")));
    for (Path f : files(generated.resolve("iqfeed/ticks"))) {
      List<String> lines = plainLines(f);
      String end = lines.remove(lines.size() - 1);
      s.add(new Source("generated_" + f.getFileName(), Feed.TICKS, f.getParent().getFileName().toString(),
          f.getFileName().toString(), List.of(), lines, ANY, errors, List.of(end)));
    }
    return s;
  }

  /** Custom Level-1 layout with every date-bearing field a dump can select. */
  static final String L1_CUSTOM_HEADER = "S,CURRENT UPDATE FIELDNAMES,Symbol,Most Recent Trade,"
      + "Most Recent Trade Size,Most Recent Trade Time,Most Recent Trade Market Center,Total Volume,Bid,Bid Size,"
      + "Ask,Ask Size,Message Contents,Most Recent Trade Conditions,TickID,Most Recent Trade Date,"
      + "Most Recent Trade Aggressor,Most Recent Trade Day Code";

  private static List<Source> level1(List<String> nept, Path generated) {
    List<Source> s = new ArrayList<>();
    List<String> extras = List.of("S,SERVER CONNECTED,", "S,SERVER DISCONNECTED,", "n,ZZZZ,", "E,!NOT_SUBSCRIBED!,",
        "F,NEPT,5,1.20,,,2.10,0.85,,,,,,,,,,,,,,,,,,,,NEPTUNE WELLNESS SOLUTIONS,NEPT,",
        "S,KEY,0.0.0.0,", "T,20210301 09:30:00", "T,20210302 04:00:00");
    s.add(new Source("nept_custom_layout", Feed.L1, "NEPT", "NEPT_l1.txt",
        List.of(L1_CUSTOM_HEADER, "S,SERVER CONNECTED,"), level1Body(nept, true), l -> l.startsWith("T,"), extras,
        List.of()));
    s.add(new Source("nept_default_layout", Feed.L1, "NEPT", "NEPT_l1_2021-03-01.txt", List.of(),
        level1Body(nept, false), l -> l.startsWith("T,"), extras, List.of()));
    for (Path f : files(generated.resolve("iqfeed/l1"))) {
      List<String> lines = plainLines(f);
      String header = lines.remove(0);
      String symbol = f.getParent().getFileName().toString();
      s.add(new Source("generated_" + f.getFileName(), Feed.L1, symbol, f.getFileName().toString(),
          List.of(header), lines, l -> l.startsWith("T,"),
          List.of("S,SERVER CONNECTED,", "n," + symbol + ",", "E,!NOT_SUBSCRIBED!,"), List.of()));
    }
    return s;
  }

  /**
   * A Level-1 dump replaying the real NEPT trades: a {@code T} line at every new second, a trade
   * update per trade (Message Contents from its basis), a quote-only update between trades, a
   * {@code P} summary at the start of each day and trade corrections now and then.
   */
  private static List<String> level1Body(List<String> nept, boolean custom) {
    List<String> out = new ArrayList<>();
    String second = "";
    String day = "";
    long volume = 0;
    for (int i = 0; i < nept.size(); i++) {
      String[] t = nept.get(i).split(",", -1);
      String date = t[0].substring(0, 10);
      String time = t[0].substring(11);
      String us = date.substring(5, 7) + "/" + date.substring(8, 10) + "/" + date.substring(0, 4);
      if (!date.equals(day)) {
        day = date;
        volume = 0;
        out.add("T," + date.replace("-", "") + " " + time.substring(0, 8));
        out.add(l1Line(custom, "P", t, time, us, "", volume, "", ""));
      }
      volume += Long.parseLong(t[2]);
      if (!time.substring(0, 8).equals(second)) {
        second = time.substring(0, 8);
        out.add("T," + date.replace("-", "") + " " + second);
      }
      String contents = t[7].equals("O") ? "O" : t[7].equals("E") ? "E" : "C";
      String bidSize = Integer.toString(100 * (1 + i % 37));
      String askSize = i % 11 == 0 ? "" : Integer.toString(100 * (1 + i % 23));
      out.add(l1Line(custom, "Q", t, time, us, contents + (i % 3 == 0 ? "ba" : ""), volume, bidSize, askSize));
      if (i % 2 == 0) {
        out.add(l1Line(custom, "Q", t, time, us, i % 4 == 0 ? "b" : "a", volume, bidSize, askSize));
      }
      if (custom && i % 13 == 5) {
        out.add("C,NEPT,I," + us + "," + time + "," + t[1] + "," + t[2] + "," + (900_000 + i) + "," + t[9] + ","
            + t[8] + ",");
        out.add("C,NEPT,X," + us + "," + time + "," + t[1] + "," + t[2] + "," + (i % 2 == 0 ? 900_000 + i : t[6])
            + ",," + t[8] + ",");
      }
    }
    return out;
  }

  private static String l1Line(boolean custom, String type, String[] t, String time, String us, String contents,
      long volume, String bidSize, String askSize) {
    StringBuilder b = new StringBuilder(160).append(type).append(",NEPT,").append(t[1]).append(',').append(t[2])
        .append(',').append(time).append(',').append(t[8]).append(',').append(volume).append(',').append(t[4])
        .append(',').append(bidSize).append(',').append(t[5]).append(',').append(askSize).append(',');
    if (custom) {
      b.append(contents).append(',').append(t[9]).append(',').append(t[6]).append(',').append(us).append(',')
          .append(t[10]).append(',').append(t[11]).append(',');
    } else {
      b.append("1.5000,1.6300,1.4100,1.4900,").append(contents).append(',').append(t[9]).append(',');
    }
    return b.toString();
  }

  private static List<Source> depth(List<String> nept, Path data, Path generated) {
    List<Source> s = new ArrayList<>();
    for (Path f : files(generated.resolve("iqfeed/depth"))) {
      String symbol = f.getParent().getFileName().toString();
      s.add(new Source("generated_" + f.getFileName(), Feed.DEPTH, symbol, f.getFileName().toString(), List.of(),
          plainLines(f), ANY, List.of("S,CLEAR DEPTH," + symbol + ",B,", "S,CLEAR DEPTH," + symbol + ",A,",
          "q," + symbol + ",", "S,SERVER CONNECTED,"), List.of()));
    }
    s.add(new Source("lobster_goog_orders", Feed.DEPTH, "GOOG", "GOOG_depth_2012-06-21.txt", List.of(),
        lobsterOrders(data.resolve("lobster/GOOG_2012-06-21_34200000_57600000_message_10.csv.gz"), 20_000), ANY,
        List.of("S,CLEAR DEPTH,GOOG,B,", "S,CLEAR DEPTH,GOOG,A,", "n,GOOG,", "q,GOOG,", "E,!NOT_SUBSCRIBED!,",
            "T,20120621 10:00:00", "S,SERVER CONNECTED,"),
        List.of()));
    s.add(new Source("nept_market_makers_p61", Feed.DEPTH, "NEPT", "NEPT_mm.txt", List.of(), marketMakers(nept),
        ANY, List.of("S,CLEAR DEPTH,NEPT,B,", "n,NEPT,", "q,NEPT,", "S,SERVER CONNECTED,"), List.of()));
    return s;
  }

  /**
   * LOBSTER's real order events as IQFeed 6.2 order messages: a new limit order is an add ({@code 3}),
   * a partial cancel an update ({@code 4}), a delete a delete ({@code 5}, every fifth without its time),
   * a visible execution an update of the resting order, a hidden one a price-level order ({@code 0});
   * the first hundred adds are sent as order summaries ({@code 6}).
   */
  private static List<String> lobsterOrders(Path messages, int limit) {
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String m : gzipLines(messages, limit)) {
      String[] f = m.split(",");
      double seconds = Double.parseDouble(f[0]);
      long micros = Math.round(seconds * 1e6);
      String time = String.format(Locale.ROOT, "%02d:%02d:%02d.%06d", micros / 3_600_000_000L,
          micros / 60_000_000L % 60, micros / 1_000_000L % 60, micros % 1_000_000L);
      String side = f[5].equals("1") ? "B" : "A";
      String price = String.format(Locale.ROOT, "%.4f", Long.parseLong(f[4]) / 10_000.0);
      String id = f[2];
      n++;
      String tail = time + ",2012-06-21,";
      switch (f[1]) {
        case "1" -> out.add((n < 100 ? "6" : "3") + ",GOOG," + id + ",NSDQ," + side + "," + price + "," + f[3] + ","
            + n + ",4," + tail);
        case "2", "4" -> out.add("4,GOOG," + id + ",NSDQ," + side + "," + price + "," + f[3] + "," + n + ",4," + tail);
        case "3" -> out.add("5,GOOG," + id + ",NSDQ," + side + "," + (n % 5 == 0 ? ",2012-06-21," : tail));
        case "5" -> out.add("0,GOOG," + id + ",," + side + "," + price + "," + f[3] + ",0,4," + tail);
        default -> out.add("S,CLEAR DEPTH,GOOG," + side + ",");
      }
    }
    return out;
  }

  /** Protocol 6.1 market-maker quotes from the real NEPT bid/ask, one maker per line in turn. */
  private static List<String> marketMakers(List<String> nept) {
    String[] makers = {"NSDQ", "NITE", "ARCX", "CDEL", "VIRT", "GSCO"};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(nept.size(), 20_000); i++) {
      String[] t = nept.get(i).split(",", -1);
      String date = t[0].substring(0, 10);
      String dateField = i % 4 == 0 ? date.substring(5, 7) + "/" + date.substring(8) + "/" + date.substring(0, 4)
          : date;
      String time = t[0].substring(11);
      boolean bidValid = !t[4].equals("0.0000");
      out.add((i % 50 == 0 ? "Z" : "2") + ",NEPT," + makers[i % makers.length] + "," + t[4] + "," + t[5] + ","
          + 100 * (1 + i % 13) + "," + 100 * (1 + i % 7) + "," + time + "," + dateField + ",52,"
          + (i % 3 == 0 ? "" : time) + "," + (bidValid ? "T" : "F") + ",T," + (i % 5 == 0 ? "T" : "F") + ",");
    }
    return out;
  }

  /**
   * HDX answers from the real penny-stock daily bars (high, low, open, close order) in three framings
   * (6.2 with a RequestID, 6.2 without, 6.1), oldest- or newest-first: for each ticker its whole
   * history, and its last months alone, from August 2017 (a source whose files share their few
   * trading dates with each other's, for a lake partitioned by date).
   */
  private static List<Source> daily(Path data) {
    Map<String, List<String[]>> byTicker = new java.util.LinkedHashMap<>();
    List<String> rows = gzipLines(data.resolve("daily/penny_daily_ohlcv_dev.csv.gz"), 40_000);
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",", -1);
      byTicker.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
    }
    List<Source> s = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, List<String[]>> e : byTicker.entrySet()) {
      List<String[]> recent = e.getValue().stream().filter(f -> f[1].compareTo("2017-08-01") >= 0).toList();
      if (e.getValue().size() < 500 || recent.size() < 50) {
        continue;
      }
      s.add(dailySource("penny_daily_" + e.getKey(), e.getKey(), e.getKey() + "_daily.csv", e.getValue(), i++));
      s.add(dailySource("penny_daily_recent_" + e.getKey(), e.getKey(), e.getKey() + "_daily_recent.csv", recent,
          i++));
    }
    return s;
  }

  private static Source dailySource(String name, String ticker, String fileName, List<String[]> bars, int i) {
    String prefix = switch (i % 3) {
      case 0 -> "D1,LH,";
      case 1 -> "LH,";
      default -> "";
    };
    List<String> body = new ArrayList<>();
    for (String[] f : bars) {
      body.add(prefix + f[1] + "," + f[3] + "," + f[4] + "," + f[2] + "," + f[5] + "," + f[6] + "," + f[7] + ",");
    }
    if (i % 4 >= 2) {
      Collections.reverse(body);
    }
    String id = prefix.startsWith("D1") ? "D1," : "";
    return new Source(name, Feed.DAILY, ticker, fileName, List.of(), body, ANY,
        List.of(id + "E,!NO_DATA!,", id + "E,Invalid symbol.,", "S,SERVER CONNECTED,"), List.of(id + "!ENDMSG!,"));
  }

  /**
   * The generator's files of 7 symbols x 1 quiet day: protocol 6.0 and 6.2 answers, with and without
   * RequestIDs, oldest- and newest-first (a symbol's number picks them).
   */
  private static Path simulatedLandingZone() {
    try {
      Path raw = Files.createTempDirectory("l2lake-fuzz-corpus");
      SimulatedDays.write(raw, 42, 7, 1, LocalDate.of(2025, 3, 3), 0.01);
      return raw;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> !p.getFileName().toString().endsWith(".crc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> plainLines(Path file) {
    try {
      return new ArrayList<>(List.of(Files.readString(file, StandardCharsets.ISO_8859_1).split("\r\n")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> gzipLines(Path file, int limit) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
      List<String> out = new ArrayList<>();
      String line;
      while (out.size() < limit && (line = r.readLine()) != null) {
        out.add(line);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
