package io.l2lake.lake;

/** The lake's tables: a zone (database) and a name, stored under {@code <lake-root>/<zone>/<name>}. */
public enum TableId {
  BRONZE_TICKS("bronze", "ticks",
      "Raw IQFeed trades (time and sales), one row per accepted tick line, de-duplicated; partitioned by trade_date"),
  BRONZE_QUOTES("bronze", "quotes",
      "Raw IQFeed Level-1 quote updates (bid/ask and sizes), de-duplicated; partitioned by trade_date"),
  BRONZE_DEPTH("bronze", "depth",
      "Raw IQFeed market-depth (Level-2) updates by market maker or level; partitioned by trade_date"),
  BRONZE_DAILY_BARS("bronze", "daily_bars",
      "Raw IQFeed daily OHLCV bars, one row per symbol and day"),
  BRONZE_QUARANTINE("bronze", "quarantine",
      "Every raw line that was not accepted, with its file, line number, feed and reason"),
  SILVER_TRADES("silver", "trades",
      "Trades as-of joined to the prevailing quote, with aggressor side, the rule that set it and trade flags"),
  SILVER_BARS_1M("silver", "bars_1m",
      "One-minute microstructure bars per symbol: OHLCV, signed volume, spreads, order-flow imbalance"),
  SILVER_BOOK("silver", "book",
      "Pseudo Level-2 book estimated from L1 quotes and trades, per symbol, bucket, side and level"),
  GOLD_SIGNALS_1M("gold", "signals_1m",
      "Stealth-accumulation and exit signal scores per symbol and minute bar (no look-ahead)"),
  GOLD_ACCUMULATION("gold", "accumulation",
      "Multi-day accumulation tracker: day scores, rolling scores and tracker state per symbol and day"),
  GOLD_WATCHLIST("gold", "watchlist",
      "The tracker's latest state per symbol: the watchlist of stocks being accumulated"),
  GOLD_STOPS("gold", "stops",
      "The stop system's daily context per symbol and day, from the days before: ATR, volatility regime, its multiple k"),
  GOLD_BACKTEST_STOPS("gold", "backtest_stops",
      "Stop-loss levels per backtest position and bar: each component's stop, the binding stop and its reason"),
  GOLD_BACKTEST_TRADES("gold", "backtest_trades",
      "Backtest round trips: entry and exit times and prices, size, costs, PnL, entry signal and exit reason"),
  GOLD_BACKTEST_EQUITY("gold", "backtest_equity",
      "Backtest equity curve per run, entry mode and bar: cash, positions value, equity, drawdown"),
  GOLD_BACKTEST_RUNS("gold", "backtest_runs",
      "One row per backtest run and entry mode: parameters, data range, code version and metrics"),
  GOLD_BACKTEST_GAPS("gold", "backtest_gaps",
      "Per backtest run, entry mode and gap: the tracker's state the day before, whether a position was held at the"
          + " open (else why not), and the oracle's trade (buy at the eve's close when READY, sell at the open)"),
  GOLD_BACKTEST_CONTROLS("gold", "backtest_controls",
      "Per backtest run: the strategy's mean net return per trade with its bootstrap interval against random entries"
          + " matched on symbol, days and minute of day, and the share of draws it beats (p-value)"),
  GOLD_SIGNAL_EVAL("gold", "signal_eval",
      "Signal evaluation on generated markets: per seed set, feed mode, strength and measure, a figure and its 95% interval"),
  GOLD_GAPPER_STUDY("gold", "gapper_study",
      "Known-gapper study: per study, gap threshold, score and window, the AUC of gappers against matched controls and"
          + " the gain over a volatility, price and dollar-volume baseline, with 95% intervals; and the event study"),
  GOLD_GAPPER_EVENTS("gold", "gapper_events",
      "Known-gapper study: the matched sets, each up-gap with its controls (same date, nearest deciles of price,"
          + " volatility and dollar volume)"),
  GOLD_CALIBRATION("gold", "calibration",
      "Walk-forward calibration: in-sample and out-of-sample metrics per parameter combination, fold and scope"),
  GOLD_CALIBRATION_EQUITY("gold", "calibration_equity",
      "Walk-forward calibration: the daily out-of-sample equity of each fold's in-sample choice, and the folds"
          + " stitched into one curve"),
  GOLD_PREGAP("gold", "pregap",
      "Pre-gap features and next-day gap labels per symbol and day, from daily bars"),
  GOLD_PREGAP_REPORT("gold", "pregap_report",
      "Pre-gap feature report per study: AUC overall and within volatility deciles, lift, gain over volatility"),
  GOLD_PREGAP_EVENT_STUDY("gold", "pregap_event_study",
      "Pre-gap event study: mean feature values from D-10 to D+5 around gap days"),
  TRUTH_EPISODES("truth", "episodes",
      "Simulator ground truth: planted accumulation and distribution episodes, with each agent's strength and target"),
  TRUTH_DAYS("truth", "days",
      "Simulator ground truth per symbol-day: hidden buyer or seller active, executed shares, confounder, feeds"),
  TRUTH_BUYER_MINUTES("truth", "buyer_minutes",
      "Simulator ground truth: the hidden buyer's executed shares (lit, off-exchange) per minute of its windows"),
  TRUTH_BOOK("truth", "book",
      "Simulator ground truth: snapshots of the true order book"),
  TRUTH_FAULTS("truth", "faults",
      "Simulator ground truth: every fault written into the raw files and the quarantine reason expected"),
  OPS_INGEST_FILES("ops", "ingest_files",
      "Per raw file and ingest run: size, time, line accounting and status (the skip-unchanged manifest)"),
  OPS_INTEGRITY("ops", "integrity",
      "Integrity check results per symbol-day, dataset and check, with level and violation counts"),
  OPS_JOB_RUNS("ops", "job_runs",
      "One row per stage run: stage, times, status, rows in and out, error"),
  OPS_FETCH_LOG("ops", "fetch_log",
      "One row per IQFeed history request made by fetch, with outcome; remembers no-data days"),
  OPS_STAGE_STATE("ops", "stage_state",
      "Each backfill stage's latest outcome per date range: code version, inputs and output versions");

