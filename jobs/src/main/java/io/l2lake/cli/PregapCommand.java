package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import io.l2lake.pregap.PregapJob;
import io.l2lake.pregap.PregapParams;
import io.l2lake.pregap.PregapReport;
import io.l2lake.pregap.TickerBootstrap;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2lake pregap [--daily FILE] [--from D] [--to D] [--report-only] [--markdown]
 * [--set strategy.pregap.KEY=VALUE ...]}: the parameters are the {@code strategy.pregap.} settings
 * ({@code conf/strategy.conf}, {@link io.l2lake.config.PregapSettings}).
 */
@Command(name = "pregap", mixinStandardHelpOptions = true,
    description = "Pre-gap pattern analyser: features known at the close of D-1 against overnight gaps at D"
        + " (gold.pregap), their event rates by decile, AUC overall and within volatility deciles, the"
        + " rolling-origin gain over a baseline model (ln volatility, ln price, ln dollar volume) and the net"
        + " overnight return of the top decile, with 95%% ticker-bootstrap intervals (gold.pregap_report), and"
        + " the event study around the gaps (gold.pregap_event_study). Parameters: --set strategy.pregap.KEY=VALUE"
        + " (see conf/strategy.conf).")
final class PregapCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin DateRangeOptions dates;

  @Option(names = "--daily", paramLabel = "FILE",
      description = "Daily bars in the shared CSV format (ticker,date,open,high,low,close,volume,openint; gz allowed)."
          + " Default: the lake's bronze.daily_bars.")
  String daily;

  @Option(names = "--report-only",
      description = "Do not write the per symbol-day table gold.pregap (one partition per trading date); the report"
          + " and the event study are computed and written as usual.")
  boolean reportOnly;

  @Option(names = "--markdown", description = "Print the tables as Markdown.")
  boolean markdown;

  @Override
  public Integer call() throws Exception {
    dates.validate();
    PregapParams p = PregapParams.from(common.strategy());
    if (daily != null && !daily.contains("://") && !daily.contains("*") && !Files.exists(Path.of(daily))) {
      throw new IllegalArgumentException("--daily has value '" + daily + "': no such file");
    }
    L2Config config = common.load();
    return LakeWriter.run(config, "pregap", () -> {
      SparkSession spark = Sessions.create(config);
      PregapJob.Result r = PregapJob.run(spark, config, RunContext.create(), daily, dates.from, dates.to, p,
          !reportOnly);
      print(System.out, r, p, markdown);
      return 0;
    });
  }

  static void print(PrintStream out, PregapJob.Result r, PregapParams p, boolean markdown) {
    PregapReport.Report rep = r.report();
    out.printf("pregap run %s: %s%n", r.runId(), r.study());
    out.println("  parameters: " + p.describe());
    out.printf("  bars read %,d; excluded %,d%s%n", r.barsRead(),
        r.excluded().values().stream().mapToLong(Long::longValue).sum(), r.excluded().isEmpty() ? "" : " " + r.excluded());
    if (r.skippedSymbolDays() > 0) {
      out.printf("  symbol-days skipped as unusable by the integrity checks: %,d%n", r.skippedSymbolDays());
    }
    out.printf("  symbol-days: %,d; events %s%n", r.pregapRows(), r.eventsByLabel());
    out.printf("  analysed: %,d symbol-days (%,d without a previous bar within %d days, %,d without %d bars of"
        + " history, %,d flagged as suspected halts or bad prints); accumulation features: %s%n", rep.analysedRows(),
        rep.withoutLabel(), p.maxGapDays(), rep.withoutVolatility(), p.longDays() + 1, rep.flaggedRows(),
        r.accumulation() ? "from gold.accumulation" : "none (no gold.accumulation)");
    out.printf("  rolling origins: test blocks %s, each fitted on all earlier years; 95%% intervals from %,d"
        + " bootstrap resamples of %d tickers (seed %d); %d pooled gains compared (features x labels): at 95%%"
        + " about %.1f would exclude 0 by chance alone if no feature added anything%n",
        rep.blocks().stream().map(b -> b.name()).toList(), rep.bootstrapSamples(), rep.tickers(), p.bootstrapSeed(),
        rep.comparisons(), 0.05 * rep.comparisons());
    if (!rep.note().isEmpty()) {
      out.println("  note: " + rep.note());
    }
    out.println();
    out.println("Label hygiene: gap days flagged and left out of the study (suspected halt: " + p.haltDays()
        + "+ calendar days since D-1 or no shares on D-1; suspected bad print: no shares on D, an open >= "
        + p.absurdRatio() + "x or <= 1/" + p.absurdRatio() + "x the previous close, or a gap fully reversed by the"
        + " close on < " + p.reversalVolume() + "x the " + p.longDays() + "-bar mean volume):");
    List<List<String>> hyg = new ArrayList<>();
    rep.flaggedEvents().forEach((l, v) -> hyg.add(List.of(l, String.format(Locale.ROOT, "%,d",
        r.eventsByLabel().getOrDefault(l, 0L)), String.format(Locale.ROOT, "%,d", v[0]),
        String.format(Locale.ROOT, "%,d", v[1]))));
    Summary.grid(out, List.of("label", "events (all labelled rows)", "flagged halt", "flagged bad print"), hyg, 1,
        markdown);
    out.println();
    out.println("Out of sample: test AUC of the baseline model (ln volatility, ln price, ln dollar volume) and of the"
        + " baseline + feature model, pooled over the test blocks, the gain with its 95% interval and the gain per"
        + " block:");
    List<List<String>> oos = new ArrayList<>();
    for (PregapReport.Line l : rep.lines()) {
      List<String> row = new ArrayList<>(List.of(l.feature(), l.label(), String.format(Locale.ROOT, "%,d", l.testEvents()),
          est(l.oosAucBase(), "%.3f", false), l.inBaseline() ? "(in baseline)" : est(l.oosAucFeature(), "%.3f", false),
          l.inBaseline() ? "-" : est(l.oosGain(), "%+.4f", true),
          l.inBaseline() ? "-" : l.oosGain() != null && l.oosGain().excludesZero() ? "yes" : "no",
          l.inBaseline() ? "-" : rep.claims(l) ? "yes" : "no"));
      List<String> byBlock = new ArrayList<>();
      for (int i = 0; i < l.gainByBlock().size(); i++) {
        byBlock.add(l.inBaseline() ? "-" : est(l.gainByBlock().get(i), "%+.3f", true));
      }
      row.add(String.join("; ", byBlock));
      oos.add(row);
    }
    Summary.grid(out, List.of("feature", "label", "test events", "AUC base", "AUC base+feature", "gain [95% CI]",
        "CI excludes 0", "adds (CI >= " + p.minAucGain() + ")", "gain per block [95% CI]"), oos, 2, markdown);
    out.println();
    out.println("Economic value in the test blocks: the model's top score decile (the baseline + feature model; the"
        + " baseline model for its own features), event rate and mean net overnight return (close D-1 to open D,"
        + " long for up labels, short for down labels, less the round-trip spread " + p.spreadRoundTrip()
        + " for a close below " + p.spreadBounds() + " and above), against the other 90%; in %:");
    List<List<String>> val = new ArrayList<>();
    for (PregapReport.Line l : rep.lines()) {
      val.add(List.of(l.feature(), l.label(), est100(l.topHitRate(), "%.2f"), est100(l.topNetReturn(), "%+.2f"),
          est100(l.restNetReturn(), "%+.2f"), est100(l.netReturnDiff(), "%+.2f"),
          l.baseTopNetReturn() == null ? "-" : String.format(Locale.ROOT, "%+.2f", 100 * l.baseTopNetReturn().value())));
    }
    Summary.grid(out, List.of("feature", "label", "top-decile event rate", "top-decile net return",
        "rest net return", "difference", "baseline top decile"), val, 2, markdown);
    out.println();
    out.println("Description over all analysed rows (no model; AUC 0.5 = no ranking; 'in vol' = pooled within"
        + " volatility deciles):");
    List<List<String>> rows = new ArrayList<>();
    for (PregapReport.Line l : rep.lines()) {
      rows.add(List.of(l.feature(), l.label(), String.format(Locale.ROOT, "%,d", l.rows()),
          String.format(Locale.ROOT, "%,d", l.events()), pct3(l.baseRate()), est(l.auc(), "%.3f", true),
          num(l.aucWithinVol(), "%.3f"), pct3(l.topDecileRate()), num(l.lift(), "%.1f")));
    }
    Summary.grid(out, List.of("feature", "label", "rows", "events", "base %", "AUC [95% CI]", "AUC in vol",
        "top dec %", "lift"), rows, 2, markdown);
    out.println();
    out.println("Event rate by feature decile (%), decile 1 = lowest values:");
    List<List<String>> dec = new ArrayList<>();
    for (PregapReport.Line l : rep.lines()) {
      List<String> row = new ArrayList<>(List.of(l.feature(), l.label()));
      for (double d : l.rateByDecile()) {
        row.add(Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.3f", 100 * d));
      }
      dec.add(row);
    }
    List<String> decHeader = new ArrayList<>(List.of("feature", "label"));
    for (int d = 1; d <= 10; d++) {
      decHeader.add("d" + d);
    }
    Summary.grid(out, decHeader, dec, 2, markdown);
    out.println();
    out.println("Event study: mean (median) return vs close D-1 and volume vs the " + p.longDays()
        + "-bar mean volume before D:");
    List<List<String>> es = new ArrayList<>();
    for (Row e : r.eventStudy()) {
      es.add(List.of(e.getString(1), String.valueOf(e.getInt(2)), String.format(Locale.ROOT, "%,d", e.getLong(3)),
          pct(e.isNullAt(4) ? null : e.getDouble(4)), pct(e.isNullAt(5) ? null : e.getDouble(5)),
          pct(e.isNullAt(6) ? null : e.getDouble(6)), num(e.isNullAt(7) ? null : e.getDouble(7), "%.2f"),
          num(e.isNullAt(8) ? null : e.getDouble(8), "%.2f")));
    }
    Summary.grid(out, List.of("label", "offset", "events", "mean ret %", "median ret %", "mean open %",
        "mean vol x", "median vol x"), es, 1, markdown);
    out.println();
    out.print("  seconds:");
    r.seconds().forEach((k, v) -> out.printf(Locale.ROOT, " %s %.1f;", k, v));
    out.println();
  }

  /** "value [lo, hi]" (or the value alone), "-" without an estimate. */
  static String est(TickerBootstrap.Estimate e, String format, boolean interval) {
    if (e == null || !Double.isFinite(e.value())) {
      return "-";
    }
    String v = String.format(Locale.ROOT, format, e.value());
    if (!interval) {
      return v;
    }
    return e.lo() == null ? v + " [-]" : v + " [" + String.format(Locale.ROOT, format, e.lo()) + ", "
        + String.format(Locale.ROOT, format, e.hi()) + "]";
  }

  private static String est100(TickerBootstrap.Estimate e, String format) {
    if (e == null) {
      return "-";
    }
    return est(new TickerBootstrap.Estimate(100 * e.value(), e.lo() == null ? null : 100 * e.lo(),
        e.hi() == null ? null : 100 * e.hi()), format, true);
  }

  private static String pct(Double d) {
    return d == null || !Double.isFinite(d) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * d);
  }

  private static String pct3(Double d) {
    return d == null || !Double.isFinite(d) ? "-" : String.format(Locale.ROOT, "%.3f", 100 * d);
  }

  private static String num(Double d, String format) {
    return d == null || !Double.isFinite(d) ? "-" : String.format(Locale.ROOT, format, d);
  }
}
