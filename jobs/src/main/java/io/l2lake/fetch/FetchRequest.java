package io.l2lake.fetch;

import io.l2lake.lake.LandingZone;
import io.l2lake.lake.Feed;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * One history lookup to make: a day of ticks ({@code HTT}, 04:00 to 20:00 Eastern, oldest first) or a
 * range of daily bars ({@code HDT}, oldest first), and where its answer lands. File names follow the
 * generator's, so that the ingest reads a fetched answer exactly as it reads any other:
 * {@code iqfeed/ticks/SYM/SYM_YYYY-MM-DD.csv} and {@code iqfeed/daily/SYM/SYM_daily_FROM_TO.csv}.
 *
 * <p>Cost: none (a value).
 *
 * @param feed {@link Feed#TICKS} or {@link Feed#DAILY}
 * @param symbol a valid landing-zone symbol (it becomes a directory name and a protocol field)
 * @param from first trading date
 * @param to last trading date (equal to {@code from} for ticks)
 */
public record FetchRequest(Feed feed, String symbol, LocalDate from, LocalDate to) {
  private static final DateTimeFormatter WIRE_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  public FetchRequest {
    if (feed != Feed.TICKS && feed != Feed.DAILY) {
      throw new IllegalArgumentException("fetch requests ticks or daily bars, not " + feed.dir());
    }
    if (!LandingZone.validSymbol(symbol)) {
      throw new IllegalArgumentException("'" + symbol + "' is not a valid symbol");
    }
    if (from.isAfter(to) || (feed == Feed.TICKS && !from.equals(to))) {
      throw new IllegalArgumentException("bad date range " + from + ".." + to + " for " + feed.dir());
    }
  }

  /** A day of ticks. */
  public static FetchRequest ticks(String symbol, LocalDate day) {
    return new FetchRequest(Feed.TICKS, symbol, day, day);
  }

  /** Daily bars for [from, to]. */
  public static FetchRequest daily(String symbol, LocalDate from, LocalDate to) {
    return new FetchRequest(Feed.DAILY, symbol, from, to);
  }

  /**
   * The request line (without its CRLF). Ticks: {@code HTT,SYM,BeginDateTime,EndDateTime,
   * MaxDatapoints,BeginFilterTime,EndFilterTime,DataDirection,RequestID}; daily: {@code HDT,SYM,
   * BeginDate,EndDate,MaxDatapoints,DataDirection,RequestID}; DataDirection 1 = oldest first.
   */
  public String command(String requestId) {
    if (requestId.isEmpty() || requestId.indexOf(',') >= 0) {
      throw new IllegalArgumentException("a RequestID is non-empty text without commas: " + requestId);
    }
    String f = from.format(WIRE_DATE);
    String t = to.format(WIRE_DATE);
    return feed == Feed.TICKS
        ? "HTT," + symbol + "," + f + " 040000," + t + " 200000,,,,1," + requestId
        : "HDT," + symbol + "," + f + "," + t + ",,1," + requestId;
  }

  /** The published file's name. */
  public String fileName() {
    return feed == Feed.TICKS ? symbol + "_" + from + ".csv" : symbol + "_daily_" + from + "_" + to + ".csv";
  }

  /** The published file, relative to the raw root. */
  public String landingPath() {
    return "iqfeed/" + feed.dir() + "/" + symbol + "/" + fileName();
  }

  /** For messages: {@code ABCD ticks 2025-03-03} or {@code ABCD daily 2025-01-02..2025-03-03}. */
  public String describe() {
    return symbol + " " + feed.dir() + " " + (from.equals(to) ? from.toString() : from + ".." + to);
  }
}
