package io.l2lake.generate;

import static org.apache.spark.sql.functions.col;

import io.l2lake.calendar.EasternTime;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.lake.JobRuns;
import io.l2lake.lake.RunContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code l2lake generate}: a synthetic penny-stock market with ground truth. The daily plan is drawn
 * on the driver ({@link MarketPlan}); every (symbol, day) is then simulated ({@link DaySimulator}; a
 * symbol's days in order in one Spark task), streaming IQFeed raw files into the landing zone ({@link
 * DayFiles}); a second pass writes each symbol's daily bar answer. Ground truth goes to Delta: {@code
 * truth.episodes} (with each agent's strength and target), {@code truth.days} (per symbol-day: agent,
 * executed shares, confounder, feeds), {@code truth.buyer_minutes} (the hidden buyer's executions per
 * minute of its windows), {@code truth.book} (true depth snapshots) and {@code truth.faults} (every
 * injected fault with its file and line). Deterministic from the seed; re-running replaces the files
 * and the truth tables.
 *
 * <p>Cost: one task per symbol, its days simulated in order (memory bounded by one symbol-day's tick
 * answer and truth rows), one shuffle of the small per-day summaries by symbol for the daily answers.
 */
public final class GenerateJob {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GenerateJob.class);

  private GenerateJob() {}

  static final StructType OUTPUT = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add(Schemas.SYMBOL, DataTypes.StringType, false)
      .add(Schemas.TRADE_DATE, DataTypes.DateType, false)
      .add("ts", DataTypes.TimestampType, true)
      .add("side", DataTypes.StringType, true)
      .add("level", DataTypes.IntegerType, true)
      .add("price", DataTypes.DoubleType, true)
      .add("size", DataTypes.LongType, true)
      .add("file", DataTypes.StringType, true)
      .add("line", DataTypes.LongType, true)
      .add("fault", DataTypes.StringType, true)
      .add("expected", DataTypes.StringType, true)
      .add("open", DataTypes.DoubleType, true)
      .add("high", DataTypes.DoubleType, true)
      .add("low", DataTypes.DoubleType, true)
      .add("close", DataTypes.DoubleType, true)
      .add("events", DataTypes.LongType, true)
      .add("trades", DataTypes.LongType, true)
      .add("quotes", DataTypes.LongType, true)
      // truth.days and truth.buyer_minutes rows: their columns as a JSON object (keeps the cached rows narrow).
      .add("payload", DataTypes.StringType, true);

  public static final StructType EPISODES = Schemas.struct(
      Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "symbol"),
      Schemas.field("kind", DataTypes.StringType, false, "accumulation, distribution, or control (a control symbol's whole range)"),
      Schemas.field("start_date", DataTypes.DateType, false, "first day of the episode"),
      Schemas.field("end_date", DataTypes.DateType, false, "last day of the episode"),
      Schemas.field("gap_date", DataTypes.DateType, true, "day of the news gap that follows, if any"),
      Schemas.field("gap_size", DataTypes.DoubleType, true, "the gap, open / previous close - 1"),
      Schemas.field("symbol_kind", DataTypes.StringType, false, "the symbol's planted kind"),
      Schemas.field("strength", DataTypes.DoubleType, true,
          "the hidden agent's participation rate (share of volume in its windows); null for control"),
      Schemas.field("target_shares", DataTypes.LongType, true,
          "the quantity the agent sets out to work over the episode (sum of its daily quotas); null for control"),
      Schemas.field("passive_share", DataTypes.DoubleType, true, "the agent's weight on resting orders at the touch"),
      Schemas.field("lift_share", DataTypes.DoubleType, true, "the agent's weight on taking the far touch"),
      Schemas.field("dark_share", DataTypes.DoubleType, true, "the agent's weight on off-exchange executions"));

  public static final StructType DAYS = Schemas.struct(
      Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "symbol"),
      Schemas.field(Schemas.TRADE_DATE, DataTypes.DateType, false, "simulated trading day"),
      Schemas.field("buyer_active", DataTypes.BooleanType, false, "the hidden buyer executed on this day"),
      Schemas.field("seller_active", DataTypes.BooleanType, false, "the hidden seller executed on this day"),
      Schemas.field("strength", DataTypes.DoubleType, true, "the day's agent's participation rate, else null"),
      Schemas.field("confounder", DataTypes.StringType, true, "frenzy, quiet, news, halt, market_vol, or null"),
      Schemas.field("buyer_shares", DataTypes.LongType, false, "shares the hidden buyer executed"),
      Schemas.field("day_volume", DataTypes.LongType, false, "all shares printed 04:00-20:00"),
      Schemas.field("episode_kind", DataTypes.StringType, true, "accumulation or distribution on episode days, else null"),
      Schemas.field("feeds", DataTypes.StringType, false, "all, or ticks (tick answers and daily bars only)"),
      Schemas.field("seller_shares", DataTypes.LongType, false, "shares the hidden seller executed"),
      Schemas.field("quota_shares", DataTypes.LongType, true, "the most the agent would execute this day"),
      Schemas.field("active_windows", DataTypes.StringType, true,
          "the agent's active windows, Eastern HH:MM-HH:MM separated by ';' (empty: a day off)"),
      Schemas.field("files_missing", DataTypes.BooleanType, false, "the day's raw files were withheld (a fault)"));

  public static final StructType BUYER_MINUTES = Schemas.struct(
      Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "symbol"),
      Schemas.field(Schemas.TRADE_DATE, DataTypes.DateType, false, "trading day"),
      Schemas.field("minute", DataTypes.TimestampType, false, "minute start (Eastern wall clock converted, as ts)"),
      Schemas.field("buyer_shares", DataTypes.LongType, false, "shares the hidden buyer executed in the minute"),
      Schemas.field("lit_shares", DataTypes.LongType, false, "of which on exchanges"),
      Schemas.field("off_exchange_shares", DataTypes.LongType, false, "of which off-exchange"),
      Schemas.field("minute_volume", DataTypes.LongType, false, "all shares printed in the minute"));

  /** What a run produced. */
  public record Result(long symbolDays, long events, long trades, long quotes, long faults, double seconds) {}

  public static Result run(SparkSession spark, Lake lake, String rawRoot, MarketPlan.Options o, RunContext run) {
    return run(spark, lake, rawRoot, o, run, MarketPlan.DEFAULT_PREFIX);
  }

  /** As {@link #run(SparkSession, Lake, String, MarketPlan.Options, RunContext)}, the symbols under {@code prefix}. */
  public static Result run(SparkSession spark, Lake lake, String rawRoot, MarketPlan.Options o, RunContext run,
      String symbolPrefix) {
    Instant started = Instant.now();
    MarketPlan.Plan plan = MarketPlan.draw(o, symbolPrefix);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Broadcast<SerializableWritable<Configuration>> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new SerializableWritable<>(hadoop));
    spark.sparkContext().setJobGroup("generate-" + run.runId(), "l2lake generate", false);
    // One task per symbol: its days run in order, each opening from the previous simulated close.
    List<ArrayList<MarketPlan.DayPlan>> symbols = new ArrayList<>();
    for (List<MarketPlan.DayPlan> days : plan.bySymbol()) {
      symbols.add(new ArrayList<>(days));
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Dataset<ArrayList<MarketPlan.DayPlan>> tasks = spark.createDataset(symbols,
        (org.apache.spark.sql.Encoder) Encoders.javaSerialization(ArrayList.class)).repartition(Math.max(1, symbols.size()));
    Dataset<Row> out = tasks.flatMap(new SimulateSymbol(conf, rawRoot), Encoders.row(OUTPUT)).cache();
    try {
      try (var t = io.l2lake.lake.Timed.step(LOG, "simulate " + plan.days().size() + " symbol-days")) {
        out.count();
      }
      // One task per symbol suits the simulation; the small truth outputs are written by a few.
      Dataset<Row> truth = out.coalesce(Math.max(1, spark.sparkContext().defaultParallelism()));
      try (var t = io.l2lake.lake.Timed.step(LOG, "truth.book")) {
        lake.replaceWhere(TableId.TRUTH_BOOK, truth.filter(col("kind").equalTo("book")).select(col(Schemas.SYMBOL),
            col(Schemas.TRADE_DATE), col("ts"), col("side"), col("level"), col("price"), col("size")), "true",
            Schemas.TRADE_DATE);
      }
      Dataset<Row> faults = truth.filter(col("kind").equalTo("fault")).select(col(Schemas.SYMBOL),
          col(Schemas.TRADE_DATE), col("file"), col("line"), col("fault"), col("expected"));
      try (var t = io.l2lake.lake.Timed.step(LOG, "truth.faults")) {
        lake.replaceWhere(TableId.TRUTH_FAULTS, faults, "true", Schemas.TRADE_DATE);
      }
      try (var t = io.l2lake.lake.Timed.step(LOG, "truth.days and truth.buyer_minutes")) {
        List<String> dayColumns = new ArrayList<>();
        for (String f : DAYS.fieldNames()) {
          dayColumns.add(f);
        }
        overwrite(lake, TableId.TRUTH_DAYS, fromPayload(truth.filter(col("kind").equalTo("truth_day")), DAYS)
            .selectExpr(dayColumns.toArray(new String[0])), DAYS);
        overwrite(lake, TableId.TRUTH_BUYER_MINUTES, fromPayload(truth.filter(col("kind").equalTo("minute")),
            BUYER_MINUTES).selectExpr(Schemas.SYMBOL, Schemas.TRADE_DATE, "ts AS minute", "buyer_shares", "lit_shares",
                "off_exchange_shares", "minute_volume"), BUYER_MINUTES);
      }
      Dataset<Row> days = truth.filter(col("kind").equalTo("day"));
      try (var t = io.l2lake.lake.Timed.step(LOG, "daily answers")) {
        days.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col("open"), col("high"), col("low"),
                col("close"), col("size"))
            .repartition(Math.max(1, spark.sparkContext().defaultParallelism()), col(Schemas.SYMBOL))
            .foreachPartition(new WriteDailyAnswers(conf, rawRoot));
      }
      List<Row> episodes = new ArrayList<>();
      for (MarketPlan.Episode e : plan.episodes()) {
        episodes.add(RowFactory.create(e.symbol(), e.kind(), Date.valueOf(e.start()), Date.valueOf(e.end()),
            e.gapDate() == null ? null : Date.valueOf(e.gapDate()), e.gapSize(), e.symbolKind(), e.strength(),
            e.targetShares(), e.passiveShare(), e.liftShare(), e.darkShare()));
      }
      lake.spark().createDataFrame(episodes, EPISODES).write().format("delta").mode("overwrite")
          .option("overwriteSchema", "true").save(lake.path(TableId.TRUTH_EPISODES));
      LOG.info("truth tables and daily answers written");
      Row totals = days.agg(org.apache.spark.sql.functions.sum("events"), org.apache.spark.sql.functions.sum("trades"),
          org.apache.spark.sql.functions.sum("quotes"), org.apache.spark.sql.functions.count("*")).first();
      long faultCount = faults.count();
      double seconds = java.time.Duration.between(started, Instant.now()).toNanos() / 1e9;
      Map<String, String> detail = new TreeMap<>();
      detail.put("seed", Long.toString(o.seed()));
      detail.put("events", Long.toString(totals.getLong(0)));
      detail.put("faults", Long.toString(faultCount));
      detail.put("feeds", o.market().feeds());
      detail.put("null_market", Boolean.toString(o.market().nullMarket()));
      JobRuns.record(lake, run, new JobRuns.Entry("generate", started, Instant.now(), "succeeded",
          o.start(), plan.days().get(plan.days().size() - 1).date(), totals.getLong(0), totals.getLong(1), detail));
      return new Result(totals.getLong(3), totals.getLong(0), totals.getLong(1), totals.getLong(2), faultCount,
          seconds);
    } finally {
      out.unpersist();
    }
  }

  /** The payload's columns of {@code schema} (all but symbol, trade_date and minute) beside the row's own. */
  private static Dataset<Row> fromPayload(Dataset<Row> rows, StructType schema) {
    StructType payload = new StructType();
    for (var f : schema.fields()) {
      if (!f.name().equals(Schemas.SYMBOL) && !f.name().equals(Schemas.TRADE_DATE) && !f.name().equals("minute")) {
        payload = payload.add(f.name(), f.dataType(), true);
      }
    }
    return rows.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col("ts"),
        org.apache.spark.sql.functions.from_json(col("payload"), payload).as("p")).select("symbol", "trade_date", "ts",
        "p.*");
  }

  /** A JSON object of names and values (strings here never need escaping: letters, digits, ':', '-', ';'). */
  static String json(Object... namesAndValues) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (i > 0) {
        b.append(',');
      }
      Object v = namesAndValues[i + 1];
      b.append('"').append(namesAndValues[i]).append("\":");
      if (v == null) {
        b.append("null");
      } else if (v instanceof String t) {
        b.append('"').append(t).append('"');
      } else {
        b.append(v);
      }
    }
    return b.append('}').toString();
  }

  /** Replaces a small truth table whole (schema included), partitioned by day. */
  private static void overwrite(Lake lake, TableId id, Dataset<Row> rows, StructType schema) {
    Dataset<Row> typed = lake.spark().createDataFrame(rows.rdd(), schema);
    typed.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
        .partitionBy(Schemas.TRADE_DATE).save(lake.path(id));
  }

  /** One output row of {@link #OUTPUT}: its kind, symbol and day, then named columns. */
  private static Row row(String kind, String symbol, Date day, Object... namesAndValues) {
    Object[] v = new Object[OUTPUT.length()];
    v[0] = kind;
    v[1] = symbol;
    v[2] = day;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      v[OUTPUT.fieldIndex((String) namesAndValues[i])] = namesAndValues[i + 1];
    }
    return RowFactory.create(v);
  }

  /**
   * Simulates one symbol's days in order: writes their raw files and returns their truth rows and
   * summaries, day by day (only one day's rows are held at a time).
   */
  static final class SimulateSymbol implements FlatMapFunction<ArrayList<MarketPlan.DayPlan>, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableWritable<Configuration>> conf;
    private final String rawRoot;

    SimulateSymbol(Broadcast<SerializableWritable<Configuration>> conf, String rawRoot) {
      this.conf = conf;
      this.rawRoot = rawRoot;
    }

    @Override
    public Iterator<Row> call(ArrayList<MarketPlan.DayPlan> days) throws IOException {
      FileSystem fs = new Path(rawRoot).getFileSystem(conf.value().value());
      return new Iterator<>() {
        private int next;
        private double previousClose = Double.NaN;
        private Iterator<Row> current = java.util.Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext() && next < days.size()) {
            MarketPlan.DayPlan p = days.get(next++);
            double open = Double.isNaN(previousClose) ? p.open()
                : MarketPlan.clampPrice(previousClose * Math.exp(p.overnight()));
            List<Row> rows = new ArrayList<>();
            previousClose = simulate(fs, rawRoot, p, open, rows);
            current = rows.iterator();
          }
          return current.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return current.next();
        }
      };
    }
  }

  /** Simulates one day from its open, adds its rows, and returns its closing mid in dollars. */
  static double simulate(FileSystem fs, String rawRoot, MarketPlan.DayPlan p, double open, List<Row> rows) {
    Date day = Date.valueOf(p.date());
    DaySimulator sim;
    if (p.missing()) {
      // The market traded; its files are withheld.
      sim = new DaySimulator(p, new Discard(), open);
      sim.run();
      rows.add(row("fault", p.symbol(), day, "fault", "missing_day", "expected", "ops.integrity missing_day"));
    } else {
      DayFiles files = new DayFiles(fs, rawRoot, p);
      sim = new DaySimulator(p, files, open);
      sim.run();
      files.finish(fs, rawRoot);
      for (DayFiles.Level l : files.snapshots) {
        rows.add(row("book", p.symbol(), day, "ts", timestamp(l.tsMicros()), "side", l.side(), "level", l.level(),
            "price", l.price() / 10_000.0, "size", l.size()));
      }
      for (DayFiles.Fault f : files.faultsInjected) {
        rows.add(row("fault", p.symbol(), day, "file", f.file(), "line", f.line(), "fault", f.kind(), "expected",
            f.expected()));
      }
      rows.add(row("day", p.symbol(), day, "size", files.volume, "open", files.open, "high", files.high, "low",
          files.low, "close", files.close, "events", sim.events, "trades", sim.trades, "quotes", files.quotes));
    }
    MarketPlan.Agent agent = p.agent();
    long buyer = 0;
    for (int m = 0; m < DaySimulator.MINUTES; m++) {
      buyer += sim.buyerLit[m] + sim.buyerOff[m];
    }
    rows.add(row("truth_day", p.symbol(), day, "payload", json("buyer_active", buyer > 0, "seller_active",
        sim.sellerShares > 0, "strength", agent == null ? null : agent.rate(), "confounder", p.confounder(),
        "buyer_shares", buyer, "seller_shares", sim.sellerShares, "day_volume", sim.volume, "episode_kind",
        p.episodeKind(), "feeds", p.options().market().feeds(), "quota_shares", agent == null ? null : agent.quota(),
        "active_windows", agent == null ? null : windowsText(p.windows()), "files_missing", p.missing())));
    if (agent != null && agent.side() > 0 && agent.rate() > 0) {
      EasternTime clock = new EasternTime();
      int[] w = p.windows();
      for (int i = 0; i + 1 < w.length; i += 2) {
        for (int minute = w[i]; minute < w[i + 1]; minute++) {
          int m = minute - (int) (DaySimulator.SESSION_START / 60);
          long micros = clock.toEpochMicros(p.date().getYear(), p.date().getMonthValue(), p.date().getDayOfMonth(),
              minute * 60, 0);
          rows.add(row("minute", p.symbol(), day, "ts", timestamp(micros), "payload", json("buyer_shares",
              sim.buyerLit[m] + sim.buyerOff[m], "lit_shares", sim.buyerLit[m], "off_exchange_shares", sim.buyerOff[m],
              "minute_volume", sim.minuteVolume[m])));
        }
      }
    }
    return sim.closeDollars();
  }

  /** Windows as Eastern {@code HH:MM-HH:MM;...}. */
  static String windowsText(int[] w) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i + 1 < w.length; i += 2) {
      if (b.length() > 0) {
        b.append(';');
      }
      b.append(String.format(java.util.Locale.ROOT, "%02d:%02d-%02d:%02d", w[i] / 60, w[i] % 60, w[i + 1] / 60,
          w[i + 1] % 60));
    }
    return b.toString();
  }

  private static Timestamp timestamp(long epochMicros) {
    return Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
        Math.floorMod(epochMicros, 1_000_000L) * 1000));
  }

  /** A sink that keeps nothing (a day whose files are withheld). */
  static final class Discard implements DaySimulator.Sink {
    @Override
    public void trade(long ts, long price, long size, int center, String conditions, char basis, long bid, long ask,
        int side, int party) {}

    @Override
    public void quote(long ts, long bid, long bidSize, long ask, long askSize) {}

    @Override
    public void snapshot(long ts, long[][] bids, long[][] asks) {}

    @Override
    public void depth(long ts, long[][] bids, long[][] asks) {}
  }

  /** Writes each symbol's daily bar answer (HDT, high/low/open/close order) from the day summaries. */
  static final class WriteDailyAnswers implements org.apache.spark.api.java.function.ForeachPartitionFunction<Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableWritable<Configuration>> conf;
    private final String rawRoot;

    WriteDailyAnswers(Broadcast<SerializableWritable<Configuration>> conf, String rawRoot) {
      this.conf = conf;
      this.rawRoot = rawRoot;
    }

    @Override
    public void call(Iterator<Row> rows) throws IOException {
      Map<String, TreeMap<String, String>> bySymbol = new TreeMap<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        if (r.isNullAt(2) || Double.isNaN(r.getDouble(2))) {
          continue; // no C/E trade that day: no bar
        }
        String date = r.getDate(1).toString();
        bySymbol.computeIfAbsent(r.getString(0), s -> new TreeMap<>()).put(date, "D1,LH," + date + ","
            + f(r.getDouble(3)) + "," + f(r.getDouble(4)) + "," + f(r.getDouble(2)) + "," + f(r.getDouble(5)) + ","
            + r.getLong(6) + ",0,");
      }
      FileSystem fs = new Path(rawRoot).getFileSystem(conf.value().value());
      for (Map.Entry<String, TreeMap<String, String>> e : bySymbol.entrySet()) {
        Path p = new Path(rawRoot, "iqfeed/daily/" + e.getKey() + "/" + e.getKey() + "_daily.csv");
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(fs.create(p, true),
            StandardCharsets.ISO_8859_1))) {
          for (String line : e.getValue().values()) {
            w.write(line);
            w.write("\r\n");
          }
          w.write("D1,!ENDMSG!,\r\n");
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      }
    }

    private static String f(double v) {
      return String.format(java.util.Locale.ROOT, "%.4f", v);
    }
  }
}
