package io.l2lake.iqfeed;

import io.l2lake.lake.Feed;
import io.l2lake.calendar.EasternTime;
import io.l2lake.testing.CollectingSink;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/** Test helper: parses in-memory lines as one raw file. */
final class Parsing {
  private Parsing() {}

  record Parsed(FileStats stats, CollectingSink sink) {}

  static Parsed parse(Feed feed, String symbol, String fileName, List<String> lines) {
    byte[] bytes = (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    return parseBytes(feed, symbol, fileName, bytes);
  }

  static Parsed parseBytes(Feed feed, String symbol, String fileName, byte[] bytes) {
    CollectingSink sink = new CollectingSink();
    FileStats stats = new RawFileParser(65_536).parse(feed, symbol, true, fileName,
        () -> new ByteArrayInputStream(bytes), sink);
    return new Parsed(stats, sink);
  }

  /** Microseconds of an Eastern wall-clock time, computed independently with java.time. */
  static long micros(String eastern) {
    Instant i = LocalDateTime.parse(eastern.replace(' ', 'T')).atZone(EasternTime.ZONE).toInstant();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  static int day(String iso) {
    return (int) LocalDate.parse(iso).toEpochDay();
  }
}
