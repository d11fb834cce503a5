package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import io.l2lake.pregap.PregapJob;
import io.l2lake.pregap.PregapParams;
import io.l2lake.pregap.PregapReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake pregap [--daily FILE] [--from D] [--to D] [--split-date D] [--gaps 0.2,0.5] ...}. */
@Command(name = "pregap", mixinStandardHelpOptions = true,
    description = "Pre-gap pattern analyser: features known at the close of D-1 against overnight gaps at D"
        + " (gold.pregap), their event rates by decile, lift, AUC overall and within volatility deciles and"
        + " out-of-sample gain over volatility (gold.pregap_report), and the event study around the gaps"
        + " (gold.pregap_event_study).")
final class PregapCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin DateRangeOptions dates;

  @Option(names = "--daily", paramLabel = "FILE",
      description = "Daily bars in the shared CSV format (ticker,date,open,high,low,close,volume,openint; gz allowed)."
          + " Default: the lake's bronze.daily_bars.")
  String daily;

  @Option(names = "--split-date", paramLabel = "YYYY-MM-DD",
      description = "First day of the out-of-sample period. Default: the 1 January that leaves about --test-share"
          + " of the analysed rows after it.")
  LocalDate splitDate;

  @Option(names = "--test-share", defaultValue = "0.3",
      description = "Share of the analysed rows in the out-of-sample years without --split-date (default ${DEFAULT-VALUE}).")
  double testShare;

  @Option(names = "--gaps", split = ",", defaultValue = "0.2,0.5", paramLabel = "G",
      description = "Gap thresholds as fractions in whole percent; each gives gap_up_<100G> and gap_down_<100G>"
          + " (default ${DEFAULT-VALUE}).")
  List<Double> gaps;

  @Option(names = "--return-days", split = ",", defaultValue = "1,5,10", paramLabel = "K",
      description = "Return windows in bars (default ${DEFAULT-VALUE}).")
  List<Integer> returnDays;

  @Option(names = "--slope-days", split = ",", defaultValue = "5,10", paramLabel = "N",
      description = "Volume-acceleration windows in bars (default ${DEFAULT-VALUE}).")
  List<Integer> slopeDays;

  @Option(names = "--range-days", defaultValue = "5",
      description = "Short window of the range contraction (default ${DEFAULT-VALUE}).")
  int rangeDays;

  @Option(names = "--long-days", defaultValue = "20",
      description = "Long window: volatility, distance below the high, dollar volume, range and volume baselines"
          + " (default ${DEFAULT-VALUE}).")
  int longDays;

  @Option(names = "--max-gap-days", defaultValue = "7",
      description = "Most calendar days between two bars for the second one's open to count as a gap"
          + " (default ${DEFAULT-VALUE}).")
  int maxGapDays;

  @Option(names = "--event-before", defaultValue = "10", description = "Event study: bars before D (default ${DEFAULT-VALUE}).")
  int eventBefore;

  @Option(names = "--event-after", defaultValue = "5", description = "Event study: bars after D (default ${DEFAULT-VALUE}).")
  int eventAfter;

  @Option(names = "--markdown", description = "Print the tables as Markdown.")
  boolean markdown;

  @Override
  public Integer call() throws Exception {
    dates.validate();
    PregapParams p = new PregapParams(gaps, returnDays, slopeDays, rangeDays, longDays, maxGapDays, splitDate,
        testShare, eventBefore, eventAfter);
    if (splitDate != null && dates.from != null && !splitDate.isAfter(dates.from)) {
      throw new IllegalArgumentException("--split-date has value '" + splitDate + "': allowed is a date after --from "
          + dates.from);
    }
    if (splitDate != null && dates.to != null && splitDate.isAfter(dates.to)) {
      throw new IllegalArgumentException("--split-date has value '" + splitDate + "': allowed is a date up to --to "
          + dates.to);
    }
    if (daily != null && !daily.contains("://") && !daily.contains("*") && !Files.exists(Path.of(daily))) {
      throw new IllegalArgumentException("--daily has value '" + daily + "': no such file");
    }
    L2Config config = common.load();
    return LakeWriter.run(config, "pregap", () -> {
      SparkSession spark = Sessions.create(config);
      PregapJob.Result r = PregapJob.run(spark, config, RunContext.create(), daily, dates.from, dates.to, p);
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
    out.printf("  gold.pregap: %,d symbol-days; events %s%n", r.pregapRows(), r.eventsByLabel());
    out.printf("  analysed: %,d symbol-days (%,d without a previous bar within %d days, %,d without %d bars of"
        + " history); accumulation features: %s%n", rep.analysedRows(), rep.withoutLabel(), p.maxGapDays(),
        rep.withoutVolatility(), p.longDays() + 1, r.accumulation() ? "from gold.accumulation" : "none (no gold.accumulation)");
    if (rep.splitDate() != null) {
      out.printf("  out of sample: fitted on %,d symbol-days before %s, scored on %,d from it%n", rep.trainRows(),
          rep.splitDate(), rep.testRows());
    }
    if (!rep.note().isEmpty()) {
      out.println("  note: " + rep.note());
    }
    out.println();
    out.println("Features against gap labels (AUC: 0.5 = no ranking; 'in vol' = pooled within volatility deciles;"
        + " OOS = test AUC of logistic models on ln volatility alone and with the feature):");
    List<List<String>> rows = new ArrayList<>();
    for (PregapReport.Line l : rep.lines()) {
      rows.add(List.of(l.feature(), l.label(), String.format(Locale.ROOT, "%,d", l.rows()),
          String.format(Locale.ROOT, "%,d", l.events()), pct3(l.baseRate()), num(l.auc(), "%.3f"),
          num(l.aucWithinVol(), "%.3f"), pct3(l.topDecileRate()), num(l.lift(), "%.1f"),
          rep.splitDate() == null ? "-" : String.format(Locale.ROOT, "%,d", l.testEvents()), num(l.oosAucVol(), "%.3f"),
          num(l.oosAucVolFeature(), "%.3f"), num(l.oosGain(), "%+.3f")));
    }
    Summary.grid(out, List.of("feature", "label", "rows", "events", "base %", "AUC", "AUC in vol", "top dec %",
        "lift", "test events", "OOS vol", "OOS vol+f", "gain"), rows, 2, markdown);
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
