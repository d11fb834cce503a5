package io.l2lake.ingest;

import io.l2lake.lake.Feed;
import io.l2lake.iqfeed.FileStats;
import io.l2lake.iqfeed.RawFileParser;
import io.l2lake.iqfeed.RawRecords;
import io.l2lake.iqfeed.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
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
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Parses raw files into rows of {@link Envelope#ALL}, one file per input row, streaming: the
 * iterator pulls one line at a time from the file, so a task's memory is bounded by a line's output
 * and the file's key hashes ({@link RepeatedKeys}, 32 MiB at most), not by the file's size. Every
 * record is one row with the record in its kind's column; the last row of every file is its
 * accounting ({@link Envelope#STATS}). Costs one read and parse of each file.
 *
 * <p>This is the ingest's only typed {@code flatMap}: parsing text is inherently row code, and the
 * ingest is not one of the GPU stages.
 */
final class ParseRawFiles implements FlatMapFunction<Row, Row> {
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
  private static final java.util.Map<String, Integer> COLUMN = java.util.Map.of(Envelope.TICK, 0, Envelope.QUOTE, 1,
      Envelope.DEPTH, 2, Envelope.DAILY, 3, Envelope.DELETE, 4, Envelope.REJECTED, 5, Envelope.STATS, 6);

  @Override
  public Iterator<Row> call(Row file) {
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
  private final class FileRows implements Iterator<Row>, RecordSink {
    private final ArrayDeque<Row> buffer = new ArrayDeque<>();
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
    private final long[] records = new long[COLUMN.size()];
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
          buffer.add(envelope(Envelope.STATS, unreadable != null ? unreadableRow() : statsRow(session.stats())));
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
    private Row unreadableRow() {
      return RowFactory.create(sourceFile, feed.dir(), symbol, size, mtime, 0L, 0L, 0L, 0L,
          CollectionConverters.asScala(new java.util.TreeMap<String, Long>()), "stream", false, null, null,
          "unreadable", runId, unreadable, CollectionConverters.asScala(new java.util.TreeMap<String, Long>()),
          false);
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.poll();
    }

    private Row statsRow(FileStats s) {
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
      for (java.util.Map.Entry<String, Integer> k : COLUMN.entrySet()) {
        if (records[k.getValue()] > 0) {
          byKind.put(k.getKey(), records[k.getValue()]);
        }
      }
      return RowFactory.create(sourceFile, feed.dir(), symbol, size, mtime, s.linesRead, s.accepted,
          s.quarantined, s.control, CollectionConverters.asScala(s.controlKinds),
          s.order, s.endOfAnswerSeen, date(s.minDate), date(s.maxDate), status, runId, error,
          CollectionConverters.asScala(byKind), keys.repeated());
    }

    /** The output row for a record: the record in its kind's column, the others null, then the kind. */
    private Row envelope(String kind, Row record) {
      Object[] v = new Object[COLUMN.size() + 1];
      int column = COLUMN.get(kind);
      v[column] = record;
      v[COLUMN.size()] = kind;
      records[column]++;
      return RowFactory.create(v);
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
      buffer.add(envelope(Envelope.TICK, RowFactory.create(symbol, date(t.tradeDate()), ts(t.tsMicros()),
          t.seq(), t.price(), t.size(), t.totalVolume(), t.bid(), t.ask(), t.bidSize(), t.askSize(),
          t.tickId(), t.basis(), t.marketCenter(), CollectionConverters.asScala(t.conditions()).toSeq(),
          t.aggressor(), t.dayCode(), t.feed(), t.corrected(), rowKey, sourceFile, t.lineNo(), runId,
          session.currentLine(), mtime)));
    }

    @Override
    public void quote(RawRecords.Quote q) {
      buffer.add(envelope(Envelope.QUOTE, RowFactory.create(symbol, date(q.tradeDate()),
          ts(q.tsMicros()), q.seq(), q.bid(), q.bidSize(), q.ask(), q.askSize(), q.message(),
          q.contents(), q.tsSource(), sourceFile, q.lineNo(), runId)));
    }

    @Override
    public void depth(RawRecords.Depth d) {
      buffer.add(envelope(Envelope.DEPTH, RowFactory.create(symbol, date(d.tradeDate()),
          ts(d.tsMicros()), d.seq(), d.messageType(), d.action(), d.side(), d.price(), d.size(),
          d.orderCount(), d.orderId(), d.mmid(), d.priority(), d.precision(), d.part(), sourceFile,
          d.lineNo(), runId)));
    }

    @Override
    public void dailyBar(RawRecords.DailyBar b) {
      keys.add(RepeatedKeys.dayKey(b.tradeDate()));
      buffer.add(envelope(Envelope.DAILY, RowFactory.create(symbol, date(b.tradeDate()), b.open(),
          b.high(), b.low(), b.close(), b.volume(), b.openInterest(), sourceFile, b.lineNo(), runId,
          session.currentLine(), mtime)));
    }

    @Override
    public void tradeDelete(RawRecords.TradeDelete d) {
      buffer.add(envelope(Envelope.DELETE, RowFactory.create(symbol, date(d.tradeDate()),
          d.marketCenter(), d.tickId(), sourceFile, d.lineNo(), d.raw())));
    }

    @Override
    public void rejected(RawRecords.Rejected r) {
      buffer.add(envelope(Envelope.REJECTED, RowFactory.create(feed.dir(), symbol,
          r.tradeDate() == null ? null : date(r.tradeDate()), sourceFile, r.lineNo(), r.raw(),
          r.reason().code(), r.detail(), runId)));
    }
  }

  /** Spark's external DATE value (java.sql.Date at local midnight, as Spark expects). */
  private static java.sql.Date date(Integer epochDay) {
    return epochDay == null ? null : java.sql.Date.valueOf(LocalDate.ofEpochDay(epochDay));
  }

  /** Spark's external TIMESTAMP value for an instant in microseconds. */
  private static java.sql.Timestamp ts(long micros) {
    return java.sql.Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1000L));
  }
}
