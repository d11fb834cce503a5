package io.l2lake.iqfeed;

import io.l2lake.lake.Feed;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds raw files of one feed from {@link FeedCorpus} lines with a share of the lines mutated, and
 * remembers every line as written, so a test can check each line number's fate. Deterministic from
 * the seed. Mutations: byte and bit flips, truncation at every kind of position, fields deleted,
 * duplicated, swapped or emptied, wrong field counts, huge numbers, NaN and Infinity, signs, bad
 * dates and times (Feb 30, 25:00, DST gaps), embedded quotes, commas, CR, NUL and tabs, non-UTF-8
 * bytes, very long lines (under and over the line limit), message types swapped, case changed,
 * whitespace, two lines spliced. Control lines of the feed are in the corpus and are mutated too.
 */
public final class FuzzFiles {
  private FuzzFiles() {}

  /** The limit the fuzzed files are parsed with (the default {@code max-line-length}). */
  public static final int MAX_LINE_LENGTH = 65_536;

  /** Characters of a line kept for checks: the quarantine keeps 4096, one more shows a cut. */
  private static final int KEPT = 4097;

  /**
   * A line of a fuzz file: whether and how it was mutated, its text as the line reader returns it
   * (at most {@link #KEPT} characters) and whether it is over the line limit.
   */
  public record Line(String op, String text, boolean tooLong) {
    public boolean mutated() {
      return op != null;
    }
  }

  /** A fuzz file: its bytes and its lines in order (line number = index + 1). */
  public record FuzzFile(String name, Feed feed, String symbol, String order, byte[] bytes, List<Line> lines) {
    public long mutatedLines() {
      return lines.stream().filter(Line::mutated).count();
    }
  }

  /**
   * Files of a feed, taking its sources in turn, half of each file's lines mutated, until they hold
   * at least {@code mutatedLines} mutated lines. Deterministic from the seed.
   */
  public static List<FuzzFile> forFeed(Feed feed, long seed, long mutatedLines, int bodyLines) {
    return forFeed(feed, seed, mutatedLines, bodyLines, s -> true);
  }

  /** As {@link #forFeed(Feed, long, long, int)} from the sources {@code use} accepts. */
  public static List<FuzzFile> forFeed(Feed feed, long seed, long mutatedLines, int bodyLines,
      java.util.function.Predicate<FeedCorpus.Source> use) {
    List<FeedCorpus.Source> sources = FeedCorpus.of(feed).stream().filter(use).toList();
    List<FuzzFile> files = new ArrayList<>();
    long n = 0;
    for (int i = 0; n < mutatedLines; i++) {
      FuzzFile f = build(sources.get(i % sources.size()), i, seed * 100_003 + i, bodyLines, 0.5);
      files.add(f);
      n += f.mutatedLines();
    }
    return files;
  }

