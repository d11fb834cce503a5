package io.l2lake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The report's page from hand-made models: its tables, charts and captions, escaping and number formats. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RunReportPageTest {
  private static final List<String> ALL_CHARTS = List.of("equity.png", "luck.png", "gaps.png", "trades.png",
      "signals.png", "pregap.png", "quality.png");

  /** The lines of {@code html} that start with {@code prefix}, in order. */
  private static List<String> lines(String html, String prefix) {
    return html.lines().filter(l -> l.startsWith(prefix)).toList();
  }

  @Test
  void thePageHoldsTheMetricsAttributionsChartsAndTrades() {
    String html = RunReportPage.render(ReportModels.small(8), ALL_CHARTS);
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>l2lake "
        + "backtest run-7</title>\n"), html);
    assertTrue(html.contains("\n<h1>Backtest run-7</h1>\n<p>Entries from 2021-03-01 to 2021-03-08, code version "
        + "0.1.0 abc123. The random-entry control"), html);
    assertEquals(List.of(
        "<table><tr><th class=\"l\">metric</th><th>signal entries</th><th>random entries</th></tr>",
        "<table><tr><th class=\"l\">entries</th><th class=\"l\">key</th><th>trades</th><th>net PnL ($)</th></tr>",
        "<table><tr><th class=\"l\">entries</th><th class=\"l\">key</th><th>trades</th><th>net PnL ($)</th></tr>",
        "<table><tr><th class=\"l\">symbol</th><th class=\"l\">entry</th><th class=\"l\">exit</th><th class=\"l\">"
            + "signal</th><th class=\"l\">exit reason</th><th>shares</th><th>entry $</th><th>exit $</th><th>costs $"
            + "</th><th>PnL $</th><th>return</th></tr>"), lines(html, "<table>").stream()
        .filter(l -> !l.contains("measure") && !l.contains("tracker on D-1")).toList());
    assertEquals(List.of("<table><tr><th class=\"l\">measure</th><th>% of the position</th><th>% of the capital</th>"
        + "</tr>", "<table><tr><th class=\"l\">tracker on D-1</th><th>held at the open</th><th>exited before</th>"
        + "<th>never entered</th><th>held</th></tr>"), lines(html, "<table>").stream()
        .filter(l -> l.contains("measure") || l.contains("tracker on D-1")).toList());
    List<String> rows = lines(html, "<tr><td");
    assertEquals(13 + 3 + 2 + 6 + 2 + 2, rows.size(), html);
    assertEquals("<tr><td class=\"l\">trade_count</td><td>2</td><td>2</td></tr>", rows.get(0));
    assertEquals("<tr><td class=\"l\">total_return</td><td>0.0700</td><td>-0.1400</td></tr>", rows.get(1));
    assertEquals("<tr><td class=\"l\">profit_factor</td><td>-</td><td>-</td></tr>", rows.get(7));
    assertEquals("<tr><td class=\"l\">net_pnl</td><td>1,234.50</td><td>-2,469.00</td></tr>", rows.get(11));
    assertEquals("<tr><td class=\"l\">random</td><td class=\"l\">stop</td><td>2</td><td>-10.0000</td></tr>",
        rows.get(13));
    assertEquals("<tr><td class=\"l\">signal</td><td class=\"l\">creep</td><td>1</td><td>-125.7500</td></tr>",
        rows.get(17));
    assertEquals("<tr><td class=\"l\">EFGH</td><td class=\"l\">2021-03-02 11:02</td><td class=\"l\">2021-03-02 15:59"
        + "</td><td class=\"l\">creep</td><td class=\"l\">max_hold</td><td>2500</td><td>0.4500</td><td>0.4000</td>"
        + "<td>0.7500</td><td>-125.7500</td><td>-0.1111</td></tr>", rows.get(27));
    assertEquals("<tr><td class=\"l\">strategy mean net return a trade</td><td>+1.200%</td><td>+0.060%</td></tr>",
        rows.get(19));
    assertEquals("<tr><td class=\"l\">its bootstrap 95% interval</td><td>[-0.400%, +3.000%]</td>"
        + "<td>[-0.020%, +0.150%]</td></tr>", rows.get(20));
    assertEquals("<tr><td class=\"l\">p (share of draws at least as good)</td><td>0.0200</td><td>0.0300</td></tr>",
        rows.get(23));
    assertEquals("<tr><td class=\"l\">READY</td><td>3</td><td>1</td><td>0</td><td>75%</td></tr>", rows.get(24));
    assertEquals("<tr><td class=\"l\">not READY</td><td>0</td><td>0</td><td>5</td><td>0%</td></tr>", rows.get(25));
    assertEquals(List.of("<h3>attribution by exit</h3>", "<h3>attribution by signal</h3>"), lines(html, "<h3>"));
    assertEquals(List.of("<h2>Metrics</h2>", "<h2>Skill or luck</h2>", "<h2>The gaps</h2>", "<h2>Charts</h2>",
        "<h2>Strategy trades</h2>"), lines(html, "<h2>"));
    assertEquals(ALL_CHARTS, lines(html, "<img ").stream().map(l -> l.replaceAll("^<img src=\"([^\"]+)\".*$", "$1"))
        .toList());
    assertTrue(html.contains("<p>Trades of ABCD: minute closes around each trade"), html);
    assertTrue(html.contains("<p>2 of 2 trades, in entry order.</p>"), html);
    assertTrue(html.endsWith("</table>\n</body></html>\n"), html);
  }

  @Test
  void textFromTheLakeIsEscaped() {
    RunReportModel m = ReportModels.small(3);
    RunReportModel odd = new RunReportModel("<run & \"7\">", "A<B", m.from(), m.to(), "<script>x</script>",
        m.modes(), m.attributionByExit(), m.attributionBySignal(), m.trades(), m.tradeCount(), m.equity(),
        m.tradeWindows(), m.signals(), m.eventStudy(), m.quality(), m.luck(), m.gaps(), m.oracle());
    String html = RunReportPage.render(odd, ALL_CHARTS);
    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("A<B"), html);
    assertTrue(html.contains("<title>l2lake backtest &lt;run &amp; &quot;7&quot;&gt;</title>"), html);
    assertTrue(html.contains("code version &lt;script&gt;x&lt;/script&gt;."), html);
    assertTrue(html.contains("<img src=\"trades.png\" alt=\"Trades of A&lt;B: minute closes"), html);
  }

  @Test
  void numbersAreFormattedAsTheTablesShowThem() {
    assertEquals("-", RunReportPage.format(null));
    assertEquals("-", RunReportPage.format(Double.NaN));
    assertEquals("5", RunReportPage.format(5L));
    assertEquals("12", RunReportPage.format(12));
    assertEquals("-0.1235", RunReportPage.format(-0.123456));
    assertEquals("999.1235", RunReportPage.format(999.12345));
    assertEquals("1,000.00", RunReportPage.format(1000.0));
    assertEquals("-1,234,567.89", RunReportPage.format(-1_234_567.891));
  }

  @Test
  void aRunWithoutStrategyTradesHasNoTradeOrSignalChart() {
    RunReportModel m = ReportModels.small(3);
    RunReportModel none = new RunReportModel(m.runId(), null, m.from(), m.to(), m.codeVersion(), m.modes(),
        List.of(), List.of(), List.of(), 0, m.equity(), null, null, m.eventStudy(), m.quality(), null, List.of(),
        new RunReportModel.Oracle(0, Double.NaN, 0));
    List<String> charts = List.copyOf(RunReport.charts(none).keySet());
    assertEquals(List.of("equity.png", "pregap.png", "quality.png"), charts);
    String html = RunReportPage.render(none, charts);
    assertEquals(List.of("<img src=\"equity.png\"", "<img src=\"pregap.png\"", "<img src=\"quality.png\""),
        lines(html, "<img ").stream().map(l -> l.substring(0, l.indexOf(" alt="))).toList());
    assertTrue(html.contains("<p>0 of 0 trades, in entry order.</p>"), html);
    assertEquals(List.of(), lines(html, "<tr><td class=\"l\">signal</td>"));
  }

  @Test
  void aChartWithoutACaptionIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunReportPage.render(ReportModels.small(3), List.of("equity.png", "volume.png")));
    assertEquals("no caption for the chart volume.png", e.getMessage());
  }
}
