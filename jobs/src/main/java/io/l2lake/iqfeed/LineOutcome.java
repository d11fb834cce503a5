package io.l2lake.iqfeed;

import java.util.ArrayList;
import java.util.List;

/**
 * What one raw line produced, held until the line is done: its records, how it is accounted
 * (accepted with its trading dates, a control line of some kind, or one quarantine row), whether it
 * ends a history answer, and the change it makes to its parser's state. {@link #commit} hands it all
 * to the sink and the file's accounting at once, so a line that fails half-way can be discarded
 * whole ({@link #clear}) and quarantined instead: no record of it is emitted twice or alone, and no
 * state of it survives.
 *
 * <p>One per parser, reused for every line (not thread-safe); it holds one line's records, usually
 * one or two.
 */
final class LineOutcome implements RecordSink {
  private enum Kind {
    NONE, ACCEPTED, CONTROL, REJECTED
  }

  private final List<Object> records = new ArrayList<>(4);
  private final int[] dates = new int[4];
  private int dateCount;
  private Kind kind = Kind.NONE;
  /** More than one of accepted / control was declared for the line: a parser bug. */
  private int settled;
  private String controlKind;
  private RawRecords.Rejected rejected;
  private boolean endOfAnswer;
  private Runnable stateChange;

  /** Forgets everything the current line produced. */
  void clear() {
    records.clear();
    dateCount = 0;
    kind = Kind.NONE;
    settled = 0;
    controlKind = null;
    rejected = null;
    endOfAnswer = false;
    stateChange = null;
  }

  void accept(int tradeDate) {
    settled++;
    kind = Kind.ACCEPTED;
    sawDate(tradeDate);
  }

  void sawDate(int tradeDate) {
    if (dateCount < dates.length) {
      dates[dateCount++] = tradeDate;
    } else {
      throw new IllegalStateException("more than " + dates.length + " trading dates on one line");
    }
  }

  void control(String controlKind) {
    settled++;
    kind = Kind.CONTROL;
    this.controlKind = controlKind;
  }

  /** The line is quarantined: it keeps only this row, whatever else it had produced. */
  void reject(RawRecords.Rejected row) {
    clear();
    settled = 1;
    kind = Kind.REJECTED;
    rejected = row;
  }

  void endOfAnswer() {
    endOfAnswer = true;
  }

  void onCommit(Runnable change) {
    if (stateChange != null) {
      throw new IllegalStateException("two state changes on one line");
    }
    stateChange = change;
  }

  /**
   * Throws {@link IllegalStateException} unless the line is settled exactly once and its records
   * agree: an accepted line has records and a trading date, a control or quarantined line has none.
   */
  void checkComplete() {
    if (settled != 1) {
      throw new IllegalStateException("line settled " + settled + " times instead of once");
    }
    if (kind == Kind.ACCEPTED ? records.isEmpty() : !records.isEmpty()) {
      throw new IllegalStateException(kind.name().toLowerCase(java.util.Locale.ROOT) + " line with "
          + records.size() + " records");
    }
  }

  /** Applies the line's change to its parser's state, if any (once the line is known to be complete). */
  void applyStateChange() {
    if (stateChange != null && kind != Kind.REJECTED) {
      stateChange.run();
    }
  }

  /** Hands the line's records or quarantine row to {@code sink} and counts the line in {@code stats}. */
  void commit(long lineNo, FileStats stats, RecordSink sink) {
    switch (kind) {
      case ACCEPTED -> {
        for (Object r : records) {
          if (r instanceof RawRecords.Tick t) {
            sink.tick(t);
          } else if (r instanceof RawRecords.Quote q) {
            sink.quote(q);
          } else if (r instanceof RawRecords.Depth d) {
            sink.depth(d);
          } else if (r instanceof RawRecords.DailyBar b) {
            sink.dailyBar(b);
          } else {
            sink.tradeDelete((RawRecords.TradeDelete) r);
          }
        }
        stats.accepted++;
        for (int i = 0; i < dateCount; i++) {
          stats.sawDate(dates[i]);
        }
      }
      case CONTROL -> {
        stats.control(controlKind);
        sink.control(lineNo, controlKind);
      }
      case REJECTED -> {
        stats.quarantined++;
        sink.rejected(rejected);
      }
      default -> throw new IllegalStateException("line " + lineNo + " was not settled");
    }
    if (endOfAnswer && kind == Kind.CONTROL) {
      stats.endOfAnswerSeen = true;
    }
  }

  @Override
  public void tick(RawRecords.Tick tick) {
    records.add(tick);
  }

  @Override
  public void quote(RawRecords.Quote quote) {
    records.add(quote);
  }

  @Override
  public void depth(RawRecords.Depth depth) {
    records.add(depth);
  }

  @Override
  public void dailyBar(RawRecords.DailyBar bar) {
    records.add(bar);
  }

  @Override
  public void tradeDelete(RawRecords.TradeDelete delete) {
    records.add(delete);
  }

  @Override
  public void rejected(RawRecords.Rejected row) {
    reject(row);
  }
}