  /**
   * A file of {@code source}: its head, a window of about {@code bodyLines} body lines with a few
   * extras inserted, its tail (usually); each line mutated with probability {@code rate}. Line ends
   * are CRLF, or LF for one file in five; one file in ten lacks the last line end.
   */
  public static FuzzFile build(FeedCorpus.Source source, int index, long seed, int bodyLines, double rate) {
    Random r = new Random(seed);
    List<String> seeds = new ArrayList<>(source.head());
    List<String> body = source.body();
    int start = r.nextInt(Math.max(1, body.size() - bodyLines));
    while (start < body.size() - 1 && !source.windowStart().test(body.get(start))) {
      start++;
    }
    List<String> window = new ArrayList<>(body.subList(start, Math.min(body.size(), start + bodyLines)));
    for (int i = 0; i < 1 + bodyLines / 60; i++) {
      window.add(r.nextInt(window.size() + 1), source.extras().get(r.nextInt(source.extras().size())));
    }
    seeds.addAll(window);
    if (r.nextInt(10) != 0) {
      seeds.addAll(source.tail());
    }
    boolean crlf = r.nextInt(5) != 0;
    boolean lastEnded = r.nextInt(10) != 0;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Line> lines = new ArrayList<>(seeds.size());
    for (int i = 0; i < seeds.size(); i++) {
      String text = seeds.get(i);
      String op = null;
      if (r.nextDouble() < rate) {
        StringBuilder ops = new StringBuilder();
        int stack = r.nextInt(20) == 0 ? 3 : r.nextInt(6) == 0 ? 2 : 1;
        for (int k = 0; k < stack; k++) {
          Op o = pick(r);
          text = o.apply.apply(new Target(text, source, body), r).replace('\n', ' ');
          ops.append(k == 0 ? "" : "+").append(o.name);
        }
        // A mutation that happened to change nothing (no date to replace, say) gets a byte flip.
        while (text.equals(seeds.get(i))) {
          text = OPS.get(0).apply.apply(new Target(text, source, body), r).replace('\n', ' ');
          ops.append("+byte_flip");
        }
        op = ops.toString();
      }
      // An empty last line without its line end is no line at all: that one always ends.
      boolean ended = i < seeds.size() - 1 || lastEnded || text.isEmpty();
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      out.write(bytes, 0, bytes.length);
      String terminator = ended ? (crlf ? "\r\n" : "\n") : "";
      out.write(terminator.getBytes(StandardCharsets.ISO_8859_1), 0, terminator.length());
      lines.add(asRead(text + (ended && crlf ? "\r" : ""), op));
    }
    String name = "f" + index + "_" + source.fileName();
    return new FuzzFile(name, source.feed(), source.symbol(), source.order(), out.toByteArray(), List.copyOf(lines));
  }

  /** A line as {@link LineReader} returns it: one trailing CR dropped unless the line is over the limit. */
  private static Line asRead(String withoutLf, String op) {
    boolean tooLong = withoutLf.length() > MAX_LINE_LENGTH;
    String text = !tooLong && withoutLf.endsWith("\r") ? withoutLf.substring(0, withoutLf.length() - 1) : withoutLf;
    return new Line(op, text.length() > KEPT ? text.substring(0, KEPT) : text, tooLong);
  }

  /** The line being mutated, with its source (for lines to splice in and the symbol). */
  private record Target(String line, FeedCorpus.Source source, List<String> body) {}

  private record Op(String name, int weight, BiFunction<Target, Random, String> apply) {}

  private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern US_DATE = Pattern.compile("[0-9]{2}/[0-9]{2}/[0-9]{4}");
  private static final Pattern COMPACT_DATE = Pattern.compile("(?<=^T,)[0-9]{8}");
  private static final Pattern TIME = Pattern.compile("[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?");
  private static final Pattern NUMBER = Pattern.compile("(?<=^|,)-?[0-9]+(\\.[0-9]+)?(?=,|$)");

