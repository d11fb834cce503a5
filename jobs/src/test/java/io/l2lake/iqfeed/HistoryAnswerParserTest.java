package io.l2lake.iqfeed;

import static io.l2lake.iqfeed.Parsing.day;
import static io.l2lake.iqfeed.Parsing.micros;
import static io.l2lake.iqfeed.Parsing.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Feed;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HistoryAnswerParserTest {
  @Test
  void readsProtocol62LinesWithRequestIdAndLhTag() {
    Parsing.Parsed p = parse(Feed.TICKS, "ABCD", "a.csv", List.of(
        "T42,LH,2025-11-20 09:30:00.512347,1.4500,100,1250310,1.4400,1.4600,4812,C,5,01,0,20,",
        "T42,!ENDMSG!,"));
    assertEquals(1, p.sink().ticks.size());
    assertEquals(new RawRecords.Tick(micros("2025-11-20 09:30:00.512347"), day("2025-11-20"), 1, 1.45,
        100, 1_250_310L, 1.44, 1.46, null, null, 4812L, "C", 5, List.of("01"), 0, 20, "history", false, 1),
        p.sink().ticks.get(0));
    assertEquals("read=2 accepted=1 quarantined=0 control=1 {end_of_answer=1}", p.stats().toString());
    assertTrue(p.stats().endOfAnswerSeen);
  }

  @Test
  void readsProtocol60LinesWithoutAggressorAndDayCode() {
    Parsing.Parsed p = parse(Feed.TICKS, "ABCD", "a.csv", List.of(
        "2020-04-01 08:59:06.041497,1.1900,1,26,1.0100,1.2000,1,O,5,873D17,", "!ENDMSG!,"));
    RawRecords.Tick t = p.sink().ticks.get(0);
    assertEquals(List.of("87", "3D", "17"), t.conditions());
    assertEquals(null, t.aggressor());
    assertEquals(null, t.dayCode());
    assertEquals("O", t.basis());
    assertEquals(micros("2020-04-01 08:59:06.041497"), t.tsMicros());
  }

  @Test
  void readsLhTagWithoutRequestIdAndRequestIdWithoutLhTag() {
    Parsing.Parsed p = parse(Feed.TICKS, "ABCD", "a.csv", List.of(
        "LH,2021-03-01 04:00:06.702115,1.5200,50,1050,1.4300,1.5200,2,O,11,873D17,0,1,",
        "REQ7,2021-03-01 04:00:07.000000,1.5300,50,1100,1.4300,1.5200,3,O,11,17,0,1,",
        "!ENDMSG!,"));
    assertEquals(2, p.sink().ticks.size());
    assertEquals(0, p.stats().quarantined);
  }

  @Test
  void newestFirstAnswersGetChronologicalSeq() {
    Parsing.Parsed p = parse(Feed.TICKS, "ABCD", "a.csv", List.of(
        "2021-03-01 10:00:02.000000,1.52,50,150,1.51,1.53,3,C,5,,0,1,",
        "2021-03-01 10:00:01.000000,1.51,50,100,1.50,1.52,2,C,5,,0,1,",
        "2021-03-01 10:00:01.000000,1.50,50,50,1.50,1.52,1,C,5,,0,1,",
        "!ENDMSG!,"));
    assertEquals("newest_first", p.stats().order);
    assertEquals(List.of(3L, 2L, 1L), p.sink().ticks.stream().map(RawRecords.Tick::seq).toList());
    assertEquals(List.of(3L, 2L, 1L), p.sink().ticks.stream().map(RawRecords.Tick::tickId).toList());
  }

  @Test
  void errorAnswersAndMissingEndAreControlAndFlagged() {
    Parsing.Parsed p = parse(Feed.TICKS, "ABCD", "a.csv", List.of("X9,E,!NO_DATA!,", "X9,!ENDMSG!,"));
    assertEquals(Map.of("error:!NO_DATA!", 1L, "end_of_answer", 1L), p.stats().controlKinds);
    Parsing.Parsed cut = parse(Feed.TICKS, "ABCD", "a.csv", List.of(
        "2021-03-01 10:00:01.000000,1.51,50,100,1.50,1.52,2,C,5,,0,1,"));
    assertFalse(cut.stats().endOfAnswerSeen);
  }

  @Test
  void quarantinesEachBrokenRuleWithItsReason() {
    Parsing.Parsed p = parse(Feed.TICKS, "ABCD", "a.csv", List.of(
        "2021-03-01 10:00:01.000000,0.0000,50,100,1.50,1.52,2,C,5,,0,1,",
        "2021-03-01 10:00:01.000000,1.51,-50,100,1.50,1.52,2,C,5,,0,1,",
        "2021-02-30 10:00:01.000000,1.51,50,100,1.50,1.52,2,C,5,,0,1,",
        "2021-03-01 10:00:01.000000,1.5x,50,100,1.50,1.52,2,C,5,,0,1,",
        "2021-03-01 10:00:01.000000,1.51,50,100,1.50,1.52,2,Q,5,,0,1,",
        "2021-03-01 10:00:01.000000,1.51,50,100,1.50,1.52,2,C,5,8,0,1,",
        "2021-03-01 10:00:01.000000,1.51,50,100,1.50,1.52,2,C,5,,0,",
        "2021-03-01 10:00:01.000000,1.51,50,100,1.50,1.52,2,C,5,,7,1,",
        "2021-03-01 10:00:01.000000,1.51,50,100,-1.50,1.52,2,C,5,,0,1,",
        "hello",
        "!ENDMSG!,"));
    assertEquals(List.of("non_positive_price", "negative_size", "bad_timestamp", "bad_number", "bad_code",
            "bad_code", "field_count", "bad_code", "non_positive_price", "unknown_message"),
        p.sink().rejected.stream().map(r -> r.reason().code()).toList());
    assertEquals("last=0.0000", p.sink().rejected.get(0).detail());
    assertEquals(day("2021-03-01"), p.sink().rejected.get(1).tradeDate());
    assertTrue(p.stats().balanced());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aNegativeZeroBidOrAskIsQuarantined() {
    // -0.0000 parses to -0.0, which is not below zero: the minus sign is what breaks the rule.
    Parsing.Parsed p = parse(Feed.TICKS, "ABCD", "a.csv", List.of(
        "2021-03-01 10:00:01.000000,1.51,50,100,-0.0000,1.52,2,C,5,,0,1,",
        "2021-03-01 10:00:01.000000,1.51,50,100,1.50,-0,3,C,5,,0,1,",
        "2021-03-01 10:00:01.000000,1.51,50,100,0.0000,1.52,4,C,5,,0,1,",
        "!ENDMSG!,"));
    assertEquals(List.of("non_positive_price:bid=-0.0000", "non_positive_price:ask=-0"),
        p.sink().rejected.stream().map(r -> r.reason().code() + ":" + r.detail()).toList());
    assertEquals(List.of(0.0), p.sink().ticks.stream().map(RawRecords.Tick::bid).toList());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void theOrderIsVotedSoACorruptFirstOrLastLineCannotTurnItAround() {
    // Oldest first, but the first line's date and the last line's date are wrong in the way that made
    // a comparison of the first and last stamps read it as newest first, and the whole answer's seq
    // backwards.
    Parsing.Parsed oldest = parse(Feed.TICKS, "ABCD", "a.csv", List.of(
        "2031-03-01 10:00:00.000000,1.50,50,50,1.50,1.52,1,C,5,,0,1,",
        "2021-03-01 10:00:01.000000,1.51,50,100,1.50,1.52,2,C,5,,0,1,",
        "2021-03-01 10:00:02.000000,1.52,50,150,1.51,1.53,3,C,5,,0,1,",
        "2021-03-01 10:00:03.000000,1.53,50,200,1.51,1.53,4,C,5,,0,1,",
        "2021-03-01 10:00:03.500000,1.53,50,250,1.51,1.53,5,C,5,,0,1,",
        "2020-03-01 10:00:04.000000,1.54,50,300,1.51,1.53,6,C,5,,0,1,",
        "!ENDMSG!,"));
    assertEquals("oldest_first", oldest.stats().order);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), oldest.sink().ticks.stream().map(RawRecords.Tick::seq).toList());
    // Newest first, with a last line cut inside its time (not a real stamp, so no vote) and a first
    // line of a far earlier year.
    Parsing.Parsed newest = parse(Feed.TICKS, "ABCD", "a.csv", List.of(
        "2001-03-01 10:00:09.000000,1.53,50,200,1.51,1.53,4,C,5,,0,1,",
        "2021-03-01 10:00:03.000000,1.53,50,200,1.51,1.53,4,C,5,,0,1,",
        "2021-03-01 10:00:02.000000,1.52,50,150,1.51,1.53,3,C,5,,0,1,",
        "2021-03-01 10:00:01.000000,1.51,50,100,1.50,1.52,2,C,5,,0,1,",
        "2021-03-01 10:0"));
    assertEquals("newest_first", newest.stats().order);
    assertEquals(List.of(5L, 4L, 3L, 2L), newest.sink().ticks.stream().map(RawRecords.Tick::seq).toList());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aBinaryLineDoesNotShiftTheSeqOfANewestFirstAnswer() {
    String t1 = "2021-03-01 10:00:01.000000,1.51,50,100,1.50,1.52,1,C,5,,0,1,";
    String t2 = "2021-03-01 10:00:02.000000,1.52,50,150,1.51,1.53,2,C,5,,0,1,";
    String t3 = "2021-03-01 10:00:03.000000,1.53,50,200,1.51,1.53,3,C,5,,0,1,";
    String binary = "2021-03-01 10:00:02.500000,1.52,\u0000,150,1.51,1.53,9,C,5,,0,1,";
    Parsing.Parsed oldest = parse(Feed.TICKS, "ABCD", "a.csv", List.of(t1, t2, binary, t3, "!ENDMSG!,"));
    Parsing.Parsed newest = parse(Feed.TICKS, "ABCD", "b.csv", List.of(t3, binary, t2, t1, "!ENDMSG!,"));
    assertEquals("binary_content", newest.sink().rejected.get(0).reason().code());
    // The same trades get the same seq whichever order the answer came in (it was 4, 3, 2 newest first).
    Map<Long, Long> seqByTickId = Map.of(1L, 1L, 2L, 2L, 3L, 3L);
    assertEquals(seqByTickId,
        oldest.sink().ticks.stream().collect(Collectors.toMap(RawRecords.Tick::tickId, RawRecords.Tick::seq)));
    assertEquals(seqByTickId,
        newest.sink().ticks.stream().collect(Collectors.toMap(RawRecords.Tick::tickId, RawRecords.Tick::seq)));
  }

  @Test
  void dailyBarsAreHighLowOpenClose() {
    Parsing.Parsed p = parse(Feed.DAILY, "ABCD", "d.csv", List.of(
        "D1,LH,2025-11-20,1.3100,1.1800,1.2000,1.2750,4821190,0,", "D1,!ENDMSG!,"));
    assertEquals(new RawRecords.DailyBar(day("2025-11-20"), 1.20, 1.31, 1.18, 1.275, 4_821_190, 0L, 1),
        p.sink().bars.get(0));
  }

  @Test
  void fieldsDropOneTrailingEmptyField() {
    Fields f = new Fields().split("a,,b,,");
    assertEquals(4, f.count());
    assertTrue(f.isEmpty(3));
    assertEquals(1.5211, new Fields().split("1.5211").decimal(0, "x"));
    assertEquals(0.0001, new Fields().split("0.0001").decimal(0, "x"));
  }
}
