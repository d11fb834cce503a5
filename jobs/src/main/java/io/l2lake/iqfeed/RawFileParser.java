package io.l2lake.iqfeed;

import io.l2lake.lake.Feed;
import io.l2lake.calendar.EasternTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one raw file of a feed into records and line accounting. No exception from a line escapes:
 * a line is accepted, quarantined with a reason, or counted as a control line. A line that breaks a
 * row rule is quarantined with that rule's reason; any other exception while handling a line (a
 * parser bug) quarantines the line as {@code parser_error} naming the exception, and parsing goes on
 * with the next line. I/O errors of the stream do escape (the file is then not ingested at all,
 * never half).
 *
 * <p>A line yields all of its output or none of it: the handler's records, accounting and changes to
 * its own state (a Level-1 field layout or clock, a depth dump's last time) are held in a {@link
 * LineOutcome} and committed once the line is done, so a line that fails half-way leaves no record
 * and no state behind, only its one quarantine row.
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
  /** Longest detail of a {@code parser_error} quarantine row. */
  static final int ERROR_DETAIL_LIMIT = 300;

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
    LineOutcome outcome = new LineOutcome();
    LineHandler handler;
    if (!symbolValid) {
      handler = new RejectAll(outcome);
    } else {
      switch (feed) {
        case TICKS, DAILY -> {
          HistoryOrder order = scanHistoryOrder(opener);
          stats.order = order.newestFirst ? "newest_first" : "oldest_first";
          handler = new HistoryAnswerParser(feed == Feed.TICKS, symbol, order, outcome);
        }
        case L1 -> handler = new Level1DumpParser(symbol, dateFromFileName(fileName), outcome);
        case DEPTH -> handler = new DepthDumpParser(symbol, outcome);
        default -> throw new IllegalStateException("feed " + feed);
      }
    }
    return open(handler, stats, sink, fileName, opener);
  }

  /** Opens a file for {@code handler}: the one place a handler and a reader are put together. */
  Session open(LineHandler handler, FileStats stats, RecordSink sink, String fileName, Opener opener) {
    try {
      return new Session(new LineReader(opener.open(), maxLineLength), handler, stats, sink, fileName);
    } catch (IOException e) {
      throw new UncheckedIOException("opening " + fileName + ": " + e.getMessage(), e);
    }
  }

  /** An open file being parsed one line per {@link #step()}. */
  public final class Session implements AutoCloseable {
    private final LineReader reader;
    private final LineHandler handler;
    private final FileStats stats;
    private final RecordSink sink;
    private final String fileName;
    private long lineNo;
    private String currentLine;

    Session(LineReader reader, LineHandler handler, FileStats stats, RecordSink sink, String fileName) {
      this.reader = reader;
      this.handler = handler;
      this.stats = stats;
      this.sink = sink;
      this.fileName = fileName;
    }

    /**
     * Handles the next line; false at the end of the file. The line's outcome reaches the sink and
     * the accounting only after the handler is done with it; an exception while handling it discards
     * whatever the line had produced and quarantines the line instead. Reading sits outside that
     * boundary: a failing stream is the file's problem and propagates.
     */
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
      LineOutcome outcome = handler.outcome;
      outcome.clear();
      try {
        if (reader.lastWasTooLong()) {
          handler.reject(lineNo, line, RejectReason.LINE_TOO_LONG,
              "length=" + reader.lastFullLength() + " limit=" + maxLineLength);
        } else if (reader.lastHadBinary()) {
          handler.reject(lineNo, line, RejectReason.BINARY_CONTENT, "control bytes in line");
        } else {
          handler.handle(lineNo, line);
        }
        outcome.checkComplete();
        outcome.applyStateChange();
      } catch (BadField e) {
        outcome.clear();
        handler.reject(lineNo, line, e.reason(), e.detail());
      } catch (RuntimeException e) {
        outcome.clear();
        handler.rejectUnexpected(lineNo, line, e);
      }
      outcome.commit(lineNo, stats, sink);
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

  /**
   * The first pass over a history answer: how many lines the second pass will number, and the
   * answer's order, by a vote of each pair of consecutive real stamps (a rise or a fall), so that a
   * few corrupt or out-of-order lines, the first or the last among them, cannot turn it around.
   */
  private HistoryOrder scanHistoryOrder(Opener opener) {
    Fields f = new Fields();
    String previous = null;
    long rising = 0;
    long falling = 0;
    long candidates = 0;
    try (LineReader reader = new LineReader(opener.open(), maxLineLength)) {
      String line;
      while ((line = reader.next()) != null) {
        // Exactly the lines the second pass numbers: a line over the limit or with control bytes is
        // quarantined before the parser sees it, and a control line is no row. A line that fails
        // the parser before it is numbered (in isControl) is not numbered here either.
        if (reader.lastWasTooLong() || reader.lastHadBinary()) {
          continue;
        }
        try {
          if (HistoryAnswerParser.isControl(f.split(line))) {
            continue;
          }
        } catch (RuntimeException e) {
          continue; // quarantined as parser_error by the second pass
        }
        candidates++;
        String stamp;
        try {
          stamp = HistoryAnswerParser.leadingStamp(f);
        } catch (RuntimeException e) {
          stamp = null; // no vote from a line the parser fails on
        }
        if (stamp != null) {
          int c = previous == null ? 0 : stamp.compareTo(previous);
          rising += c > 0 ? 1 : 0;
          falling += c < 0 ? 1 : 0;
          previous = stamp;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HistoryOrder(falling > rising, candidates);
  }

  /**
   * The per-feed line logic. A handler emits the current line's records to {@link #sink}, settles
   * the line with one of {@link #accepted}, {@link #control} or {@link #reject} (a {@link BadField}
   * thrown out of {@link #handle} rejects it too), and changes the state that later lines read only
   * through {@link #onCommit}; all of it waits in {@link #outcome} until the line is done. (Only a
   * date hint for quarantine rows, and a history answer's count of numbered lines, which counts
   * failed lines too, move as the line is read.)
   */
  abstract static class LineHandler {
    final LineOutcome outcome;
    /** Where the current line's records go: held with its outcome until the line is done. */
    final RecordSink sink;
    final Fields f = new Fields();

    LineHandler(LineOutcome outcome) {
      this.outcome = outcome;
      this.sink = outcome;
    }

    abstract void handle(long lineNo, String line);

    /** The best-known trading date for a rejected line, or null. */
    Integer dateHint() {
      return null;
    }

    /** Quarantines the current line: whatever it had produced is dropped. */
    void reject(long lineNo, String line, RejectReason reason, String detail) {
      outcome.reject(new RawRecords.Rejected(lineNo, rawText(line), reason, detail, safeDateHint()));
    }

    /** Quarantines the current line as a parser error naming the exception. */
    void rejectUnexpected(long lineNo, String line, RuntimeException e) {
      reject(lineNo, line, RejectReason.PARSER_ERROR, describe(e));
    }

    private Integer safeDateHint() {
      try {
        return dateHint();
      } catch (RuntimeException e) {
        return null; // the state that failed a line may fail its date hint too: no date then
      }
    }

    /** The current line produced rows of trading date {@code tradeDate}. */
    void accepted(int tradeDate) {
      outcome.accept(tradeDate);
    }

    /** A further trading date among the current line's rows. */
    void sawDate(int tradeDate) {
      outcome.sawDate(tradeDate);
    }

    /** The current line is a control line of this kind. */
    void control(String kind) {
      outcome.control(kind);
    }

    /** The current line is a history answer's end. */
    void endOfAnswer() {
      outcome.endOfAnswer();
    }

    /** A change to the handler's state, made only if the current line is accepted or a control line. */
    void onCommit(Runnable change) {
      outcome.onCommit(change);
    }
  }

  static String rawText(String line) {
    return line.length() > RAW_TEXT_LIMIT ? line.substring(0, RAW_TEXT_LIMIT) : line;
  }

  /**
   * An unexpected exception as a quarantine detail: its class, message and where in the parser it
   * was thrown, at most {@link #ERROR_DETAIL_LIMIT} characters.
   */
  static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(e.getClass().getName());
    if (e.getMessage() != null) {
      b.append(": ").append(e.getMessage());
    }
    StackTraceElement where = null;
    for (StackTraceElement el : e.getStackTrace()) {
      if (el.getClassName().startsWith("io.l2lake.")) {
        where = el;
        break;
      }
    }
    if (where != null) {
      String cls = where.getClassName();
      b.append(" at ").append(cls.substring(cls.lastIndexOf('.') + 1)).append('.').append(where.getMethodName())
          .append(':').append(where.getLineNumber());
    }
    return b.length() <= ERROR_DETAIL_LIMIT ? b.toString() : b.substring(0, ERROR_DETAIL_LIMIT - 3) + "...";
  }

  /** Quarantines every line of a file whose landing path is unusable. */
  static final class RejectAll extends LineHandler {
    RejectAll(LineOutcome outcome) {
      super(outcome);
    }

    @Override
    void handle(long lineNo, String line) {
      reject(lineNo, line, RejectReason.INVALID_SYMBOL_PATH, "symbol directory is not a valid symbol");
    }
  }
}
