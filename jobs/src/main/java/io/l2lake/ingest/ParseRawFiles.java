package io.l2lake.ingest;

import io.l2lake.lake.Feed;
import io.l2lake.iqfeed.FileStats;
import io.l2lake.iqfeed.RawFileParser;
import io.l2lake.iqfeed.RawRecords;
import io.l2lake.iqfeed.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Parses raw files into rows of {@link Envelope#ALL}, one file per input row, streaming: the
 * iterator pulls one line at a time from the file, so a task's memory is bounded by a line's output
 * and the file's key hashes ({@link RepeatedKeys}, 32 MiB at most), not by the file's size. Every
 * record is one row with the record in its kind's column; the last row of every file is its
 * accounting ({@link Envelope#STATS}). Costs one read and parse of each file.
 *
 * <p>This is the ingest's only row code: parsing text is inherently row code, and the ingest is not one
 * of the GPU stages. The rows are Spark's internal rows (strings as {@code UTF8String}, dates as epoch
 * days, timestamps as epoch microseconds), handed to Spark by {@link IngestJob} without an encoder:
 * building external rows ({@code java.sql.Date}, {@code java.sql.Timestamp}) and converting them back
 * took about a third of the parse.
 */
final class ParseRawFiles implements FlatMapFunction<Row, InternalRow> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<SerializableWritable<Configuration>> hadoopConf;
  private final int maxLineLength;
  private final String runId;

  ParseRawFiles(Broadcast<SerializableWritable<Configuration>> hadoopConf, int maxLineLength,
      String runId) {
    this.hadoopConf = hadoopConf;
    this.maxLineLength = maxLineLength;
    this.runId = runId;
  }

  /** Column of each kind in {@link Envelope#ALL}. */
  private static final String[] KINDS_TEXT = {Envelope.TICK, Envelope.QUOTE, Envelope.DEPTH, Envelope.DAILY,
      Envelope.DELETE, Envelope.REJECTED, Envelope.STATS};
  private static final int TICK_COLUMN = 0;
  private static final int QUOTE_COLUMN = 1;
  private static final int DEPTH_COLUMN = 2;
  private static final int DAILY_COLUMN = 3;
  private static final int DELETE_COLUMN = 4;
  private static final int REJECTED_COLUMN = 5;
  private static final int STATS_COLUMN = 6;
  /** The kinds as Spark strings, one per column; shared by every row of the kind (rows are read, never changed). */
  private static final UTF8String[] KINDS = java.util.Arrays.stream(KINDS_TEXT).map(UTF8String::fromString)
      .toArray(UTF8String[]::new);

  static {
    for (int i = 0; i < KINDS_TEXT.length; i++) {
      if (!Envelope.ALL.fieldNames()[i].equals(KINDS_TEXT[i])) {
        throw new IllegalStateException("the parse's columns are out of step with Envelope.ALL at " + i);
      }
    }
  }

  @Override
  public Iterator<InternalRow> call(Row file) {
    String absolute = file.getString(0);
    String relative = file.getString(1);
    Feed feed = Feed.ofDir(file.getString(2));
    String symbol = file.getString(3);
    boolean symbolValid = file.getBoolean(4);
    long size = file.getLong(5);
    long mtime = file.getLong(6);
    Configuration conf = hadoopConf.value().value();
    RawFileParser.Opener opener = () -> open(conf, absolute);
    return new FileRows(new RawFileParser(maxLineLength), feed, symbol, symbolValid, relative, size,
        mtime, opener);
  }

  static InputStream open(Configuration conf, String absolute) throws IOException {
    Path path = new Path(absolute);
    FileSystem fs = path.getFileSystem(conf);
    InputStream in = fs.open(path);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    return codec == null ? in : codec.createInputStream(in);
  }

  /** Streams one file's envelope rows. */
  private final class FileRows implements Iterator<InternalRow>, RecordSink {
    private final ArrayDeque<InternalRow> buffer = new ArrayDeque<>();
    private final UTF8String symbolText;
    private final UTF8String sourceFileText;
    private final UTF8String runText;
    private final Feed feed;
    private final String symbol;
    private final String sourceFile;
    private final long size;
    private final long mtime;
    private final boolean symbolValid;
    private final RawFileParser.Session session;
    /** Why the file could not be read to its end (null while it can): nothing of it may land. */
    private String unreadable;
    /** Records of this file so far, by column of {@link Envelope#ALL}. */
    private final long[] records = new long[KINDS.length];
    /** The de-duplication keys of this file's history ticks and daily bars. */
    private final RepeatedKeys keys = new RepeatedKeys();
    private boolean done;

    FileRows(RawFileParser parser, Feed feed, String symbol, boolean symbolValid, String sourceFile,
        long size, long mtime, RawFileParser.Opener opener) {
      this.feed = feed;
      this.symbol = symbol;
      this.sourceFile = sourceFile;
      this.size = size;
      this.mtime = mtime;
      this.symbolValid = symbolValid;
      this.symbolText = UTF8String.fromString(symbol);
      this.sourceFileText = UTF8String.fromString(sourceFile);
      this.runText = UTF8String.fromString(runId);
      RawFileParser.Session opened = null;
      try {
        opened = parser.open(feed, symbol, symbolValid, sourceFile, opener, this);
      } catch (RuntimeException e) {
        unreadable = failure(e);
      }
      this.session = opened;
    }

    @Override
    public boolean hasNext() {
      while (buffer.isEmpty() && !done) {
        boolean more = false;
        if (unreadable == null) {
          try {
            more = session.step();
          } catch (RuntimeException e) {
            // A file that breaks off (cut compression, an I/O error) is isolated: the records it gave so far
            // are dropped by the ingest (its status says so) and the rest of the batch goes on.
            unreadable = failure(e);
          }
        }
        if (!more) {
          done = true;
          if (session != null) {
            try {
              session.close();
            } catch (RuntimeException e) {
              unreadable = unreadable != null ? unreadable : failure(e);
            }
          }
          buffer.add(envelope(STATS_COLUMN, unreadable != null ? unreadableRow() : statsRow(session.stats())));
        }
      }
      return !buffer.isEmpty();
    }

    /** The error of a file that cannot be read, naming the file. */
    private String failure(Throwable e) {
      Throwable root = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
      String message = root.getMessage() == null ? "" : ": " + root.getMessage().strip().lines().findFirst()
          .orElse("");
      String text = root.getClass().getSimpleName() + message;
      return sourceFile + ": " + (text.length() > 400 ? text.substring(0, 400) + "..." : text);
    }

    /** The accounting of an unreadable file: nothing of it landed, so no line and no record counts. */
    private InternalRow unreadableRow() {
      return row(sourceFileText, text(feed.dir()), symbolText, size, mtime, 0L, 0L, 0L, 0L,
          map(java.util.Map.of()), text("stream"), false, null, null, text("unreadable"), runText,
          text(unreadable), map(java.util.Map.of()), false);
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.poll();
    }

    private InternalRow statsRow(FileStats s) {
      String status;
      boolean history = feed == Feed.TICKS || feed == Feed.DAILY;
      boolean errorAnswer = s.controlKinds.keySet().stream()
          .anyMatch(k -> k.startsWith("error:") && !k.equals("error:!NO_DATA!"));
      if (!symbolValid) {
        status = "invalid_symbol_path";
      } else if (history && errorAnswer) {
        status = "error_answer";
      } else if (s.linesRead == 0) {
        status = "incomplete";
      } else if (history && !s.endOfAnswerSeen) {
        status = "incomplete";
      } else {
        status = "ok";
      }
      String error = switch (status) {
        case "incomplete" -> s.linesRead == 0 ? "empty file" : "history answer without !ENDMSG!";
        case "error_answer" -> "the server answered " + s.controlKinds.keySet().stream()
            .filter(k -> k.startsWith("error:")).collect(java.util.stream.Collectors.joining(", "));
        case "invalid_symbol_path" -> "the symbol directory is not a ticker";
        default -> null;
      };
      java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
      for (int k = 0; k < KINDS_TEXT.length; k++) {
        if (records[k] > 0) {
          byKind.put(KINDS_TEXT[k], records[k]);
        }
      }
      return row(sourceFileText, text(feed.dir()), symbolText, size, mtime, s.linesRead, s.accepted,
          s.quarantined, s.control, map(s.controlKinds), text(s.order), s.endOfAnswerSeen, s.minDate, s.maxDate,
          text(status), runText, text(error), map(byKind), keys.repeated());
    }

    /** The output row for a record: the record in its kind's column, the others null, then the kind. */
    private InternalRow envelope(int column, InternalRow record) {
      Object[] v = new Object[KINDS.length + 1];
      v[column] = record;
      v[KINDS.length] = KINDS[column];
      records[column]++;
      return new GenericInternalRow(v);
    }

    @Override
    public void tick(RawRecords.Tick t) {
      boolean history = t.feed().equals("history");
      String rowKey = history
          ? "h|" + (t.marketCenter() == null ? "" : t.marketCenter()) + "|" + t.tickId()
          : "l1|" + sourceFile + "|" + t.lineNo();
      if (history) {
        // A Level-1 trade's key is its file and line, unique by construction.
        keys.add(RepeatedKeys.tickKey(t.tradeDate(), t.marketCenter(), t.tickId()));
      }
      Object[] conditions = new Object[t.conditions().size()];
      for (int i = 0; i < conditions.length; i++) {
        conditions[i] = text(t.conditions().get(i));
      }
      buffer.add(envelope(TICK_COLUMN, row(symbolText, t.tradeDate(), t.tsMicros(),
          t.seq(), t.price(), t.size(), t.totalVolume(), t.bid(), t.ask(), t.bidSize(), t.askSize(),
          t.tickId(), text(t.basis()), t.marketCenter(), new GenericArrayData(conditions),
          t.aggressor(), t.dayCode(), text(t.feed()), t.corrected(), text(rowKey), sourceFileText, t.lineNo(),
          runText, text(session.currentLine()), mtime)));
    }

    @Override
    public void quote(RawRecords.Quote q) {
      buffer.add(envelope(QUOTE_COLUMN, row(symbolText, q.tradeDate(), q.tsMicros(), q.seq(), q.bid(),
          q.bidSize(), q.ask(), q.askSize(), text(q.message()), text(q.contents()), text(q.tsSource()),
          sourceFileText, q.lineNo(), runText)));
    }

    @Override
    public void depth(RawRecords.Depth d) {
      buffer.add(envelope(DEPTH_COLUMN, row(symbolText, d.tradeDate(), d.tsMicros(), d.seq(),
          text(d.messageType()), text(d.action()), text(d.side()), d.price(), d.size(), d.orderCount(),
          d.orderId(), text(d.mmid()), d.priority(), d.precision(), d.part(), sourceFileText, d.lineNo(),
          runText)));
    }

    @Override
    public void dailyBar(RawRecords.DailyBar b) {
      keys.add(RepeatedKeys.dayKey(b.tradeDate()));
      buffer.add(envelope(DAILY_COLUMN, row(symbolText, b.tradeDate(), b.open(), b.high(), b.low(),
          b.close(), b.volume(), b.openInterest(), sourceFileText, b.lineNo(), runText,
          text(session.currentLine()), mtime)));
    }

    @Override
    public void tradeDelete(RawRecords.TradeDelete d) {
      buffer.add(envelope(DELETE_COLUMN, row(symbolText, d.tradeDate(), d.marketCenter(), d.tickId(),
          sourceFileText, d.lineNo(), text(d.raw()))));
    }

    @Override
    public void rejected(RawRecords.Rejected r) {
      buffer.add(envelope(REJECTED_COLUMN, row(text(feed.dir()), symbolText, r.tradeDate(), sourceFileText,
          r.lineNo(), text(r.raw()), text(r.reason().code()), text(r.detail()), runText)));
    }
  }

  /** An internal row of the given values, in the order of its schema's fields. */
  private static InternalRow row(Object... values) {
    return new GenericInternalRow(values);
  }

  /** Spark's internal string, or null. */
  private static UTF8String text(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }

  /** Spark's internal map of strings to longs. */
  private static ArrayBasedMapData map(java.util.Map<String, Long> m) {
    Object[] keys = new Object[m.size()];
    Object[] values = new Object[m.size()];
    int i = 0;
    for (java.util.Map.Entry<String, Long> e : m.entrySet()) {
      keys[i] = UTF8String.fromString(e.getKey());
      values[i] = e.getValue();
      i++;
    }
    return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
  }
}
