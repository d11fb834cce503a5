package io.l2lake.config;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The validated configuration of a run: a HOCON profile file ({@code conf/spark-local.conf} or
 * {@code conf/spark-cluster.conf}) with command-line overrides on top. Keys under {@code spark.} pass
 * to Spark unchanged; keys under {@code l2lake.} must be known settings and are parsed into typed
 * records here, at start-up, so a typo or a bad value stops the run before any work with a message
 * naming the key, the value and what is allowed.
 */
public record L2Config(
    Lake lake, Ingest ingest, Quality quality, Sync sync, Book book, Fetch fetch, Backfill backfill,
    Catalog catalog, Map<String, String> spark, Map<String, String> values) {

  /** Trade/quote synchronisation and trade flags (see {@code io.l2lake.sync}). */
  public record Sync(double maxQuoteAgeSeconds, List<Integer> offExchangeCenters, double blockMultiple,
      int roundLot, String sideRule, int quoteSettleMs) {}

  /** The pseudo-L2 book estimate (see {@code io.l2lake.book}). */
  public record Book(int bucketSeconds, int levels, int memorySeconds) {}

  /**
   * Downloads from IQFeed's history lookup port (see {@code io.l2lake.fetch}): where IQConnect listens,
   * how hard to use it, and how far back {@code fetch} looks by default.
   */
  public record Fetch(String host, int port, int maxConcurrent, double requestsPerSecond, int retries,
      int backoffMs, int connectTimeoutMs, int readTimeoutMs, int historyDays) {
    /** The same settings for another IQConnect (command-line {@code --host} / {@code --port}). */
    public Fetch withServer(String otherHost, int otherPort) {
      return new Fetch(otherHost, otherPort, maxConcurrent, requestsPerSecond, retries, backoffMs, connectTimeoutMs,
          readTimeoutMs, historyDays);
    }
  }

  /**
   * The backfill runner's test hook (see {@code io.l2lake.run.Backfill}): {@code failAfterStage} names
   * a stage that does its work and then fails before it is marked done; empty in every real run.
   */
  public record Backfill(String failAfterStage) {}

  /**
   * The persistent table catalog (see {@code io.l2lake.lake.LakeCatalog}): {@code embedded} is Spark's
   * built-in Hive metastore in a Derby database under {@code embeddedDir} (default {@code <lake-root>/_catalog});
   * {@code external} is the metastore the cluster's Spark is configured with ({@code hive-site.xml});
   * {@code none} keeps the names in the session only.
   */
  public record Catalog(String metastore, String embeddedDir) {
    public boolean persistent() {
      return !metastore.equals("none");
    }
  }

  /** Where the lake and its landing zone live. */
  public record Lake(String root, String rawRoot) {}

  /** Raw ingest limits. */
  public record Ingest(int maxLineLength, int taskMegabytes) {}

  /** Thresholds of the integrity checks (see {@code io.l2lake.quality}). */
  public record Quality(
      LocalTime sessionStart,
      LocalTime sessionEnd,
      LocalTime regularOpen,
      LocalTime regularClose,
      double crossedShareError,
      double lastOutsideTolerance,
      double lastOutsideShareWarn,
      double outlierJump,
      int intradayHoleMinutes) {}

  public static final Setting<String> LAKE_ROOT =
      Setting.text("l2lake.lake-root", "data-lake", "root of the lake: a local path, hdfs:// or s3a:// URI");
  public static final Setting<String> RAW_ROOT = Setting.of("l2lake.raw-root", "", s -> s, s -> true,
      "any path (empty means <lake-root>/raw)", "landing zone holding iqfeed/<feed>/<SYMBOL>/<file>");
  public static final Setting<Integer> MAX_LINE_LENGTH = Setting.intIn("l2lake.ingest.max-line-length",
      65_536, 256, 16_777_216, "longest raw line kept; longer lines are quarantined as line_too_long");
  public static final Setting<Integer> TASK_MEGABYTES = Setting.intIn("l2lake.ingest.task-megabytes",
      64, 1, 4096, "raw text (MiB, gzip counted at 6x its size) packed into one parse task");
  public static final Setting<LocalTime> SESSION_START = time("l2lake.quality.session-start", "04:00",
      "first minute of the extended session, Eastern time");
  public static final Setting<LocalTime> SESSION_END = time("l2lake.quality.session-end", "20:00",
      "end of the extended session, Eastern time");
  public static final Setting<LocalTime> REGULAR_OPEN = time("l2lake.quality.regular-open", "09:30",
      "opening of the regular session, Eastern time");
  public static final Setting<LocalTime> REGULAR_CLOSE = time("l2lake.quality.regular-close", "16:00",
      "close of the regular session, Eastern time");
  public static final Setting<Double> CROSSED_SHARE_ERROR = Setting.doubleIn(
      "l2lake.quality.crossed-share-error", 0.05, 0, 1,
      "share of crossed quotes in a symbol-day above which the day is unusable");
  public static final Setting<Double> LAST_OUTSIDE_TOLERANCE = Setting.doubleIn(
      "l2lake.quality.last-outside-tolerance", 0.02, 0, 1,
      "a trade is outside the quote when below bid x (1 - t) or above ask x (1 + t)");
  public static final Setting<Double> LAST_OUTSIDE_SHARE_WARN = Setting.doubleIn(
      "l2lake.quality.last-outside-share-warn", 0.05, 0, 1,
      "share of trades outside the quote above which the check warns");
  public static final Setting<Double> OUTLIER_JUMP = Setting.doubleIn("l2lake.quality.outlier-jump",
      0.25, 0.01, 10, "relative distance of an isolated print from both neighbours to count as outlier");
  public static final Setting<Integer> HOLE_MINUTES = Setting.intIn(
      "l2lake.quality.intraday-hole-minutes", 30, 1, 390,
      "longest regular-session stretch without a trade before it is reported as a hole");

  public static final Setting<Double> MAX_QUOTE_AGE = Setting.doubleIn(
      "l2lake.sync.max-quote-age-seconds", 5.0, 0.000001, 3600,
      "a trade's prevailing quote must be at most this old, else the trade has no quote");
  public static final Setting<List<Integer>> OFF_EXCHANGE = Setting.of(
      "l2lake.sync.off-exchange-market-centers", "19,24", L2Config::intList, l -> !l.isEmpty(),
      "a comma-separated list of IQFeed market center ids",
      "market centers whose prints are off-exchange (TRF: dark pools, internalisers)");
  public static final Setting<Double> BLOCK_MULTIPLE = Setting.doubleIn("l2lake.sync.block-size-multiple",
      10.0, 1, 10_000, "a block is a trade of at least this multiple of the day's running median size");
  public static final Setting<Integer> ROUND_LOT = Setting.intIn("l2lake.sync.round-lot", 100, 1, 100_000,
      "round lot in shares; smaller trades (or condition 87) are odd lots");
  /** Trade-side rules {@code silver.trades.side} can take (see {@code io.l2lake.sync.TradeSides}). */
  public static final List<String> SIDE_RULES = List.of("lee-ready", "emo", "sweep");
  public static final Setting<String> SIDE_RULE = Setting.of("l2lake.sync.side-rule", "sweep", String::trim,
      SIDE_RULES::contains, "one of " + String.join(", ", SIDE_RULES),
      "the trade-side rule whose side the later stages use (all are stored in silver.trades)");
  public static final Setting<Integer> QUOTE_SETTLE_MS = Setting.intIn("l2lake.sync.quote-settle-ms", 5, 0, 1_000,
      "the sweep rule compares a trade inside the spread with the prices before the quote's latest price change "
          + "when that change is younger than this (ms; 0: never)");
  public static final Setting<Integer> BOOK_BUCKET = Setting.intIn("l2lake.book.bucket-seconds", 60, 1,
      3600, "time bucket of the pseudo-L2 book");
  public static final Setting<Integer> BOOK_LEVELS = Setting.intIn("l2lake.book.levels", 5, 2, 20,
      "price levels per side estimated by the pseudo-L2 book");
  public static final Setting<Integer> BOOK_MEMORY = Setting.intIn("l2lake.book.memory-seconds", 300, 120,
      7200, "decay time constant of the book's memory of revealed level sizes");

  public static final Setting<String> FETCH_HOST = Setting.text("l2lake.fetch.host", "127.0.0.1",
      "host running IQConnect (the IQFeed client) whose history lookup port fetch uses");
  public static final Setting<Integer> FETCH_PORT = Setting.intIn("l2lake.fetch.port", 9100, 1, 65_535,
      "IQConnect's history lookup port");
  public static final Setting<Integer> FETCH_MAX_CONCURRENT = Setting.intIn("l2lake.fetch.max-concurrent",
      4, 1, 64, "simultaneous lookup connections, one request in flight on each");
  public static final Setting<Double> FETCH_RATE = Setting.doubleIn("l2lake.fetch.requests-per-second",
      10.0, 0.01, 1_000, "requests sent per second at most, over all connections (retries included)");
  public static final Setting<Integer> FETCH_RETRIES = Setting.intIn("l2lake.fetch.retries", 3, 0, 20,
      "retries of a request whose answer was cut (connection lost or timed out before !ENDMSG!)");
  public static final Setting<Integer> FETCH_BACKOFF = Setting.intIn("l2lake.fetch.backoff-ms", 1_000, 1,
      600_000, "wait before the first retry; doubled before each further one");
  public static final Setting<Integer> FETCH_CONNECT_TIMEOUT = Setting.intIn(
      "l2lake.fetch.connect-timeout-ms", 5_000, 100, 600_000, "longest wait for a lookup connection");
  public static final Setting<Integer> FETCH_READ_TIMEOUT = Setting.intIn("l2lake.fetch.read-timeout-ms",
      60_000, 100, 3_600_000, "longest silence within an answer before it counts as cut");
  public static final Setting<Integer> FETCH_HISTORY_DAYS = Setting.intIn("l2lake.fetch.history-days", 180,
      1, 2_520, "trading days, ending yesterday, that fetch looks at when no --from is given");

  /** Stage names the backfill failure hook accepts (the stages of {@code io.l2lake.run.StageGraph}). */
  public static final List<String> BACKFILL_STAGES = List.of("ingest", "check", "silver", "gold");
  public static final Setting<String> BACKFILL_FAIL_AFTER = Setting.of("l2lake.backfill.fail-after-stage", "",
      String::trim, s -> s.isEmpty() || BACKFILL_STAGES.contains(s),
      "empty or one of " + String.join(", ", BACKFILL_STAGES),
      "tests only: the named backfill stage writes its tables, then fails before it is marked done");

  public static final List<String> METASTORES = List.of("embedded", "external", "none");
  public static final Setting<String> CATALOG_METASTORE = Setting.of("l2lake.catalog.metastore", "embedded",
      String::trim, METASTORES::contains, "one of " + String.join(", ", METASTORES),
      "where table names live: Spark's built-in metastore under the lake, the cluster's, or the session only");
  public static final Setting<String> CATALOG_EMBEDDED_DIR = Setting.of("l2lake.catalog.embedded-dir", "",
      String::trim, s -> true, "a local directory or empty",
      "directory of the embedded metastore (Derby) and warehouse; empty means <lake-root>/_catalog");

  /** Every known {@code l2lake.} setting. */
  public static final List<Setting<?>> SETTINGS = List.of(LAKE_ROOT, RAW_ROOT, MAX_LINE_LENGTH,
      TASK_MEGABYTES, SESSION_START, SESSION_END, REGULAR_OPEN, REGULAR_CLOSE, CROSSED_SHARE_ERROR,
      LAST_OUTSIDE_TOLERANCE, LAST_OUTSIDE_SHARE_WARN, OUTLIER_JUMP, HOLE_MINUTES, MAX_QUOTE_AGE,
      OFF_EXCHANGE, BLOCK_MULTIPLE, ROUND_LOT, SIDE_RULE, QUOTE_SETTLE_MS,
      BOOK_BUCKET, BOOK_LEVELS, BOOK_MEMORY, FETCH_HOST, FETCH_PORT,
      FETCH_MAX_CONCURRENT, FETCH_RATE, FETCH_RETRIES, FETCH_BACKOFF, FETCH_CONNECT_TIMEOUT, FETCH_READ_TIMEOUT,
      FETCH_HISTORY_DAYS, BACKFILL_FAIL_AFTER, CATALOG_METASTORE, CATALOG_EMBEDDED_DIR);

  private static List<Integer> intList(String s) {
    List<Integer> out = Setting.integers(s);
    if (out.stream().anyMatch(v -> v < 0)) {
      throw new IllegalArgumentException("negative");
    }
    return out;
  }

  private static Setting<LocalTime> time(String key, String def, String help) {
    return Setting.of(key, def, LocalTime::parse, t -> true, "a time of day HH:MM", help);
  }

  /**
   * Loads a profile file (null for defaults only) and applies overrides ({@code key=value} pairs,
   * later ones win).
   */
  public static L2Config load(Path profile, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> source = new TreeMap<>();
    if (profile != null) {
      for (Map.Entry<String, String> e : HoconFile.read(profile).entrySet()) {
        values.put(e.getKey(), e.getValue());
        source.put(e.getKey(), profile.toString());
      }
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      values.put(e.getKey().trim(), e.getValue());
      source.put(e.getKey().trim(), "command line");
    }
    return fromValues(values, source);
  }

  private static L2Config fromValues(Map<String, String> values, Map<String, String> source) {
    Map<String, Setting<?>> known = SETTINGS.stream()
        .collect(Collectors.toMap(Setting::key, s -> s, (a, b) -> a, TreeMap::new));
    Map<String, String> spark = new TreeMap<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("spark.")) {
        spark.put(key, e.getValue());
      } else if (!known.containsKey(key)) {
        unknown.add(key + " (from " + source.get(key) + ")");
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown configuration keys " + unknown + ": allowed are spark.* and "
          + known.keySet());
    }
    Lookup get = new Lookup(values, source);
    String lakeRoot = get.value(LAKE_ROOT);
    String rawRoot = get.value(RAW_ROOT);
    if (rawRoot.isBlank()) {
      rawRoot = lakeRoot.endsWith("/") ? lakeRoot + "raw" : lakeRoot + "/raw";
    }
    Quality quality = new Quality(get.value(SESSION_START), get.value(SESSION_END),
        get.value(REGULAR_OPEN), get.value(REGULAR_CLOSE), get.value(CROSSED_SHARE_ERROR),
        get.value(LAST_OUTSIDE_TOLERANCE), get.value(LAST_OUTSIDE_SHARE_WARN), get.value(OUTLIER_JUMP),
        get.value(HOLE_MINUTES));
    if (!quality.sessionStart().isBefore(quality.regularOpen())
        || !quality.regularOpen().isBefore(quality.regularClose())
        || !quality.regularClose().isBefore(quality.sessionEnd())) {
      throw new ConfigException("configuration keys " + SESSION_START.key() + " < " + REGULAR_OPEN.key()
          + " < " + REGULAR_CLOSE.key() + " < " + SESSION_END.key() + " must hold; got "
          + quality.sessionStart() + ", " + quality.regularOpen() + ", " + quality.regularClose() + ", "
          + quality.sessionEnd());
    }
    Sync sync = new Sync(get.value(MAX_QUOTE_AGE), get.value(OFF_EXCHANGE), get.value(BLOCK_MULTIPLE),
        get.value(ROUND_LOT), get.value(SIDE_RULE), get.value(QUOTE_SETTLE_MS));
    Book book = new Book(get.value(BOOK_BUCKET), get.value(BOOK_LEVELS), get.value(BOOK_MEMORY));
    Fetch fetch = new Fetch(get.value(FETCH_HOST).trim(), get.value(FETCH_PORT), get.value(FETCH_MAX_CONCURRENT),
        get.value(FETCH_RATE), get.value(FETCH_RETRIES), get.value(FETCH_BACKOFF), get.value(FETCH_CONNECT_TIMEOUT),
        get.value(FETCH_READ_TIMEOUT), get.value(FETCH_HISTORY_DAYS));
    return new L2Config(new Lake(lakeRoot, rawRoot),
        new Ingest(get.value(MAX_LINE_LENGTH), get.value(TASK_MEGABYTES)), quality, sync, book, fetch,
        new Backfill(get.value(BACKFILL_FAIL_AFTER)), catalog(get.value(CATALOG_METASTORE),
            get.value(CATALOG_EMBEDDED_DIR), lakeRoot), spark, Map.copyOf(values));
  }

  private static Catalog catalog(String metastore, String dir, String lakeRoot) {
    if (!metastore.equals("embedded")) {
      return new Catalog(metastore, "");
    }
    String d = !dir.isEmpty() ? dir : (lakeRoot.endsWith("/") ? lakeRoot : lakeRoot + "/") + "_catalog";
    if (d.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !d.startsWith("file://")) {
      throw new ConfigException("configuration key " + CATALOG_METASTORE.key() + " = embedded keeps a Derby "
          + "database on the local disk, but the lake is at " + lakeRoot + ": set " + CATALOG_EMBEDDED_DIR.key()
          + " to a local directory, or use external (the cluster's metastore) or none");
    }
    return new Catalog(metastore, d.startsWith("file://") ? d.substring("file://".length()) : d);
  }

  /** A copy with the lake root (and the default landing zone under it) replaced. */
  public L2Config withLakeRoot(String root) {
    Map<String, String> v = new LinkedHashMap<>(values);
    v.put(LAKE_ROOT.key(), root);
    Map<String, String> src = new TreeMap<>();
    v.keySet().forEach(k -> src.put(k, "command line"));
    return fromValues(v, src);
  }

  private record Lookup(Map<String, String> values, Map<String, String> source) {
    <T> T value(Setting<T> s) {
      String raw = values.get(s.key());
      if (raw == null) {
        return s.parse(s.defaultValue(), "default");
      }
      return s.parse(raw, source.getOrDefault(s.key(), "?"));
    }
  }
}
