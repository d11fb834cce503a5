package io.l2lake.cli;

import io.l2lake.calendar.ExchangeCalendar;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.evaluation.GapperEvents;
import io.l2lake.evaluation.GapperReport;
import io.l2lake.evaluation.GapperStudy;
import io.l2lake.evaluation.SignalScores;
import io.l2lake.fetch.FetchJob;
import io.l2lake.fetch.FetchRequest;
import io.l2lake.fetch.MissingDays;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.StageIo;
import io.l2lake.lake.TableId;
import io.l2lake.pregap.DailyBars;
import io.l2lake.run.Stages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code l2lake gapper-study}: known gappers against matched controls, on the lake's tick data.
 *
 * <ol>
 *   <li>Events from the daily bars ({@code bronze.daily_bars}, or a CSV file in the shared daily format):
 *   {@link GapperEvents}.</li>
 *   <li>The ticks of D-lead..D of every gapper and control that the lake lacks are fetched: from IQConnect's
 *   history port by the fetch machinery ({@link MissingDays#planTickDays}, {@link FetchJob#fetch}, logged in
 *   {@code ops.fetch_log}), or copied from a local landing zone ({@code --source DIR}: an archive of tick answers
 *   in the landing layout), or not at all ({@code --no-fetch}).</li>
 *   <li>The landing zone is ingested (files already ingested are skipped) and every stage runs over the events'
 *   date range, but only when something new was ingested or a wanted symbol-day with ticks lacks its tracker
 *   row: a second run of the same study fetches, ingests and recomputes nothing.</li>
 *   <li>{@link GapperStudy} scores the events; {@code gold.gapper_study} and {@code gold.gapper_events} are
 *   replaced for the study's name; with {@code --docs DIR}, {@code DIR/gapper-study.md} and
 *   {@code DIR/gapper-study.png}.</li>
 * </ol>
 */
final class GapperStudyRun {
  private GapperStudyRun() {}

  /** Where the missing ticks come from. */
  enum Source { IQCONNECT, DIRECTORY, NONE }

  /** What to study. */
  record Options(String study, String dailyCsv, GapperEvents.Settings settings, LocalDate today, Source source,
      Path sourceDir, String rawRoot, L2Config.Fetch server, int resamples, long seed, Path docs) {}

  /** What a run did. */
  record Outcome(List<GapperEvents.Event> events, int symbolDaysWanted, MissingDays.Plan plan, int fetched,
      int fetchFailed, int notInSource, int filesIngested, boolean stagesRun, GapperStudy.Result result,
      String input) {}

  /** The scores drawn in the event-study chart and tabled in the Markdown. */
  static final List<String> CHART_SCORES = List.of("composite", "day_score", "score_5");

  static Outcome run(SparkSession spark, L2Config config, Strategy strategy, Options o) {
    Lake lake = new Lake(spark, config.lake().root());
    String input;
    Dataset<Row> checked;
    if (o.dailyCsv() != null) {
      input = "daily bars " + o.dailyCsv();
      checked = DailyBars.fromCsv(DailyBars.readCsv(spark, o.dailyCsv()));
    } else {
      if (!lake.exists(TableId.BRONZE_DAILY_BARS)) {
        throw new IllegalArgumentException("the lake has no bronze.daily_bars: ingest daily bars first or give --daily");
      }
      input = "bronze.daily_bars";
      checked = DailyBars.validate(lake.read(TableId.BRONZE_DAILY_BARS, Schemas.DAILY_BARS)
          .select(DailyBars.COLUMNS.stream().map(org.apache.spark.sql.functions::col)
              .toArray(org.apache.spark.sql.Column[]::new)));
    }
    // Bars that break a rule (DailyBars: malformed, missing or bad values, duplicates) are left out, counted by
    // reason and named in the report's input line: none is dropped unseen.
    checked = checked.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> excluded = new TreeMap<>();
    checked.filter(org.apache.spark.sql.functions.col(DailyBars.BAD_REASON).isNotNull())
        .groupBy(DailyBars.BAD_REASON).count().collectAsList().forEach(r -> excluded.put(r.getString(0), r.getLong(1)));
    GapperEvents.Settings s = o.settings();
    input += String.format(Locale.ROOT, "; bars excluded %s; tick window %s..%s",
        excluded.isEmpty() ? "none" : excluded.toString(), s.windowFrom(), s.windowTo());
    List<GapperEvents.Event> events;
    try {
      events = GapperEvents.select(DailyBars.usable(checked), s);
    } finally {
      checked.unpersist();
    }
    System.err.println("gapper-study: " + GapperEvents.describe(events));
    Map<String, List<LocalDate>> wanted = new TreeMap<>();
    for (GapperEvents.Event e : events) {
      wanted.computeIfAbsent(e.symbol(), k -> new ArrayList<>())
          .addAll(ExchangeCalendar.tradingDays(e.leadFrom(), e.gapDate()));
    }
    int symbolDays = (int) wanted.values().stream().mapToLong(l -> l.stream().distinct().count()).sum();
    MissingDays.Plan plan = MissingDays.planTickDays(lake, wanted, o.today(), false);
    int fetched = 0;
    int failed = 0;
    int notInSource = 0;
    switch (o.source()) {
      case IQCONNECT -> {
        if (!plan.requests().isEmpty()) {
          FetchJob.Result r = FetchJob.fetch(spark, config, RunContext.create(), o.rawRoot(), o.server(), plan,
              Instant.now());
          fetched = (int) r.filesPublished();
          failed = (int) r.failed();
        }
      }
      case DIRECTORY -> {
        int[] n = copy(o.sourceDir(), Path.of(o.rawRoot()), plan.requests());
        fetched = n[0];
        notInSource = n[1];
      }
      case NONE -> { }
    }
    // The landing zone may be local, HDFS or S3: the ingest lists it through Hadoop (files already ingested
    // are skipped; a landing zone without iqfeed/ lists nothing).
    IngestJob.Result ir = IngestJob.run(spark, config, RunContext.create(), new IngestJob.Options(o.rawRoot(), false));
    int ingested = ir.filesIngested();
    boolean stages = false;
    LocalDate from = events.stream().map(GapperEvents.Event::leadFrom).min(LocalDate::compareTo).orElse(null);
    LocalDate to = events.stream().map(GapperEvents.Event::gapDate).max(LocalDate::compareTo).orElse(null);
    if (!events.isEmpty() && (ingested > 0 || lacksSignals(lake, wanted, from, to))) {
      Stages.run(Stages.ALL, spark, config, strategy, from, to);
      stages = true;
    }
    Dataset<Row> daily = from != null && lake.exists(TableId.GOLD_ACCUMULATION) && lake.exists(TableId.GOLD_SIGNALS_1M)
        ? SignalScores.daily(read(lake, TableId.GOLD_SIGNALS_1M).filter(StageIo.range(from, to)),
            read(lake, TableId.GOLD_ACCUMULATION).filter(StageIo.range(from, to)))
        : null;
    GapperStudy.Result result = daily == null
        ? new GapperStudy.Result(events, List.of(), List.of(), 0, o.resamples())
        : GapperStudy.run(spark, events, daily, s.gaps(), s.leadDays(), o.resamples(), o.seed());
    return new Outcome(events, symbolDays, plan, fetched, failed, notInSource, ingested, stages, result, input);
  }

  /**
   * Whether a wanted symbol-day with usable ticks in the lake has no signal rows yet (the stages have not run on
   * it). Days {@code ops.integrity} marks unusable are left out: the stages skip them, so they would ask for a
   * re-run forever.
   */
  static boolean lacksSignals(Lake lake, Map<String, List<LocalDate>> wanted, LocalDate from, LocalDate to) {
    if (!lake.exists(TableId.BRONZE_TICKS) || from == null) {
      return false;
    }
    List<Row> rows = new ArrayList<>();
    wanted.forEach((sym, days) -> days.stream().distinct()
        .forEach(d -> rows.add(RowFactory.create(sym, java.sql.Date.valueOf(d)))));
    if (rows.isEmpty()) {
      return false;
    }
    StructType schema = Schemas.struct(
        Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "ticker"),
        Schemas.field(Schemas.TRADE_DATE, DataTypes.DateType, false, "trading day"));
    org.apache.spark.sql.Column range = StageIo.range(from, to);
    Dataset<Row> w = lake.spark().createDataFrame(rows, schema);
    Dataset<Row> ticks = lake.read(TableId.BRONZE_TICKS, Schemas.TICKS).filter(range)
        .select(Schemas.SYMBOL, Schemas.TRADE_DATE).distinct();
    Dataset<Row> present = w.join(ticks, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "inner")
        .join(StageIo.unusableDays(lake, from, to).select(Schemas.SYMBOL, Schemas.TRADE_DATE),
            Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left_anti");
    if (!lake.exists(TableId.GOLD_SIGNALS_1M)) {
      return !present.isEmpty();
    }
    Dataset<Row> scored = read(lake, TableId.GOLD_SIGNALS_1M).filter(range)
        .select(Schemas.SYMBOL, Schemas.TRADE_DATE).distinct();
    return !present.join(scored, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left_anti").isEmpty();
  }

  /**
   * Copies the planned tick answers that {@code source} (a local landing zone) holds into {@code raw} (a local
   * landing zone), leaving a file already there alone; returns {copied, missing in the source}. A day the
   * source lacks is reported, not a failure: the archive simply does not hold it.
   */
  static int[] copy(Path source, Path raw, List<FetchRequest> requests) {
    int copied = 0;
    int missing = 0;
    try {
      for (FetchRequest r : requests) {
        Path from = source.resolve(r.landingPath());
        Path to = raw.resolve(r.landingPath());
        if (Files.isRegularFile(to)) {
          continue;
        }
        if (!Files.isRegularFile(from)) {
          missing++;
          continue;
        }
        Files.createDirectories(to.getParent());
        Path part = to.resolveSibling("_" + to.getFileName() + ".part");
        Files.copy(from, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
        copied++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("copying tick answers from " + source + ": " + e.getMessage(), e);
    }
    return new int[] {copied, missing};
  }

  private static Dataset<Row> read(Lake lake, TableId id) {
    return lake.spark().read().format("delta").load(lake.path(id));
  }

  /** Replaces the study's rows in the two tables; writes the Markdown and the chart under {@code docs}. */
  static void publish(SparkSession spark, L2Config config, Options o, String runId, Outcome out) throws IOException {
    Lake lake = new Lake(spark, config.lake().root());
    String where = "study = '" + o.study().replace("'", "''") + "'";
    lake.replaceWhere(TableId.GOLD_GAPPER_STUDY,
        GapperReport.studyRows(spark, o.study(), runId, out.input(), out.result()), where);
    lake.replaceWhere(TableId.GOLD_GAPPER_EVENTS, GapperReport.eventRows(spark, o.study(), runId, out.events()),
        where);
    if (o.docs() != null) {
      Files.createDirectories(o.docs());
      Files.writeString(o.docs().resolve("gapper-study.md"), GapperReport.markdown(out.input(), out.result(),
          CHART_SCORES));
      GapperReport.eventChart(out.result(), CHART_SCORES, o.docs().resolve("gapper-study.png"));
    }
  }

  /** The study's line for standard output. */
  static String summary(Outcome out) {
    return String.format(Locale.ROOT,
        "gapper-study: %s; %d symbol-days wanted, %d requested, %d fetched, %d failed, %d not in the source,"
            + " %d files ingested, stages %s",
        GapperEvents.describe(out.events()), out.symbolDaysWanted(), out.plan().requests().size(), out.fetched(),
        out.fetchFailed(), out.notInSource(), out.filesIngested(), out.stagesRun() ? "run" : "not needed");
  }
}
