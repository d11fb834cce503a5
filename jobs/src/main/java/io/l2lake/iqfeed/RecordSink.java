package io.l2lake.iqfeed;

/** Receives the records a raw file parser emits, in file order. */
public interface RecordSink {
  void tick(RawRecords.Tick tick);

  void quote(RawRecords.Quote quote);

  void depth(RawRecords.Depth depth);

  void dailyBar(RawRecords.DailyBar bar);

  void tradeDelete(RawRecords.TradeDelete delete);

  void rejected(RawRecords.Rejected rejected);

  /**
   * A control line (framing, header, system message) and its kind. Control lines produce no rows and
   * are counted in the file's accounting; a sink that wants their line numbers overrides this.
   */
  default void control(long lineNo, String kind) {}
}
