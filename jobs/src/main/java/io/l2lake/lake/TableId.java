package io.l2lake.lake;

/** The lake's tables: a zone (database) and a name, stored under {@code <lake-root>/<zone>/<name>}. */
public enum TableId {
  BRONZE_TICKS("bronze", "ticks"),
  BRONZE_QUOTES("bronze", "quotes"),
  BRONZE_DEPTH("bronze", "depth"),
  BRONZE_DAILY_BARS("bronze", "daily_bars"),
  BRONZE_QUARANTINE("bronze", "quarantine"),
  SILVER_TRADES("silver", "trades"),
  SILVER_BARS_1M("silver", "bars_1m"),
  SILVER_BOOK("silver", "book"),
  GOLD_SIGNALS_1M("gold", "signals_1m"),
  GOLD_ACCUMULATION("gold", "accumulation"),
  GOLD_WATCHLIST("gold", "watchlist"),
  GOLD_STOPS("gold", "stops"),
  GOLD_BACKTEST_TRADES("gold", "backtest_trades"),
  GOLD_BACKTEST_EQUITY("gold", "backtest_equity"),
  GOLD_BACKTEST_RUNS("gold", "backtest_runs"),
  GOLD_CALIBRATION("gold", "calibration"),
  GOLD_PREGAP("gold", "pregap"),
  GOLD_PREGAP_REPORT("gold", "pregap_report"),
  GOLD_PREGAP_EVENT_STUDY("gold", "pregap_event_study"),
  TRUTH_EPISODES("truth", "episodes"),
  TRUTH_BOOK("truth", "book"),
  TRUTH_FAULTS("truth", "faults"),
  OPS_INGEST_FILES("ops", "ingest_files"),
  OPS_INTEGRITY("ops", "integrity"),
  OPS_JOB_RUNS("ops", "job_runs"),
  OPS_FETCH_LOG("ops", "fetch_log"),
  OPS_STAGE_STATE("ops", "stage_state");

  private final String zone;
  private final String table;

  TableId(String zone, String table) {
    this.zone = zone;
    this.table = table;
  }

  public String zone() {
    return zone;
  }

  public String table() {
    return table;
  }

  /** {@code zone.table}, as users name it. */
  public String qualifiedName() {
    return zone + "." + table;
  }
}
