package io.l2lake.report;

import io.l2lake.report.RunReportModel.Attribution;
import io.l2lake.report.RunReportModel.EquityCurves;
import io.l2lake.report.RunReportModel.EventStudy;
import io.l2lake.report.RunReportModel.GapCount;
import io.l2lake.report.RunReportModel.Luck;
import io.l2lake.report.RunReportModel.Oracle;
import io.l2lake.report.RunReportModel.ModeMetrics;
import io.l2lake.report.RunReportModel.QualityGrid;
import io.l2lake.report.RunReportModel.SignalScores;
import io.l2lake.report.RunReportModel.Trade;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small hand-made report models: what the reader would return for a tiny backtest run. */
final class ReportModels {
  private ReportModels() {}

  static final LocalDate FROM = LocalDate.of(2021, 3, 1);

  static List<LocalDate> days(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(FROM::plusDays).toList();
  }

  /** Each metric's value: {@code trade_count} a long, the others doubles (one of them missing). */
  static Map<String, Number> metrics(long trades, double scale) {
    Map<String, Number> m = new LinkedHashMap<>();
    for (String name : RunReportModel.METRICS) {
      m.put(name, name.equals("trade_count") ? (Number) trades : Double.valueOf(scale * (name.length() - 5)));
    }
    m.put("profit_factor", null);
    m.put("net_pnl", 123_450 * scale);
    return m;
  }

  /**
   * A run of two entry modes over {@code n} days, one symbol in detail with one trade window, two
   * event-study labels and a heat map of three symbols.
   */
  static RunReportModel small(int n) {
    List<LocalDate> days = days(n);
    double[] signal = new double[n];
    double[] random = new double[n];
    for (int i = 0; i < n; i++) {
      signal[i] = 100_000 * (1 + 0.01 * i + 0.02 * Math.sin(i));
      random[i] = 100_000 * (1 - 0.004 * i + 0.015 * Math.cos(i));
    }
    Map<String, double[]> equity = new LinkedHashMap<>();
    equity.put("signal entries", signal);
    equity.put("random entries", random);

    int bars = 60;
    double[] close = new double[bars];
    double[] stop = new double[bars];
    String[] labels = new String[bars];
    for (int i = 0; i < bars; i++) {
      close[i] = 1.0 + 0.002 * i + 0.01 * Math.sin(i / 5.0);
      stop[i] = i >= 20 && i < 45 ? 0.98 + 0.0005 * (i - 20) : Double.NaN;
      labels[i] = String.format("03-01 %02d:%02d", 9 + (30 + i) / 60, (30 + i) % 60);
    }
    List<ReportCharts.TradeWindow> windows = List.of(new ReportCharts.TradeWindow(
        "ABCD 2021-03-01  stop  pnl $12.34 (+1.2%)", labels, close, stop, 20, close[20], 44, close[44]));

    Map<String, double[]> scores = new LinkedHashMap<>();
    for (String s : List.of("absorption", "creep", "darkpool", "sinkhole", "contraction", "composite")) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = 0.5 + 0.4 * Math.sin(i + s.length());
      }
      scores.put(s, v);
    }

    int[] offsets = new int[16];
    double[] up = new double[16];
    double[] upVol = new double[16];
    double[] down = new double[16];
    double[] downVol = new double[16];
    for (int i = 0; i < 16; i++) {
      offsets[i] = i - 10;
      up[i] = i < 10 ? 0.003 * i : 0.25 - 0.01 * (i - 10);
      upVol[i] = i < 10 ? 1 + 0.05 * i : 4 - 0.3 * (i - 10);
      down[i] = -up[i] / 2;
      downVol[i] = upVol[i] / 2 + 0.5;
    }
    EventStudy study = new EventStudy("pregap-2021", List.of(
        new ReportCharts.EventPath("gap_down_20", 7, offsets, down, downVol),
        new ReportCharts.EventPath("gap_up_20", 12, offsets, up, upVol)));

    List<String> symbols = List.of("ABCD", "EFGH", "IJKL");
    int[][] level = new int[3][n];
    for (int d = 0; d < n; d++) {
      level[0][d] = ReportCharts.OK;
      level[1][d] = d % 3 == 0 ? ReportCharts.WARN : ReportCharts.OK;
      level[2][d] = d == 0 ? ReportCharts.MISSING : d == 1 ? ReportCharts.ERROR : ReportCharts.OK;
    }

    List<Trade> trades = new ArrayList<>();
    trades.add(new Trade("ABCD", "2021-03-01 09:50", "2021-03-01 10:14", "composite", "stop", 1000L, 1.0123,
        1.0246, 0.5, 12.34, 0.0122));
    trades.add(new Trade("EFGH", "2021-03-02 11:02", "2021-03-02 15:59", "creep", "max_hold", 2500L, 0.45,
        0.4, 0.75, -125.75, -0.1111));
    return new RunReportModel("run-7", "ABCD", FROM, days.get(n - 1), "0.1.0 abc123",
        List.of(new ModeMetrics("signal", metrics(2, 0.01)), new ModeMetrics("random", metrics(2, -0.02))),
        List.of(new Attribution("random", "stop", 2L, -10.0), new Attribution("signal", "max_hold", 1L, -125.75),
            new Attribution("signal", "stop", 1L, 12.34)),
        List.of(new Attribution("signal", "composite", 1L, 12.34), new Attribution("signal", "creep", 1L, -125.75)),
        trades, 2, new EquityCurves(days, equity), windows,
        new SignalScores(days, scores, List.of(0, n / 2), 0.6), study,
        new QualityGrid(true, symbols, days, level, 3),
        new Luck(2, 100, 0.012, -0.004, 0.03, -0.002, -0.01, 0.006, 0.02, 0.0006, -0.0002, 0.0015, -0.0001, 0.03,
            100_000, List.of(Instant.parse("2021-03-01T15:14:00Z"), Instant.parse("2021-03-02T20:59:00Z")),
            new double[] {0.0001, 0.0012}, new double[] {-0.001, -0.002}, new double[] {0, -0.0002},
            new double[] {0.001, 0.002}),
        List.of(new GapCount(true, "held", 3), new GapCount(true, "exited", 1), new GapCount(false, "not_entered", 5)),
        new Oracle(4, 0.25, 1234.5));
  }
}
