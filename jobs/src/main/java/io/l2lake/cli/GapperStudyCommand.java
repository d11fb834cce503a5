package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.evaluation.GapperEvents;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2lake gapper-study}: known up-gaps against matched controls on tick data; see {@link GapperStudyRun}.
 * Exit status 1 when a tick request failed for good (the study still runs on what the lake has).
 */
@Command(name = "gapper-study", mixinStandardHelpOptions = true,
    description = "Known gappers against matched controls: list the up-gaps of the daily bars whose lead-in lies in"
        + " the tick history, pick controls, fetch the missing tick days, run ingest, silver and gold for them, and"
        + " report each score's AUC (gappers vs controls) with bootstrap intervals, its gain over a volatility,"
        + " price and dollar-volume baseline, and the event study.")
final class GapperStudyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--daily", paramLabel = "FILE",
      description = "Daily bars CSV (ticker,date,open,high,low,close,volume,openint; gzip allowed)."
          + " Default: the lake's bronze.daily_bars.")
  String daily;

  @Option(names = "--study", paramLabel = "NAME", defaultValue = "gappers",
      description = "Name of the study: its rows in gold.gapper_study and gold.gapper_events are replaced."
          + " Default: ${DEFAULT-VALUE}.")
  String study;

  @Option(names = "--gaps", split = ",", paramLabel = "G", defaultValue = "0.2,0.5",
      description = "Up-gap thresholds (open / previous close - 1); the smallest selects the events, each is"
          + " reported. Default: ${DEFAULT-VALUE}.")
  List<Double> gaps;

  @Option(names = "--controls-per-gap", paramLabel = "N", defaultValue = "3",
      description = "Matched controls per gapper. Default: ${DEFAULT-VALUE}.")
  int controlsPerGap;

  @Option(names = "--lead-days", paramLabel = "N", defaultValue = "10",
      description = "Trading days before the gap whose ticks are studied (D-N..D). Default: ${DEFAULT-VALUE}.")
  int leadDays;

  @Option(names = "--quiet-days", paramLabel = "N", defaultValue = "10",
      description = "A control has no up-gap of the smallest threshold within N bars of D. Default: ${DEFAULT-VALUE}.")
  int quietDays;

  @Option(names = "--vol-days", paramLabel = "N", defaultValue = "20",
      description = "Bars of the matching volatility and dollar volume. Default: ${DEFAULT-VALUE}.")
  int volDays;

  @Option(names = "--today", paramLabel = "YYYY-MM-DD",
      description = "Today's date (US/Eastern) for the tick-history window: DTN keeps about 180 calendar days of"
          + " ticks, so the window is today - 180 days .. yesterday. Default: today.")
  LocalDate today;

  @Option(names = "--source", paramLabel = "DIR",
      description = "Take the missing tick days from this landing zone (iqfeed/ticks/SYM/SYM_DATE.csv) instead of"
          + " IQConnect.")
  Path source;

  @Option(names = "--no-fetch", description = "Fetch nothing: study the tick days the lake already has.")
  boolean noFetch;

  @Option(names = "--host", description = "IQConnect host. Default: l2lake.fetch.host (127.0.0.1).")
  String host;

  @Option(names = "--port", description = "History lookup port. Default: l2lake.fetch.port (9100).")
  Integer port;

  @Option(names = "--raw", paramLabel = "DIR",
      description = "Landing zone the ticks are fetched into and ingested from. Default: l2lake.raw-root.")
  String raw;

  @Option(names = "--resamples", paramLabel = "B", defaultValue = "1000",
      description = "Bootstrap resamples of the matched sets. Default: ${DEFAULT-VALUE}.")
  int resamples;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "20260101",
      description = "Seed of the control tie-break and the bootstrap. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--docs", paramLabel = "DIR",
      description = "Also write DIR/gapper-study.md and DIR/gapper-study.png.")
  Path docs;

  @Override
  public Integer call() throws Exception {
    if (resamples < 100 || resamples > 100_000) {
      throw new IllegalArgumentException("--resamples must be 100..100000, got " + resamples);
    }
    if (source != null && noFetch) {
      throw new IllegalArgumentException("--source and --no-fetch exclude each other");
    }
    if (source != null && !Files.isDirectory(source)) {
      throw new IllegalArgumentException("--source " + source + " is not a directory");
    }
    if (daily != null && !daily.contains("://") && !Files.isRegularFile(Path.of(daily))) {
      throw new IllegalArgumentException("--daily " + daily + " is not a file");
    }
    if (port != null && (port < 1 || port > 65_535)) {
      throw new IllegalArgumentException("--port must be 1..65535, got " + port);
    }
    if (study.isBlank() || !study.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("--study must be 1-64 letters, digits, '_', '.' or '-', got '" + study + "'");
    }
    if (source != null && raw != null && raw.contains("://") && !raw.startsWith("file:")) {
      throw new IllegalArgumentException("--source copies into a local landing zone; --raw " + raw + " is not local");
    }
    LocalDate now = today != null ? today : LocalDate.now(ZoneId.of("America/New_York"));
    GapperEvents.Settings settings = new GapperEvents.Settings(gaps, leadDays, quietDays, volDays, controlsPerGap,
        now.minusDays(io.l2lake.fetch.MissingDays.TICK_HISTORY_CALENDAR_DAYS), now.minusDays(1), seed);
    L2Config config = common.load();
    Strategy strategy = common.strategy();
    L2Config.Fetch server = config.fetch().withServer(host != null ? host : config.fetch().host(),
        port != null ? port : config.fetch().port());
    GapperStudyRun.Source from = noFetch ? GapperStudyRun.Source.NONE
        : source != null ? GapperStudyRun.Source.DIRECTORY : GapperStudyRun.Source.IQCONNECT;
    GapperStudyRun.Options o = new GapperStudyRun.Options(study, daily, settings, now, from,
        source == null ? null : source.toAbsolutePath(), raw != null ? raw : config.lake().rawRoot(), server,
        resamples, seed, docs);
    if (source != null && raw == null && config.lake().rawRoot().contains("://")
        && !config.lake().rawRoot().startsWith("file:")) {
      throw new IllegalArgumentException("--source copies into a local landing zone; give a local --raw DIR");
    }
    return LakeWriter.run(config, "gapper-study", () -> {
      SparkSession spark = Sessions.create(config);
      GapperStudyRun.Outcome out = GapperStudyRun.run(spark, config, strategy, o);
      GapperStudyRun.publish(spark, config, o, RunContext.create().runId(), out);
      System.out.println(GapperStudyRun.summary(out));
      System.out.println();
      System.out.println(io.l2lake.evaluation.GapperReport.markdown(out.input(), out.result(),
          GapperStudyRun.CHART_SCORES));
      return out.fetchFailed() > 0 ? 1 : 0;
    });
  }
}
