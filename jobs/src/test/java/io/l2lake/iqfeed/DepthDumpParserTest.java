package io.l2lake.iqfeed;

import static io.l2lake.iqfeed.Parsing.day;
import static io.l2lake.iqfeed.Parsing.micros;
import static io.l2lake.iqfeed.Parsing.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Feed;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DepthDumpParserTest {
  @Test
  void readsPriceLevelAndOrderMessages() {
    Parsing.Parsed p = parse(Feed.DEPTH, "ABCD", "d.csv", List.of(
        "7,ABCD,B,1.2300,14300,38,4,10:05:12.334105,2025-11-20,",
        "8,ABCD,A,1.2500,900,3,4,10:05:12.500000,2025-11-20,",
        "9,ABCD,A,1.2500,10:05:13.001400,2025-11-20,",
        "3,ABCD,5551,NSDQ,B,1.2200,300,17,4,10:05:14.000001,2025-11-20,",
        "5,ABCD,5551,NSDQ,B,,2025-11-20,",
        "S,CLEAR DEPTH,ABCD,B,",
        "q,ABCD,",
        "7,ABCD,X,1.2300,14300,38,4,10:05:12.334105,2025-11-20,"));
    assertEquals(new RawRecords.Depth(micros("2025-11-20 10:05:12.334105"), day("2025-11-20"), 1, "7",
        "level_summary", "B", 1.23, 14_300L, 38, null, null, null, 4, 1, 0), p.sink().depth.get(0));
    assertEquals("level_delete", p.sink().depth.get(2).action());
    assertEquals(5551L, p.sink().depth.get(3).orderId());
    assertEquals("NSDQ", p.sink().depth.get(3).mmid());
    // An order delete without a time takes the previous message's time.
    assertEquals(micros("2025-11-20 10:05:14.000001"), p.sink().depth.get(4).tsMicros());
    assertEquals("clear", p.sink().depth.get(5).action());
    assertEquals("bad_code", p.sink().rejected.get(0).reason().code());
    assertEquals(1, p.stats().control);
    assertTrue(p.stats().balanced());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aNegativeZeroPriceIsQuarantined() {
    Parsing.Parsed p = parse(Feed.DEPTH, "ABCD", "d.csv", List.of(
        "8,ABCD,A,-0.0000,900,3,4,10:05:12.500000,2025-11-20,",
        "9,ABCD,B,-0,10:05:13.001400,2025-11-20,",
        "8,ABCD,A,0.0000,900,3,4,10:05:12.500000,2025-11-20,"));
    assertEquals(List.of("non_positive_price:price=-0.0000", "non_positive_price:price=-0"),
        p.sink().rejected.stream().map(r -> r.reason().code() + ":" + r.detail()).toList());
    assertEquals(List.of(0.0), p.sink().depth.stream().map(RawRecords.Depth::price).toList());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aQuarantinedLineDoesNotSetTheTimeOfALaterUntimedMessage() {
    // The market-maker line's bid time reads, its ask time does not: the line is quarantined, and the
    // untimed order delete after it takes the time of the line before (it used to take the bid time).
    Parsing.Parsed p = parse(Feed.DEPTH, "ABCD", "d.csv", List.of(
        "7,ABCD,B,1.2300,14300,38,4,10:05:12.334105,2025-11-20,",
        "Z,ABCD,NITE,1.2200,1.2600,500,700,11:00:00.100000,2025-11-21,52,11:00:0x,T,T,T,",
        "5,ABCD,5551,NSDQ,B,,2025-11-20,"));
    assertEquals("bad_timestamp", p.sink().rejected.get(0).reason().code());
    assertEquals(day("2025-11-21"), p.sink().rejected.get(0).tradeDate());
    assertEquals(new RawRecords.Depth(micros("2025-11-20 10:05:12.334105"), day("2025-11-20"), 3, "5",
        "order_delete", "B", null, null, null, 5551L, "NSDQ", null, null, 3, 0), p.sink().depth.get(1));
  }

  @Test
  void protocol61MarketMakerLinesGiveBothSides() {
    Parsing.Parsed p = parse(Feed.DEPTH, "ABCD", "d.csv", List.of(
        "Z,ABCD,NITE,1.2200,1.2600,500,700,10:00:00.100000,2025-11-20,52,10:00:00.200000,T,F,T,"));
    assertEquals(2, p.sink().depth.size());
    RawRecords.Depth bid = p.sink().depth.get(0);
    RawRecords.Depth ask = p.sink().depth.get(1);
    assertEquals(1.22, bid.price());
    assertEquals(500L, bid.size());
    assertEquals(null, ask.price());
    assertEquals(micros("2025-11-20 10:00:00.200000"), ask.tsMicros());
    assertEquals(1, ask.part());
    assertEquals(1, p.stats().accepted);
  }
}
