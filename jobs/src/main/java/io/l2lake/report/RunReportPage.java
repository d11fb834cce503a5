package io.l2lake.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.l2lake.report.RunReportModel.Attribution;
import io.l2lake.report.RunReportModel.ModeMetrics;
import io.l2lake.report.RunReportModel.Trade;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes the run report's HTML page from a {@link RunReportModel} with the Mustache template
 * {@code io/l2lake/report/run-report.mustache}: numbers are formatted here, into a view of strings the
 * template lays out.
 *
 * <p>Why Mustache (mustache.java): it escapes every {@code {{value}}} for HTML unless the template asks
 * otherwise, the template stays a plain HTML file that reads without Java, it is one 116 kB jar with no
 * dependencies and needs neither a compiler at run time nor a build step; its logic-less templates keep
 * the formatting in Java, where it is tested. JTE is type-checked but compiles its templates to Java, at
 * build time through a plugin or at run time through the JDK's compiler.
 *
 * <p>Cost: the compiled template is kept for the JVM's life; a page is a few hundred rows of text.
 */
public final class RunReportPage {
  static final String TEMPLATE = "io/l2lake/report/run-report.mustache";
  private static final Mustache PAGE = new DefaultMustacheFactory().compile(TEMPLATE);

  /** Caption of each chart file the page can show, in the page's order. */
  static final List<Chart> CAPTIONS = List.of(
      new Chart("equity.png", "Equity at each day's close for the strategy and its random-entry control, and each "
          + "one's drawdown from its running peak."),
      new Chart("luck.png", "The strategy's equity after each of its trades closes, against the equity of "
          + "random entries matched on symbol, nearby days and minute of day (same sizing, stops, exits and costs): "
          + "the draws' median and 5-95%% band at the same trades. Above the band is skill; inside it, luck."),
      new Chart("gaps.png", "Every gap of the run's range by the tracker's state on the day before: whether the "
          + "strategy held a position at the gap's open, had exited it before, or never entered."),
      new Chart("trades.png", "Trades of %s: minute closes around each trade, the stop in force bar by bar "
          + "(dashed), the entry fill (green) and the exit fill (red)."),
      new Chart("signals.png", "Daily maximum of the five accumulation scores and the composite for %s; dashed "
          + "lines mark days with an entry; the grey line is the signals' trigger."),
      new Chart("pregap.png", "Event study of the lake's latest pre-gap study: mean return to the close of D-1 and "
          + "mean volume ratio, from D-10 to D+5."),
      new Chart("quality.png", "Integrity checks by symbol and day over the run's range; an error makes a "
          + "symbol-day unusable for the later stages."));

  private RunReportPage() {}

  /** The page of {@code model} showing the chart files {@code charts}, in their order. */
  public static String render(RunReportModel model, List<String> charts) {
    StringWriter out = new StringWriter();
    PAGE.execute(out, view(model, charts));
    return out.toString();
  }

  /** What the template shows: every value already a string. */
  record View(String runId, String from, String to, String codeVersion, List<String> modes,
      List<MetricLine> metrics, List<AttributionTable> attributions, List<Chart> charts, int listed, long total,
      List<TradeLine> trades, List<MetricLine> luck, List<GapLine> gaps) {
    /** Whether the page has the matched draws' table. */
    public boolean hasLuck() {
      return !luck.isEmpty();
    }

    /** Whether the page has the gaps' table. */
    public boolean hasGaps() {
      return !gaps.isEmpty();
    }
  }

  /** One line of the gap table: READY the day before or not, then the counts held, exited, not entered. */
  record GapLine(String before, String held, String exited, String notEntered, String heldShare) {}

  record MetricLine(String name, List<String> values) {}

  record AttributionTable(String title, List<AttributionLine> rows) {}

  record AttributionLine(String entries, String key, String trades, String netPnl) {}

  record Chart(String file, String caption) {}

  /** A trade's text cells (left-aligned) and number cells. */
  record TradeLine(List<String> text, List<String> numbers) {}

