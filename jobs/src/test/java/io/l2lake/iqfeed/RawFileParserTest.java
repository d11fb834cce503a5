package io.l2lake.iqfeed;

import static io.l2lake.iqfeed.Parsing.day;
import static io.l2lake.iqfeed.Parsing.micros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.testing.CollectingSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-line boundary of {@link RawFileParser}: an unexpected exception quarantines its line as
 * {@code parser_error} with nothing of the line emitted and none of its state kept; a handler that
 * does not settle a line exactly once is caught the same way; a failing stream still fails the file.
 * No real input throws anything but a row-rule failure today (the fuzz tests look for one), so the
 * failures are injected: a real parser handles each line, then a wrapper throws on chosen lines, as
 * a bug at the very end of a line would.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawFileParserTest {
  /** A real parser that throws after handling the chosen lines (records emitted, state change asked for). */
  static final class FailingAfter extends RawFileParser.LineHandler {
    private final RawFileParser.LineHandler parser;
    private final Set<Long> failing;

    FailingAfter(Function<LineOutcome, RawFileParser.LineHandler> parser, Set<Long> failing) {
      this(new LineOutcome(), parser, failing);
    }

    private FailingAfter(LineOutcome outcome, Function<LineOutcome, RawFileParser.LineHandler> parser,
        Set<Long> failing) {
      super(outcome);
      this.parser = parser.apply(outcome);
      this.failing = failing;
    }

    @Override
    void handle(long lineNo, String line) {
      parser.handle(lineNo, line);
      if (failing.contains(lineNo)) {
        throw new IllegalStateException("injected failure on line " + lineNo);
      }
    }

    @Override
    Integer dateHint() {
      return parser.dateHint();
    }
  }

  private static Parsing.Parsed parse(RawFileParser.LineHandler handler, List<String> lines) {
    byte[] bytes = (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    return parse(handler, () -> new ByteArrayInputStream(bytes));
  }

  private static Parsing.Parsed parse(RawFileParser.LineHandler handler, RawFileParser.Opener opener) {
    CollectingSink sink = new CollectingSink();
    FileStats stats = new FileStats();
    try (RawFileParser.Session s = new RawFileParser(65_536).open(handler, stats, sink, "x.txt", opener)) {
      while (s.step()) {
        // one line per step
      }
    }
    return new Parsing.Parsed(stats, sink);
  }

  private static final String HEADER = "S,CURRENT UPDATE FIELDNAMES,Symbol,Most Recent Trade,"
      + "Most Recent Trade Size,Most Recent Trade Time,Most Recent Trade Market Center,Total Volume,Bid,"
      + "Bid Size,Ask,Ask Size,Open,High,Low,Close,Message Contents,Most Recent Trade Conditions";

  @Test
  void anUnexpectedExceptionQuarantinesItsLineAsParserErrorAndKeepsNothingOfIt() {
    String secondClock = "T,20251121 09:00:00";
    String trade = "Q,ABCD,1.2400,370,10:15:42.250911,11,8123826,1.2300,500,1.2400,1000,,,,,Cav,3D87,";
    Parsing.Parsed p = parse(new FailingAfter(o -> new Level1DumpParser("ABCD", null, o), Set.of(3L, 5L)), List.of(
        HEADER,
        "T,20251120 10:15:43",
        secondClock,
        "Q,ABCD,1.2300,100,10:15:42.118274,19,8123456,1.2200,3000,1.2400,2000,,,,,b,3D,",
        trade,
        "Q,ABCD,1.2300,100,10:15:42.118274,19,8123456,1.2100,3000,1.2400,2000,,,,,b,3D,"));

    // Line 3 would have moved the clock to the 21st and line 5 gave a quote and a trade: both are
    // quarantined, with the date the parser knew, and neither the clock nor a row of them is left.
    List<RawRecords.Rejected> q = p.sink().rejected;
    assertEquals(2, q.size());
    assertEquals(new RawRecords.Rejected(3, secondClock, RejectReason.PARSER_ERROR, q.get(0).detail(),
        day("2025-11-20")), q.get(0));
    assertEquals(new RawRecords.Rejected(5, trade, RejectReason.PARSER_ERROR, q.get(1).detail(), day("2025-11-20")),
        q.get(1));
    assertTrue(q.get(0).detail().matches("java\\.lang\\.IllegalStateException: injected failure on line 3"
        + " at RawFileParserTest\\$FailingAfter\\.handle:[0-9]+"), q.get(0).detail());
    assertEquals("parser_error", RejectReason.PARSER_ERROR.code());
    assertEquals(List.of(
        new RawRecords.Quote(micros("2025-11-20 10:15:43"), day("2025-11-20"), 4, 1.22, 3000L, 1.24, 2000L, "Q",
            "b", "timestamp_message", 4),
        new RawRecords.Quote(micros("2025-11-20 10:15:43"), day("2025-11-20"), 6, 1.21, 3000L, 1.24, 2000L, "Q",
            "b", "timestamp_message", 6)), p.sink().quotes);
    assertEquals(List.of(), p.sink().ticks);
    assertEquals(List.of(1L, 2L), p.sink().controlLines);
    assertEquals("read=6 accepted=2 quarantined=2 control=2 {field_header=1, timestamp=1}", p.stats().toString());
    assertEquals(day("2025-11-20"), p.stats().minDate);
    assertEquals(day("2025-11-20"), p.stats().maxDate);
  }

  @Test
  void aFailedDepthLineLeavesNeitherItsRowsNorItsTime() {
    Parsing.Parsed p = parse(new FailingAfter(o -> new DepthDumpParser("ABCD", o), Set.of(2L)), List.of(
        "7,ABCD,B,1.2300,14300,38,4,10:05:12.334105,2025-11-20,",
        "Z,ABCD,NITE,1.2200,1.2600,500,700,11:00:00.100000,2025-11-21,52,11:00:00.200000,T,T,F,",
        "5,ABCD,5551,NSDQ,B,,2025-11-20,"));
    assertEquals(List.of(1L, 3L), p.sink().depth.stream().map(RawRecords.Depth::lineNo).toList());
    // The untimed delete takes the time of the last line that stood, not of the failed one.
    assertEquals(new RawRecords.Depth(micros("2025-11-20 10:05:12.334105"), day("2025-11-20"), 3, "5",
        "order_delete", "B", null, null, null, 5551L, "NSDQ", null, null, 3, 0), p.sink().depth.get(1));
    assertEquals(List.of(2L), p.sink().rejected.stream().map(RawRecords.Rejected::lineNo).toList());
    // The failed line's own date is the best hint for its quarantine row.
    assertEquals(day("2025-11-21"), p.sink().rejected.get(0).tradeDate());
    assertEquals("read=3 accepted=2 quarantined=1 control=0 {}", p.stats().toString());
  }

  @Test
  void aFailedHistoryLineKeepsTheSeqOfTheOthers() {
    RawFileParser.HistoryOrder order = new RawFileParser.HistoryOrder(true, 3);
    Parsing.Parsed p = parse(new FailingAfter(o -> new HistoryAnswerParser(true, "ABCD", order, o), Set.of(2L)),
        List.of(
            "2021-03-01 10:00:03.000000,1.52,50,150,1.51,1.53,3,C,5,,0,1,",
            "2021-03-01 10:00:02.000000,1.51,50,100,1.50,1.52,2,C,5,,0,1,",
            "2021-03-01 10:00:01.000000,1.50,50,50,1.50,1.52,1,C,5,,0,1,",
            "!ENDMSG!,"));
    assertEquals(List.of(3L, 1L), p.sink().ticks.stream().map(RawRecords.Tick::seq).toList());
    assertEquals(List.of(3L, 1L), p.sink().ticks.stream().map(RawRecords.Tick::tickId).toList());
    assertEquals(RejectReason.PARSER_ERROR, p.sink().rejected.get(0).reason());
    assertEquals("read=4 accepted=2 quarantined=1 control=1 {end_of_answer=1}", p.stats().toString());
    assertTrue(p.stats().endOfAnswerSeen);
  }

  /** A handler that settles each line as its text says: accept, control, both, or neither. */
  static final class Scripted extends RawFileParser.LineHandler {
    Scripted() {
      super(new LineOutcome());
    }

    @Override
    void handle(long lineNo, String line) {
      if (line.contains("row")) {
        sink.dailyBar(new RawRecords.DailyBar(day("2025-11-20"), 1, 1, 1, 1, 1, null, lineNo));
      }
      if (line.contains("accept")) {
        accepted(day("2025-11-20"));
      }
      if (line.contains("control")) {
        control("system");
      }
    }
  }

  @Test
  void aLineSettledTwiceOrNotAtAllOrAcceptedWithoutRowsIsAParserError() {
    Parsing.Parsed p = parse(new Scripted(), List.of("row accept", "row accept control", "nothing", "control",
        "accept", "row control"));
    assertEquals(List.of(1L), p.sink().bars.stream().map(RawRecords.DailyBar::lineNo).toList());
    assertEquals(List.of(4L), p.sink().controlLines);
    assertEquals(Map.of(
            2L, "java.lang.IllegalStateException: line settled 2 times instead of once",
            3L, "java.lang.IllegalStateException: line settled 0 times instead of once",
            5L, "java.lang.IllegalStateException: accepted line with 0 records",
            6L, "java.lang.IllegalStateException: control line with 1 records"),
        p.sink().rejected.stream().collect(java.util.stream.Collectors.toMap(RawRecords.Rejected::lineNo,
            r -> r.detail().replaceAll(" at LineOutcome\\.checkComplete:[0-9]+$", ""))));
    assertTrue(p.sink().rejected.stream().allMatch(r -> r.reason() == RejectReason.PARSER_ERROR));
    assertEquals("read=6 accepted=1 quarantined=4 control=1 {system=1}", p.stats().toString());
  }

  @Test
  void aLongExceptionMessageIsCutInTheDetail() {
    String detail = RawFileParser.describe(new IllegalArgumentException("x".repeat(1_000)));
    assertEquals(RawFileParser.ERROR_DETAIL_LIMIT, detail.length());
    assertEquals("java.lang.IllegalArgumentException: xxx", detail.substring(0, 39));
    assertTrue(detail.endsWith("x..."), detail);
    // No message: the class and where in the project's code it was thrown.
    assertTrue(RawFileParser.describe(new NullPointerException()).matches(
        "java\\.lang\\.NullPointerException at RawFileParserTest\\.aLongExceptionMessageIsCutInTheDetail:[0-9]+"));
  }

  @Test
  void aStreamThatFailsStillFailsTheFile() {
    byte[] first = "T,20251120 10:15:43\r\n".getBytes(StandardCharsets.ISO_8859_1);
    RawFileParser.Opener failing = () -> new InputStream() {
      private int at;

      @Override
      public int read() throws IOException {
        if (at < first.length) {
          return first[at++];
        }
        throw new IOException("disk gone");
      }
    };
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> parse(new Level1DumpParser("ABCD", null, new LineOutcome()), failing));
    assertEquals("reading x.txt: disk gone", e.getMessage());
  }
}