  private final String zone;
  private final String table;
  private final String description;

  TableId(String zone, String table, String description) {
    this.zone = zone;
    this.table = table;
    this.description = description;
  }

  /** What the table holds: its comment in the catalog. */
  public String description() {
    return description;
  }

  /** What a zone (database) holds: its comment in the catalog. */
  public static String zoneDescription(String zone) {
    return switch (zone) {
      case "bronze" -> "Raw IQFeed data as ingested: typed, de-duplicated, every bad line quarantined";
      case "silver" -> "Synchronised trades, minute microstructure bars and the pseudo Level-2 book";
      case "gold" -> "Research outputs: signals, tracker, watchlist, stops, backtests, calibration, pre-gap";
      case "truth" -> "Simulator ground truth for generated markets";
      case "ops" -> "Operations: ingest manifest, integrity checks, job runs, fetch log, backfill state";
      default -> throw new IllegalArgumentException("unknown zone " + zone);
    };
  }

  public String zone() {
    return zone;
  }

  public String table() {
    return table;
  }

  /**
   * The columns Delta keeps per-file minimum, maximum and null-count statistics for (table property
   * {@code delta.dataSkippingStatsColumns}, set when the table is created); empty for Delta's default,
   * the first 32 columns. The large tables keep them only for what queries filter on (symbol and
   * time, the partition column {@code trade_date} needing none): statistics on all 23 columns of
   * {@code bronze.ticks} took a quarter of its write, and no reader skips files by trade size or
   * source file. Row counts per file are kept either way.
   */
  public java.util.List<String> statsColumns() {
    return switch (this) {
      case BRONZE_TICKS -> java.util.List.of(Schemas.SYMBOL, Schemas.TS, "feed");
      case BRONZE_QUOTES, BRONZE_DEPTH, SILVER_TRADES -> java.util.List.of(Schemas.SYMBOL, Schemas.TS);
      case SILVER_BARS_1M, GOLD_SIGNALS_1M -> java.util.List.of(Schemas.SYMBOL, "bar_ts");
      case SILVER_BOOK -> java.util.List.of(Schemas.SYMBOL, "bucket_ts");
      default -> java.util.List.of();
    };
  }

  /** The Delta table properties a new table of this id is created with. */
  public java.util.Map<String, String> creationProperties() {
    return statsColumns().isEmpty() ? java.util.Map.of()
        : java.util.Map.of("delta.dataSkippingStatsColumns", String.join(",", statsColumns()));
  }

  /** {@code zone.table}, as users name it. */
  public String qualifiedName() {
    return zone + "." + table;
  }
}
