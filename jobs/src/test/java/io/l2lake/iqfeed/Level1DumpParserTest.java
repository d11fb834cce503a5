package io.l2lake.iqfeed;

import static io.l2lake.iqfeed.Parsing.day;
import static io.l2lake.iqfeed.Parsing.micros;
import static io.l2lake.iqfeed.Parsing.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Feed;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Level1DumpParserTest {
  private static final String HEADER = "S,CURRENT UPDATE FIELDNAMES,Symbol,Most Recent Trade,"
      + "Most Recent Trade Size,Most Recent Trade Time,Most Recent Trade Market Center,Total Volume,Bid,"
      + "Bid Size,Ask,Ask Size,Open,High,Low,Close,Message Contents,Most Recent Trade Conditions";

  @Test
  void quoteOnlyUpdatesGiveQuotesAndTradeContentsGiveTrades() {
    Parsing.Parsed p = parse(Feed.L1, "ABCD", "l1.csv", List.of(
        HEADER,
        "T,20251120 10:15:43",
        "Q,ABCD,1.2300,100,10:15:42.118274,19,8123456,1.2200,3000,1.2400,2000,1.1500,1.3100,1.1400,1.1600,b,3D,",
        "Q,ABCD,1.2400,370,10:15:42.250911,11,8123826,1.2300,500,1.2400,1000,1.1500,1.3100,1.1400,1.1600,Cav,3D87,",
        "P,ABCD,1.2400,,19:59:58.100200,11,0,1.2300,,1.2400,,,,,1.2400,,01,"));
    assertEquals(3, p.sink().quotes.size());
    assertEquals(1, p.sink().ticks.size());
    RawRecords.Quote first = p.sink().quotes.get(0);
    // No Bid/Ask Time selected and no trade on the line: the T line dates the quote.
    assertEquals(new RawRecords.Quote(micros("2025-11-20 10:15:43"), day("2025-11-20"), 3, 1.22, 3000L,
        1.24, 2000L, "Q", "b", "timestamp_message", 3), first);
    assertEquals(new RawRecords.Tick(micros("2025-11-20 10:15:42.250911"), day("2025-11-20"), 4, 1.24, 370,
        8_123_826L, 1.23, 1.24, 500L, 1000L, null, "C", 11, List.of("3D", "87"), null, null, "l1", false, 4),
        p.sink().ticks.get(0));
    RawRecords.Quote summary = p.sink().quotes.get(2);
    assertEquals(null, summary.bidSize());
    assertEquals(null, summary.askSize());
    assertEquals("P", summary.message());
    assertEquals(Map.of("field_header", 1L, "timestamp", 1L), p.stats().controlKinds);
    assertTrue(p.stats().balanced());
  }

  @Test
  void customHeaderSetsTheColumnOrderAndQuoteTimes() {
    Parsing.Parsed p = parse(Feed.L1, "ABCD", "ABCD_2025-11-21.txt", List.of(
        "S,CURRENT UPDATE FIELDNAMES,Symbol,Bid,Ask,Bid Size,Ask Size,Bid Time,Ask Time,Message Contents,"
            + "Most Recent Trade,Most Recent Trade Size,Most Recent Trade Time,TickID",
        "Q,ABCD,0.5100,0.5200,,800,09:31:00.000100,09:31:00.000200,a,0.5150,100,09:30:59.000000,77,",
        "Q,ABCD,0.5100,0.5200,1200,800,09:31:01.000100,09:31:00.000200,bO,0.5150,300,09:31:01.000050,78,"));
    // No T line: the date comes from the file name.
    assertEquals(new RawRecords.Quote(micros("2025-11-21 09:31:00.000200"), day("2025-11-21"), 2, 0.51,
        null, 0.52, 800L, "Q", "a", "quote_time", 2), p.sink().quotes.get(0));
    assertEquals(micros("2025-11-21 09:31:01.000100"), p.sink().quotes.get(1).tsMicros());
    RawRecords.Tick t = p.sink().ticks.get(0);
    assertEquals(78L, t.tickId());
    assertEquals("O", t.basis());
    assertEquals(micros("2025-11-21 09:31:01.000050"), t.tsMicros());
  }

  @Test
  void aTradeDatedByItsOwnFieldWidensTheFilesDateRange() {
    // The file name dates the quotes (the 21st); the selected trade date field dates the trade (the 20th).
    Parsing.Parsed p = parse(Feed.L1, "ABCD", "ABCD_2025-11-21.txt", List.of(
        "S,CURRENT UPDATE FIELDNAMES,Symbol,Bid,Ask,Bid Size,Ask Size,Bid Time,Ask Time,Message Contents,"
            + "Most Recent Trade,Most Recent Trade Size,Most Recent Trade Time,Most Recent Trade Date,TickID",
        "Q,ABCD,0.5100,0.5200,1200,800,04:00:01.000100,04:00:00.000200,bC,0.5150,300,19:59:59.000050,"
            + "11/20/2025,78,"));
    assertEquals(day("2025-11-20"), p.sink().ticks.get(0).tradeDate());
    assertEquals(day("2025-11-21"), p.sink().quotes.get(0).tradeDate());
    assertEquals(day("2025-11-20"), p.stats().minDate);
    assertEquals(day("2025-11-21"), p.stats().maxDate);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aQuoteTimedByItsTradeIsOnTheTradesDay() {
    // The clock says the 20th, the trade's own date field the 21st: the quote takes the trade's time,
    // so it takes the trade's day too (it used to keep the clock's day with the 21st's time).
    Parsing.Parsed p = parse(Feed.L1, "ABCD", "l1.csv", List.of(
        "S,CURRENT UPDATE FIELDNAMES,Symbol,Most Recent Trade,Most Recent Trade Size,Most Recent Trade Time,"
            + "Bid,Ask,Message Contents,Most Recent Trade Date",
        "T,20251120 23:59:59",
        "Q,ABCD,1.2400,370,09:31:00.250911,1.2300,1.2500,C,11/21/2025,"));
    assertEquals(new RawRecords.Quote(micros("2025-11-21 09:31:00.250911"), day("2025-11-21"), 3, 1.23, null, 1.25,
        null, "Q", "C", "trade_time", 3), p.sink().quotes.get(0));
    assertEquals(day("2025-11-21"), p.sink().ticks.get(0).tradeDate());
    assertEquals(day("2025-11-21"), p.stats().minDate);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aNegativeZeroQuotePriceIsQuarantined() {
    Parsing.Parsed p = parse(Feed.L1, "ABCD", "ABCD_2025-11-20.txt", List.of(
        "Q,ABCD,1.2300,100,10:15:42.118274,19,8123456,-0.0000,3000,1.2400,2000,,,,,b,3D,",
        "Q,ABCD,1.2300,100,10:15:42.118274,19,8123456,1.2200,3000,-0,2000,,,,,C,3D,"));
    assertEquals(List.of("non_positive_price:Bid=-0.0000", "non_positive_price:Ask=-0"),
        p.sink().rejected.stream().map(r -> r.reason().code() + ":" + r.detail()).toList());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void tradeAggressorAndDayCodeAreCheckedAsInHistoryTicks() {
    String header = "S,CURRENT UPDATE FIELDNAMES,Symbol,Most Recent Trade,Most Recent Trade Size,"
        + "Most Recent Trade Time,Bid,Ask,Message Contents,Most Recent Trade Aggressor,Most Recent Trade Day Code";
    Parsing.Parsed p = parse(Feed.L1, "ABCD", "ABCD_2025-11-20.txt", List.of(header,
        "Q,ABCD,1.2400,370,10:15:42.250911,1.2300,1.2500,C,7,20,",
        "Q,ABCD,1.2400,370,10:15:42.250911,1.2300,1.2500,C,1,32,",
        "Q,ABCD,1.2400,370,10:15:42.250911,1.2300,1.2500,C,1,0,",
        "Q,ABCD,1.2400,370,10:15:42.250911,1.2300,1.2500,C,3,20,"));
    assertEquals(List.of("bad_code:Most Recent Trade Aggressor=7", "bad_code:Most Recent Trade Day Code=32",
            "bad_code:Most Recent Trade Day Code=0"),
        p.sink().rejected.stream().map(r -> r.reason().code() + ":" + r.detail()).toList());
    assertEquals(List.of(5L), p.sink().ticks.stream().map(RawRecords.Tick::lineNo).toList());
    assertEquals(3, p.sink().ticks.get(0).aggressor());
    assertEquals(20, p.sink().ticks.get(0).dayCode());
  }

  @Test
  void correctionsInsertAndDeleteByTickId() {
    Parsing.Parsed p = parse(Feed.L1, "ABCD", "l1.csv", List.of(
        "C,ABCD,I,11/20/2025,10:15:42.250911,1.2400,370,9001,3D,11,",
        "C,ABCD,X,11/20/2025,10:15:42.250911,1.2400,370,9002,,11,",
        "C,ABCD,Z,11/20/2025,10:15:42.250911,1.2400,370,9002,,11,"));
    RawRecords.Tick inserted = p.sink().ticks.get(0);
    assertTrue(inserted.corrected());
    assertEquals(9001L, inserted.tickId());
    assertEquals(new RawRecords.TradeDelete(day("2025-11-20"), 11, 9002, 2,
        "C,ABCD,X,11/20/2025,10:15:42.250911,1.2400,370,9002,,11,"), p.sink().deletes.get(0));
    assertEquals("bad_code", p.sink().rejected.get(0).reason().code());
  }

  @Test
  void linesWithoutADateOrOfAnotherSymbolAreQuarantined() {
    Parsing.Parsed p = parse(Feed.L1, "ABCD", "nodate.csv", List.of(
        "Q,ABCD,1.2300,100,10:15:42.118274,19,8123456,1.2200,3000,1.2400,2000,,,,,b,,",
        "T,20251120 10:15:43",
        "Q,WXYZ,1.2300,100,10:15:42.118274,19,8123456,1.2200,3000,1.2400,2000,,,,,b,,",
        "Q,ABCD,1.2300,100,10:15:42.118274,19,8123456,1.2200,3000,1.2400,2000,,,,b,,",
        "n,ABCD",
        "F,ABCD,stuff"));
    assertEquals(List.of("no_date", "symbol_mismatch", "field_count"),
        p.sink().rejected.stream().map(r -> r.reason().code()).toList());
    assertEquals(3, p.stats().control);
  }
}
