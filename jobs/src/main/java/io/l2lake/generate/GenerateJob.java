package io.l2lake.generate;

import static org.apache.spark.sql.functions.col;

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
 * on the driver ({@link MarketPlan}); every (symbol, day) is then simulated in its own Spark task
 * ({@link DaySimulator}), streaming IQFeed raw files into the landing zone ({@link DayFiles}); a
 * second pass writes each symbol's daily bar answer. Ground truth goes to Delta: {@code
 * truth.episodes}, {@code truth.book} (true depth snapshots) and {@code truth.faults} (every injected
 * fault with its file and line). Deterministic from the seed; re-running replaces the files and the
 * truth tables.
 *
 * <p>Cost: one task per symbol-day (memory bounded by one symbol-day's tick answer), one shuffle of
 * the small per-day summaries by symbol for the daily answers.
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
      .add("quotes", DataTypes.LongType, true);

  public static final StructType EPISODES = Schemas.struct(
      Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "symbol"),
      Schemas.field("kind", DataTypes.StringType, false, "accumulation, distribution, or control (a control symbol's whole range)"),
      Schemas.field("start_date", DataTypes.DateType, false, "first day of the episode"),
      Schemas.field("end_date", DataTypes.DateType, false, "last day of the episode"),
      Schemas.field("gap_date", DataTypes.DateType, true, "day of the news gap that follows, if any"),
      Schemas.field("gap_size", DataTypes.DoubleType, true, "the gap, open / previous close - 1"),
      Schemas.field("symbol_kind", DataTypes.StringType, false, "the symbol's planted kind"));

  /** What a run produced. */
  public record Result(long symbolDays, long events, long trades, long quotes, long faults, double seconds) {}

  public static Result run(SparkSession spark, Lake lake, String rawRoot, MarketPlan.Options o, RunContext run) {
    Instant started = Instant.now();
    MarketPlan.Plan plan = MarketPlan.draw(o);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Broadcast<SerializableWritable<Configuration>> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new SerializableWritable<>(hadoop));
    spark.sparkContext().setJobGroup("generate-" + run.runId(), "l2lake generate", false);
    Dataset<MarketPlan.DayPlan> tasks = spark.createDataset(plan.days(), Encoders.javaSerialization(
        MarketPlan.DayPlan.class)).repartition(Math.max(1, plan.days().size()));
    Dataset<Row> out = tasks.flatMap(new SimulateDay(conf, rawRoot), Encoders.row(OUTPUT)).cache();
    try {
      try (var t = io.l2lake.lake.Timed.step(LOG, "simulate " + plan.days().size() + " symbol-days")) {
        out.count();
      }
      // One task per symbol-day suits the simulation; the small truth outputs are written by a few.
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
            e.gapDate() == null ? null : Date.valueOf(e.gapDate()), e.gapSize(), e.symbolKind()));
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
      JobRuns.record(lake, run, new JobRuns.Entry("generate", started, Instant.now(), "succeeded",
          o.start(), plan.days().get(plan.days().size() - 1).date(), totals.getLong(0), totals.getLong(1), detail));
      return new Result(totals.getLong(3), totals.getLong(0), totals.getLong(1), totals.getLong(2), faultCount,
          seconds);
    } finally {
      out.unpersist();
    }
  }

  /** Simulates one symbol-day: writes its raw files and returns its truth rows and summary. */
  static final class SimulateDay implements FlatMapFunction<MarketPlan.DayPlan, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableWritable<Configuration>> conf;
    private final String rawRoot;

    SimulateDay(Broadcast<SerializableWritable<Configuration>> conf, String rawRoot) {
      this.conf = conf;
      this.rawRoot = rawRoot;
    }

    @Override
    public Iterator<Row> call(MarketPlan.DayPlan p) throws IOException {
      Date day = Date.valueOf(p.date());
      List<Row> rows = new ArrayList<>();
      if (p.missing()) {
        rows.add(RowFactory.create("fault", p.symbol(), day, null, null, null, null, null, null, null,
            "missing_day", "ops.integrity missing_day", null, null, null, null, null, null, null));
        return rows.iterator();
      }
      FileSystem fs = new Path(rawRoot).getFileSystem(conf.value().value());
      DayFiles files = new DayFiles(fs, rawRoot, p);
      DaySimulator sim = new DaySimulator(p, files);
      sim.run();
      files.finish(fs, rawRoot);
      for (DayFiles.Level l : files.snapshots) {
        rows.add(RowFactory.create("book", p.symbol(), day, Timestamp.from(Instant.ofEpochSecond(
            l.tsMicros() / 1_000_000L, (l.tsMicros() % 1_000_000L) * 1000)), l.side(), l.level(), l.price() / 10_000.0, l.size(), null, null, null, null, null, null, null, null,
            null, null, null));
      }
      for (DayFiles.Fault f : files.faultsInjected) {
        rows.add(RowFactory.create("fault", p.symbol(), day, null, null, null, null, null, f.file(), f.line(),
            f.kind(), f.expected(), null, null, null, null, null, null, null));
      }
      rows.add(RowFactory.create("day", p.symbol(), day, null, null, null, null, files.volume, null, null, null,
          null, files.open, files.high, files.low, files.close, sim.events, sim.trades, files.quotes));
      return rows.iterator();
    }
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
