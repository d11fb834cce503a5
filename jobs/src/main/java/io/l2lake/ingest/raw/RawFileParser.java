package io.l2lake.ingest.raw;

import io.l2lake.lake.Feed;
import io.l2lake.calendar.EasternTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one raw file of a feed into records and line accounting. No exception from a line escapes:
 * a line is accepted, quarantined with a reason, or counted as a control line. I/O errors do escape
 * (the file is then not ingested at all, never half).
 *
 * <p>History answers are read twice: a cheap first pass finds their order (newest or oldest first)
 * so that {@code seq} is the chronological position whatever order DTN sent them in.
 */
public final class RawFileParser {
  /** Opens the file's (decompressed) bytes; called once per pass. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  private static final Pattern FILE_DATE =
      Pattern.compile("(?<![0-9])(20[0-9]{2})-?([01][0-9])-?([0-3][0-9])(?![0-9])");
  private static final int RAW_TEXT_LIMIT = 4096;

  private final int maxLineLength;

  public RawFileParser(int maxLineLength) {
    this.maxLineLength = maxLineLength;
  }

  /** Parses a whole file, feeding {@code sink} and returning the accounting. */
  public FileStats parse(
      Feed feed, String symbol, boolean symbolValid, String fileName, Opener opener, RecordSink sink) {
    try (Session session = open(feed, symbol, symbolValid, fileName, opener, sink)) {
      while (session.step()) {
        // each step handles one line
      }
      return session.stats();
    }
  }

  /**
   * Opens a file for line-at-a-time parsing, so that a caller can pull records as they come and
   * never hold more than one line's output.
   */
  public Session open(
      Feed feed, String symbol, boolean symbolValid, String fileName, Opener opener, RecordSink sink) {
    FileStats stats = new FileStats();
    LineHandler handler;
    if (!symbolValid) {
      handler = new RejectAll(sink, stats);
    } else {
      switch (feed) {
        case TICKS, DAILY -> {
          HistoryOrder order = scanHistoryOrder(opener);
          stats.order = order.newestFirst ? "newest_first" : "oldest_first";
          handler = new HistoryAnswerParser(feed == Feed.TICKS, symbol, order, sink, stats);
        }
        case L1 -> handler = new Level1DumpParser(symbol, dateFromFileName(fileName), sink, stats);
        case DEPTH -> handler = new DepthDumpParser(symbol, sink, stats);
        default -> throw new IllegalStateException("feed " + feed);
      }
    }
    try {
      return new Session(new LineReader(opener.open(), maxLineLength), handler, stats, fileName);
    } catch (IOException e) {
      throw new UncheckedIOException("opening " + fileName + ": " + e.getMessage(), e);
    }
  }

  /** An open file being parsed one line per {@link #step()}. */
  public final class Session implements AutoCloseable {
    private final LineReader reader;
    private final LineHandler handler;
    private final FileStats stats;
    private final String fileName;
    private long lineNo;
    private String currentLine;

    Session(LineReader reader, LineHandler handler, FileStats stats, String fileName) {
      this.reader = reader;
      this.handler = handler;
      this.stats = stats;
      this.fileName = fileName;
    }

    /** Handles the next line; false at the end of the file. */
    public boolean step() {
      String line;
      try {
        line = reader.next();
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + fileName + ": " + e.getMessage(), e);
      }
      if (line == null) {
        return false;
      }
      lineNo++;
      stats.linesRead++;
      currentLine = line;
      if (reader.lastWasTooLong()) {
        handler.reject(lineNo, line, RejectReason.LINE_TOO_LONG,
            "length=" + reader.lastFullLength() + " limit=" + maxLineLength);
      } else if (reader.lastHadBinary()) {
        handler.reject(lineNo, line, RejectReason.BINARY_CONTENT, "control bytes in line");
      } else {
        handler.handle(lineNo, line);
      }
      return true;
    }

    public FileStats stats() {
      return stats;
    }

    /** The line handled by the last {@link #step()} (cut at the length limit). */
    public String currentLine() {
      return currentLine;
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The trading date in a file name such as {@code ABCD_2025-11-20.txt} or {@code l1_20251120.csv}. */
  static int[] dateFromFileName(String fileName) {
    Matcher m = FILE_DATE.matcher(fileName);
    int[] found = null;
    while (m.find()) {
      int[] ymd = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
      if (EasternTime.isValidDate(ymd)) {
        found = ymd; // the last date in the name is the dump's day
      }
    }
    return found;
  }

  /** Result of the first pass over a history answer. */
  record HistoryOrder(boolean newestFirst, long candidates) {}

  private HistoryOrder scanHistoryOrder(Opener opener) {
    Fields f = new Fields();
    String first = null;
    String last = null;
    long candidates = 0;
    try (LineReader reader = new LineReader(opener.open(), maxLineLength)) {
      String line;
      while ((line = reader.next()) != null) {
        if (!reader.lastWasTooLong() && !reader.lastHadBinary()
            && HistoryAnswerParser.isControl(f.split(line))) {
          continue;
        }
        candidates++;
        String stamp = reader.lastWasTooLong() ? null : HistoryAnswerParser.leadingStamp(f);
        if (stamp != null) {
          if (first == null) {
            first = stamp;
          }
          last = stamp;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean newestFirst = first != null && first.compareTo(last) > 0;
    return new HistoryOrder(newestFirst, candidates);
  }

  /** The per-feed line logic. */
  abstract static class LineHandler {
    final RecordSink sink;
    final FileStats stats;
    final Fields f = new Fields();

    LineHandler(RecordSink sink, FileStats stats) {
      this.sink = sink;
      this.stats = stats;
    }

    abstract void handle(long lineNo, String line);

    /** The best-known trading date for a rejected line, or null. */
    Integer dateHint() {
      return null;
    }

    void reject(long lineNo, String line, RejectReason reason, String detail) {
      String raw = line.length() > RAW_TEXT_LIMIT ? line.substring(0, RAW_TEXT_LIMIT) : line;
      stats.quarantined++;
      sink.rejected(new RawRecords.Rejected(lineNo, raw, reason, detail, dateHint()));
    }

    void accepted(int tradeDate) {
      stats.accepted++;
      stats.sawDate(tradeDate);
    }
  }

  /** Quarantines every line of a file whose landing path is unusable. */
  static final class RejectAll extends LineHandler {
    RejectAll(RecordSink sink, FileStats stats) {
      super(sink, stats);
    }

    @Override
    void handle(long lineNo, String line) {
      reject(lineNo, line, RejectReason.INVALID_SYMBOL_PATH, "symbol directory is not a valid symbol");
    }
  }
}