  private static final String[] BAD_DATES = {"2021-02-30", "2021-02-29", "2020-02-29", "2021-13-01", "2021-00-10",
      "2021-04-31", "0000-01-01", "1899-12-31", "1900-01-01", "2200-12-31", "2201-01-01", "9999-99-99", "2021-3-1",
      "21-03-01", "2021/03/01", "2021-03-1x", "2021-11-07", "2021-03-14", "1969-12-31", "1970-01-01",
      "02/30/2021", "13/01/2021", "00/10/2021", "02/29/2020", "12/31/1899", "01/01/2201", "2/3/2021", "03-01-2021",
      "11/07/2021", "03/14/2021", "20210230", "20211301", "19000101", "22010101", "2021031", "202103011", ""};
  private static final String[] BAD_TIMES = {"25:00:00", "24:00:00", "23:60:00", "23:59:60", "-1:00:00", "12:00",
      "12:00:00.", "12:00:00.1234567", "12:00:00.1234567890", "1:02:03", "12:00:00,5", "02:30:00.000000",
      "01:30:00.000000", "00:00:00.000000", "23:59:59.999999", "12:00:00.ffffff", "12.00.00", "99:99:99.999999",
      "02:00:00", "03:00:00.000001", ""};
  private static final String[] NASTY = {"99999999999999999999", "999999999999999999", "9223372036854775807",
      "9223372036854775808", "18446744073709551616", "2147483647", "2147483648", "4294967296", "1e308", "1E-7",
      "1.7976931348623157E308", "0.00000000000000000001", "12345678901234567.8", "0.12345678901234567", "NaN", "nan",
      "Infinity", "-Infinity", "inf", "-0", "-0.0000", "-1", "-0.0001", "+5", "0x1F", " 1", "1 ", "1.2.3", ".", "-",
      ".5", "5.", "00000000000000000000001", "\u00BD", "\u00B2", "1_000", "1,000", "\"1.5\"", "'1.5'", "0", "0.0000",
      "true", "null", "N/A", "-9223372036854775808", "1.", "--1", "0.0000000000000000001", "4.9E-324"};
  private static final String[] TYPES = {"Q", "P", "T", "S", "F", "n", "E", "C", "R", "7", "8", "9", "0", "1", "3",
      "4", "5", "6", "Z", "2", "q", "LH", "!ENDMSG!", "D1", "X", "", "s", "U", "q", "t", "!endmsg!", "E,!NO_DATA!"};
  private static final String[] EMBEDDED = {"\"", ",", "\r", "\u0000", "\t", "\"\"", ";", "\r\r", "\u0001",
      "\u007F", " ", ",,"};
  private static final String[][] NON_UTF8 = {{"\u00FF", "\u00FE"}, {"\u00C3", "("}, {"\u00E2", "\u0082", "("},
      {"\u00C0", "\u00AF"}, {"\u0080"}, {"\u00A0"}, {"\u00E9"}, {"\u00ED", "\u00A0", "\u0080"}, {"\u00F8", "\u0088"}};