  static View view(RunReportModel m, List<String> charts) {
    List<MetricLine> metrics = new ArrayList<>();
    for (String name : RunReportModel.METRICS) {
      metrics.add(new MetricLine(name, m.modes().stream().map(mode -> format(mode.values().get(name))).toList()));
    }
    List<AttributionTable> attributions = List.of(
        new AttributionTable("attribution by exit", lines(m.attributionByExit())),
        new AttributionTable("attribution by signal", lines(m.attributionBySignal())));
    List<Chart> shown = new ArrayList<>();
    for (String file : charts) {
      Chart c = CAPTIONS.stream().filter(k -> k.file().equals(file)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no caption for the chart " + file));
      shown.add(new Chart(file, String.format(Locale.ROOT, c.caption(), m.symbol())));
    }
    List<TradeLine> trades = m.trades().stream().map(RunReportPage::line).toList();
    return new View(m.runId(), m.from().toString(), m.to().toString(), m.codeVersion(),
        m.modes().stream().map(ModeMetrics::entries).toList(), metrics, attributions, shown, trades.size(),
        m.tradeCount(), trades, luck(m.luck()), gapLines(m.gaps()));
  }

  /** The matched-draw test as table lines: name, then per trade in % of the position and of the capital. */
  static List<MetricLine> luck(RunReportModel.Luck l) {
    if (l == null) {
      return List.of();
    }
    return List.of(
        new MetricLine("trades with alternatives", List.of(Integer.toString(l.trades()), Integer.toString(l.trades()))),
        new MetricLine("strategy mean net return a trade", List.of(pct(l.meanReturn()), pct(l.meanCapital()))),
        new MetricLine("its bootstrap 95% interval", List.of(interval(l.low(), l.high()),
            interval(l.capitalLow(), l.capitalHigh()))),
        new MetricLine("mean of " + l.draws() + " matched draws", List.of(pct(l.drawsMean()),
            pct(l.drawsMeanCapital()))),
        new MetricLine("draws' 5-95% range", List.of(interval(l.drawsP05(), l.drawsP95()), "-")),
        new MetricLine("p (share of draws at least as good)", List.of(String.format(Locale.ROOT, "%.4f", l.pValue()),
            String.format(Locale.ROOT, "%.4f", l.pValueCapital()))));
  }

  static List<GapLine> gapLines(List<RunReportModel.GapCount> gaps) {
    List<GapLine> out = new ArrayList<>();
    for (boolean ready : new boolean[] {true, false}) {
      long held = count(gaps, ready, "held");
      long exited = count(gaps, ready, "exited");
      long none = count(gaps, ready, "not_entered");
      long all = held + exited + none;
      if (all > 0) {
        out.add(new GapLine(ready ? "READY" : "not READY", Long.toString(held), Long.toString(exited),
            Long.toString(none), String.format(Locale.ROOT, "%.0f%%", 100.0 * held / all)));
      }
    }
    return out;
  }

  private static long count(List<RunReportModel.GapCount> gaps, boolean ready, String status) {
    return gaps.stream().filter(g -> g.readyBefore() == ready && g.status().equals(status))
        .mapToLong(RunReportModel.GapCount::gaps).sum();
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.3f%%", 100 * v);
  }

  private static String interval(double lo, double hi) {
    return Double.isNaN(lo) ? "-" : String.format(Locale.ROOT, "[%+.3f%%, %+.3f%%]", 100 * lo, 100 * hi);
  }

  private static List<AttributionLine> lines(List<Attribution> rows) {
    return rows.stream().map(a -> new AttributionLine(a.entries(), a.key(), format(a.trades()),
        format(a.netPnl()))).toList();
  }

  private static TradeLine line(Trade t) {
    return new TradeLine(Stream.of(t.symbol(), t.entry(), t.exit(), t.signal(), t.exitReason())
        .map(s -> s == null ? "-" : s).toList(),
        Stream.of(t.shares(), t.entryPrice(), t.exitPrice(), t.costs(), t.pnl(), t.ret())
            .map(RunReportPage::format).toList());
  }

  /**
   * A number as the tables show it: a whole number as it is, a fraction with four decimals, or two with
   * thousands separators from 1,000 up; a missing value (null or NaN) as "-".
   */
  static String format(Number v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = v.doubleValue();
      return Double.isNaN(d) ? "-" : Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.2f", d)
          : String.format(Locale.ROOT, "%.4f", d);
    }
    return v.toString();
  }
}
