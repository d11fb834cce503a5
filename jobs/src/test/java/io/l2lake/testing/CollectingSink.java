package io.l2lake.testing;

import io.l2lake.iqfeed.RawRecords;
import io.l2lake.iqfeed.RecordSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps every record a parser emits, for exact assertions. */
public final class CollectingSink implements RecordSink {
  public final List<RawRecords.Tick> ticks = new ArrayList<>();
  public final List<RawRecords.Quote> quotes = new ArrayList<>();
  public final List<RawRecords.Depth> depth = new ArrayList<>();
  public final List<RawRecords.DailyBar> bars = new ArrayList<>();
  public final List<RawRecords.TradeDelete> deletes = new ArrayList<>();
  public final List<RawRecords.Rejected> rejected = new ArrayList<>();
  /** Line numbers of the control lines, in order. */
  public final List<Long> controlLines = new ArrayList<>();

  @Override
  public void tick(RawRecords.Tick t) {
    ticks.add(t);
  }

  @Override
  public void quote(RawRecords.Quote q) {
    quotes.add(q);
  }

  @Override
  public void depth(RawRecords.Depth d) {
    depth.add(d);
  }

  @Override
  public void dailyBar(RawRecords.DailyBar b) {
    bars.add(b);
  }

  @Override
  public void tradeDelete(RawRecords.TradeDelete d) {
    deletes.add(d);
  }

  @Override
  public void rejected(RawRecords.Rejected r) {
    rejected.add(r);
  }

  @Override
  public void control(long lineNo, String kind) {
    controlLines.add(lineNo);
  }
}