  private static final List<Op> OPS = List.of(
      new Op("byte_flip", 6, (t, r) -> {
        if (t.line.isEmpty()) {
          return String.valueOf((char) r.nextInt(256));
        }
        char[] c = t.line.toCharArray();
        c[r.nextInt(c.length)] = (char) r.nextInt(256);
        return new String(c);
      }),
      new Op("bit_flip", 4, (t, r) -> {
        if (t.line.isEmpty()) {
          return t.line;
        }
        char[] c = t.line.toCharArray();
        int i = r.nextInt(c.length);
        c[i] = (char) (c[i] ^ (1 << r.nextInt(8)));
        return new String(c);
      }),
      new Op("truncate", 8, FuzzFiles::truncate),
      new Op("delete_field", 4, (t, r) -> {
        List<String> f = fields(t.line);
        f.remove(r.nextInt(f.size()));
        return String.join(",", f);
      }),
      new Op("duplicate_field", 3, (t, r) -> {
        List<String> f = fields(t.line);
        int i = r.nextInt(f.size());
        f.add(i, f.get(i));
        return String.join(",", f);
      }),
      new Op("swap_fields", 4, (t, r) -> {
        List<String> f = fields(t.line);
        int i = r.nextInt(f.size());
        int j = r.nextInt(2) == 0 ? Math.min(f.size() - 1, i + 1) : r.nextInt(f.size());
        String x = f.get(i);
        f.set(i, f.get(j));
        f.set(j, x);
        return String.join(",", f);
      }),
      new Op("empty_field", 4, (t, r) -> {
        List<String> f = fields(t.line);
        f.set(r.nextInt(f.size()), "");
        return String.join(",", f);
      }),
      new Op("nasty_number", 8, (t, r) -> {
        List<String> f = fields(t.line);
        List<Integer> numeric = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
          if (NUMBER.matcher(f.get(i)).matches()) {
            numeric.add(i);
          }
        }
        int i = numeric.isEmpty() ? r.nextInt(f.size()) : numeric.get(r.nextInt(numeric.size()));
        f.set(i, NASTY[r.nextInt(NASTY.length)]);
        return String.join(",", f);
      }),
      new Op("sign", 2, (t, r) -> {
        List<String> f = fields(t.line);
        int i = r.nextInt(f.size());
        f.set(i, (r.nextBoolean() ? "-" : "+") + f.get(i));
        return String.join(",", f);
      }),
      new Op("bad_date", 6, (t, r) -> replaceOne(t.line, r, BAD_DATES, ISO_DATE, US_DATE, COMPACT_DATE)),
      new Op("bad_time", 6, (t, r) -> replaceOne(t.line, r, BAD_TIMES, TIME)),
      new Op("dst", 2, (t, r) -> {
        String s = replaceOne(t.line, r, new String[] {r.nextBoolean() ? "2021-03-14" : "2021-11-07"}, ISO_DATE);
        s = replaceOne(s, r, new String[] {"03/14/2021", "11/07/2021"}, US_DATE);
        s = replaceOne(s, r, new String[] {"20210314", "20211107"}, COMPACT_DATE);
        return replaceOne(s, r, new String[] {"02:30:00.000000", "01:30:00.500000", "02:00:00", "01:59:59.999999"},
            TIME);
      }),
      new Op("field_count", 5, (t, r) -> switch (r.nextInt(5)) {
        case 0 -> t.line + "1,2,";
        case 1 -> t.line + ",";
        case 2 -> t.line + ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,";
        case 3 -> t.line.endsWith(",") ? t.line.substring(0, t.line.length() - 1) : t.line + ",";
        default -> {
          List<String> f = fields(t.line);
          yield String.join(",", f.subList(0, r.nextInt(f.size()) + 1));
        }
      }),
      new Op("embed", 6, (t, r) -> {
        int at = r.nextInt(t.line.length() + 1);
        if (r.nextInt(4) == 0) {
          List<String> f = fields(t.line);
          int i = r.nextInt(f.size());
          f.set(i, "\"" + f.get(i) + "\"");
          return String.join(",", f);
        }
        return t.line.substring(0, at) + EMBEDDED[r.nextInt(EMBEDDED.length)] + t.line.substring(at);
      }),
      new Op("non_utf8", 4, (t, r) -> {
        int at = r.nextInt(t.line.length() + 1);
        return t.line.substring(0, at) + String.join("", NON_UTF8[r.nextInt(NON_UTF8.length)]) + t.line.substring(at);
      }),
      new Op("long_line", 2, (t, r) -> {
        List<String> f = fields(t.line);
        int i = r.nextInt(f.size());
        int n = switch (r.nextInt(3)) {
          case 0 -> 3_000 + r.nextInt(5_000);
          case 1 -> MAX_LINE_LENGTH - t.line.length() - 2 + r.nextInt(4);
          default -> MAX_LINE_LENGTH + r.nextInt(10_000);
        };
        String unit = r.nextBoolean() ? "9" : "A,";
        f.set(i, f.get(i) + unit.repeat(Math.max(1, n / unit.length())));
        return String.join(",", f);
      }),
      new Op("message_type", 5, (t, r) -> {
        List<String> f = fields(t.line);
        String type = TYPES[r.nextInt(TYPES.length)];
        return switch (r.nextInt(4)) {
          case 0 -> type + "," + t.line;
          case 1 -> f.size() > 1 ? f.get(0) + "," + type + "," + String.join(",", f.subList(1, f.size()))
              : type + "," + t.line;
          default -> {
            f.set(0, type);
            yield String.join(",", f);
          }
        };
      }),
      new Op("symbol", 2, (t, r) -> t.line.replace(t.source.symbol(),
          new String[] {"", "ZZZZ", t.source.symbol().toLowerCase(java.util.Locale.ROOT), t.source.symbol() + " ",
              t.source.symbol() + t.source.symbol()}[r.nextInt(5)])),
      new Op("case", 2, (t, r) -> r.nextBoolean() ? t.line.toLowerCase(java.util.Locale.ROOT)
          : t.line.toUpperCase(java.util.Locale.ROOT)),
      new Op("whitespace", 2, (t, r) -> {
        List<String> f = fields(t.line);
        int i = r.nextInt(f.size());
        f.set(i, r.nextBoolean() ? " " + f.get(i) : f.get(i) + " ");
        return String.join(",", f);
      }),
      new Op("splice", 2, (t, r) -> {
        String other = t.body.get(r.nextInt(t.body.size()));
        return t.line.substring(0, r.nextInt(t.line.length() + 1)) + other.substring(r.nextInt(other.length() + 1));
      }),
      new Op("blank", 1, (t, r) -> new String[] {"", ",", ",,,,", " ", "\r", "\t"}[r.nextInt(6)]));

  private static final int TOTAL_WEIGHT = OPS.stream().mapToInt(Op::weight).sum();

  /** The names of every mutation, for coverage checks. */
  public static List<String> opNames() {
    return OPS.stream().map(Op::name).toList();
  }

  private static Op pick(Random r) {
    int x = r.nextInt(TOTAL_WEIGHT);
    for (Op o : OPS) {
      x -= o.weight;
      if (x < 0) {
        return o;
      }
    }
    throw new AssertionError();
  }

  /** Cuts the line at a kind of position: anywhere, at a field's start or end, in the first field, in a stamp. */
  private static String truncate(Target t, Random r) {
    String s = t.line;
    if (s.isEmpty()) {
      return s;
    }
    List<Integer> commas = new ArrayList<>();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ',') {
        commas.add(i);
      }
    }
    int at;
    switch (r.nextInt(7)) {
      case 0 -> at = commas.isEmpty() ? 0 : commas.get(r.nextInt(commas.size())) + 1; // after a comma
      case 1 -> at = commas.isEmpty() ? 0 : commas.get(r.nextInt(commas.size())); // before a comma
      case 2 -> at = r.nextInt(commas.isEmpty() ? s.length() : commas.get(0) + 1); // in the first field
      case 3 -> at = s.length() - 1; // the last character
      case 4 -> {
        Matcher m = (r.nextBoolean() ? TIME : ISO_DATE).matcher(s);
        at = m.find() ? m.start() + 1 + r.nextInt(m.end() - m.start()) : r.nextInt(s.length());
      }
      case 5 -> at = 0;
      default -> at = r.nextInt(s.length());
    }
    return s.substring(0, Math.min(at, s.length()));
  }

  /** The line's fields, the trailing empty one included (joined back, the line is unchanged). */
  private static List<String> fields(String line) {
    return new ArrayList<>(Arrays.asList(line.split(",", -1)));
  }

  /** Replaces one match of any of the patterns with one of the values; a byte flip when none matches. */
  private static String replaceOne(String s, Random r, String[] values, Pattern... patterns) {
    List<int[]> spans = new ArrayList<>();
    for (Pattern p : patterns) {
      Matcher m = p.matcher(s);
      while (m.find()) {
        spans.add(new int[] {m.start(), m.end()});
      }
    }
    if (spans.isEmpty()) {
      return s;
    }
    int[] span = spans.get(r.nextInt(spans.size()));
    return s.substring(0, span[0]) + values[r.nextInt(values.length)] + s.substring(span[1]);
  }

  /** Mutated lines by mutation name (stacked mutations counted under each). */
  public static Map<String, Long> opCounts(List<FuzzFile> files) {
    Map<String, Long> out = new TreeMap<>();
    for (FuzzFile f : files) {
      for (Line l : f.lines()) {
        if (l.mutated()) {
          for (String op : l.op().split("\\+")) {
            out.merge(op, 1L, Long::sum);
          }
        }
      }
    }
    return out;
  }
}
