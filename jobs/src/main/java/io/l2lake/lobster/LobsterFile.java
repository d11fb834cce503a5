package io.l2lake.lobster;

import io.l2lake.calendar.EasternTime;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads a LOBSTER sample (a message file and its order-book file, plain or gzipped), named
 * {@code SYMBOL_YYYY-MM-DD_start_end_message_LEVELS.csv[.gz]}. Message lines are
 * {@code time,type,order_id,size,price,direction} (time in seconds after midnight Eastern, price in
 * dollars x 10000); order-book row k is the book after message k, {@code ask_price,ask_size,bid_price,
 * bid_size} per level, empty levels padded with +-9999999999 and size 0.
 *
 * <p>Gives, in IQFeed shape: the Level-1 quote stream (one quote per message that changes the top of
 * book), the trades (executions, types 4 and 5) carrying the top of book before them, as a history
 * tick does, and each trade's true aggressor side (an executed sell limit order means a buyer
 * initiated the trade). A message's quote takes {@code seq = 2k + 1} and its trade {@code 2k}, so a
 * trade never sees the book its own execution produced.
 */
public final class LobsterFile {
  private static final Pattern NAME = Pattern.compile(
      "([A-Z0-9.]+)_(\\d{4}-\\d{2}-\\d{2})_\\d+_\\d+_message_(\\d+)\\.csv(\\.gz)?");
  private static final long EMPTY = 9_999_999_999L;

  /** One message with the book after it (top levels only are kept in the arrays). */
  public record Event(long tsMicros, int type, long orderId, long size, long price, int direction,
      long[] askPrice, long[] askSize, long[] bidPrice, long[] bidSize) {}

  public final String symbol;
  public final LocalDate date;
  public final int levels;
  public final List<Event> events;

  private LobsterFile(String symbol, LocalDate date, int levels, List<Event> events) {
    this.symbol = symbol;
    this.date = date;
    this.levels = levels;
    this.events = events;
  }

  /** The samples in a directory: every message file with its order-book file. */
  public static List<Path> messageFiles(Path dir) {
    try (var s = Files.list(dir)) {
      return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LobsterFile read(Path messageFile) {
    Matcher m = NAME.matcher(messageFile.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a LOBSTER message file name: " + messageFile.getFileName());
    }
    String symbol = m.group(1);
    LocalDate date = LocalDate.parse(m.group(2));
    int levels = Integer.parseInt(m.group(3));
    Path bookFile = messageFile.resolveSibling(messageFile.getFileName().toString()
        .replace("_message_", "_orderbook_"));
    EasternTime clock = new EasternTime();
    List<Event> events = new ArrayList<>();
    try (BufferedReader msg = reader(messageFile); BufferedReader book = reader(bookFile)) {
      String ml;
      int line = 0;
      while ((ml = msg.readLine()) != null) {
        line++;
        String bl = book.readLine();
        if (bl == null) {
          throw new IllegalArgumentException(bookFile + " has fewer rows than " + messageFile);
        }
        String[] f = ml.split(",");
        String[] b = bl.split(",");
        if (f.length != 6 || b.length != 4 * levels) {
          throw new IllegalArgumentException(messageFile.getFileName() + " line " + line + ": expected 6 message"
              + " fields and " + 4 * levels + " book fields");
        }
        double seconds = Double.parseDouble(f[0]);
        long micros = Math.round(Math.floor(seconds * 1e6));
        int secondOfDay = (int) (micros / 1_000_000L);
        long ts = clock.toEpochMicros(date.getYear(), date.getMonthValue(), date.getDayOfMonth(),
            secondOfDay, (int) (micros % 1_000_000L));
        long[] ap = new long[levels];
        long[] as = new long[levels];
        long[] bp = new long[levels];
        long[] bs = new long[levels];
        for (int k = 0; k < levels; k++) {
          ap[k] = Long.parseLong(b[4 * k]);
          as[k] = Long.parseLong(b[4 * k + 1]);
          bp[k] = Long.parseLong(b[4 * k + 2]);
          bs[k] = Long.parseLong(b[4 * k + 3]);
        }
        events.add(new Event(ts, Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
            Long.parseLong(f[4]), Integer.parseInt(f[5]), ap, as, bp, bs));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LobsterFile(symbol, date, levels, events);
  }

  /** True when a padded price marks an empty level. */
  public static boolean empty(long price) {
    return Math.abs(price) >= EMPTY;
  }

  private static BufferedReader reader(Path p) throws IOException {
    InputStream in = Files.newInputStream(p);
    if (p.toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
  }
}
