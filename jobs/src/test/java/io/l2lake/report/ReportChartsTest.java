package io.l2lake.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReportChartsTest {
  private static List<LocalDate> days(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> LocalDate.of(2025, 1, 2).plusDays(i)).toList();
  }

  /** Pixels of exactly this colour. */
  private static int count(BufferedImage img, int rgb) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void drawdownIsTheFallFromTheRunningPeak() {
    assertArrayEquals(new double[] {0, 0, -0.1, -0.2, 0, -0.25},
        ReportCharts.drawdown(new double[] {100, 110, 99, 88, 120, 90}), 1e-12);
  }

  @Test
  void equityChartDrawsOneColourPerMode() {
    Map<String, double[]> s = new LinkedHashMap<>();
    s.put("signal entries", new double[] {100, 105, 103, 110, 108});
    s.put("random entries", new double[] {100, 98, 97, 99, 96});
    BufferedImage img = ReportCharts.equity("t", days(5), s);
    assertTrue(count(img, 0x1f77b4) > 200, "signal line");
    assertTrue(count(img, 0xd62728) > 200, "random line");
  }

  @Test
  void heatMapCellsTakeTheirLevelColour() {
    int[][] grid = {{0, 1, 2}, {-1, 0, 0}};
    BufferedImage img = ReportCharts.qualityHeatmap("t", List.of("AAA", "BBB"), days(3), grid);
    int ok = count(img, 0x9fd89f);
    int warn = count(img, 0xf5c04a);
    int error = count(img, 0xd62728);
    int missing = count(img, 0xbbbbbb);
    // three passed cells, one of each other level (plus a legend swatch each)
    assertTrue(warn > 100 && error > 100 && missing > 100, warn + " " + error + " " + missing);
    assertEquals(3.0, (double) (ok - 14 * 12) / (warn - 14 * 12), 0.1);
  }

  @Test
  void tradesChartMarksEntryAndExitAndDrawsTheStop() {
    double[] close = {1.00, 1.01, 1.02, 1.05, 1.04, 0.99, 0.98};
    double nan = Double.NaN;
    double[] stop = {nan, nan, nan, 0.97, 0.99, 0.99, nan};
    String[] labels = {"a", "b", "c", "d", "e", "f", "g"};
    BufferedImage img = ReportCharts.trades("t", List.of(
        new ReportCharts.TradeWindow("trade", labels, close, stop, 2, 1.021, 5, 0.99)));
    assertTrue(count(img, 0x2ca02c) > 30, "entry marker");
    assertTrue(count(img, 0xd62728) > 30, "stop line and exit marker");
    assertTrue(count(img, 0x1f77b4) > 100, "price line");
  }

  @Test
  void eventStudyWithoutRowsSaysSo() {
    BufferedImage img = ReportCharts.eventStudy("t", List.of());
    assertTrue(count(img, 0x333333) > 20, "the note is written");
    BufferedImage withData = ReportCharts.eventStudy("t", List.of(new ReportCharts.EventPath("gap_up_20", 12,
        new int[] {-2, -1, 0, 1}, new double[] {0.01, 0.02, 0.3, 0.25}, new double[] {1.1, 1.6, 5.0, 2.0})));
    assertTrue(count(withData, 0x1f77b4) > 200);
  }

  @Test
  void chartsAreDrawnHeadlessAtTheirSizes() {
    assertTrue(GraphicsEnvironment.isHeadless(), "the test JVMs run with java.awt.headless=true");
    RunReportModel m = ReportModels.small(5);
    Map<String, BufferedImage> charts = RunReport.charts(m);
    assertEquals(List.of("equity.png", "luck.png", "gaps.png", "trades.png", "signals.png", "pregap.png",
        "quality.png"), List.copyOf(charts.keySet()));
    assertEquals(List.of("1000x600", "1000x460", "1000x300", "1000x310", "1000x480", "1000x620", "1000x168"),
        charts.values().stream()
        .map(i -> i.getWidth() + "x" + i.getHeight()).toList());
    BufferedImage threeRows = ReportCharts.trades("t", java.util.Collections.nCopies(5, m.tradeWindows().get(0)));
    assertEquals(1000, threeRows.getWidth());
    assertEquals(3 * 250 + 60, threeRows.getHeight());
  }

  /** Pixels whose green channel is at least 60 above both others (the entry lines' colour and its blends). */
  private static int greenish(BufferedImage img) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        if (g > r + 60 && g > b + 60) {
          n++;
        }
      }
    }
    return n;
  }

  /** Grey pixels from mid to light (a grey line and its blends with white; not the text or the grid). */
  private static int greyish(BufferedImage img) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = rgb >> 16 & 0xff;
        if (r == (rgb >> 8 & 0xff) && r == (rgb & 0xff) && r >= 0x70 && r <= 0xd8) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void signalsChartMarksTheEntryDaysAndTheTrigger() {
    Map<String, double[]> s = new LinkedHashMap<>();
    s.put("composite", new double[] {0.1, 0.3, 0.2, 0.4, 0.35});
    BufferedImage none = ReportCharts.signals("t", days(5), s, List.of(), 0.6);
    BufferedImage two = ReportCharts.signals("t", days(5), s, List.of(1, 3), 0.6);
    BufferedImage noTrigger = ReportCharts.signals("t", days(5), s, List.of(), 2.0);
    assertEquals(0, greenish(none), "no entry, no green");
    // two dashed lines (half drawn) across a plot some 340 pixels high, one or two pixels wide
    int green = greenish(two);
    assertTrue(green > 2 * 150 && green < 2 * 400, "entry lines " + green);
    // the grey trigger line runs across the plot's 880 or so pixels (out of range: not drawn)
    int trigger = greyish(none) - greyish(noTrigger);
    assertTrue(trigger > 800 && trigger < 3 * 900, "trigger line " + trigger);
    assertTrue(count(two, 0x1f77b4) > 500, "the composite line");
  }

  @Test
  void eventStudyDrawsEachLabelInItsColourOnBothPanels() {
    ReportCharts.EventPath up = new ReportCharts.EventPath("gap_up_20", 12, new int[] {-2, -1, 0, 1},
        new double[] {0.01, 0.02, 0.3, 0.25}, new double[] {1.1, 1.6, 5.0, 2.0});
    ReportCharts.EventPath down = new ReportCharts.EventPath("gap_down_20", 3, new int[] {-2, -1, 0, 1},
        new double[] {0, -0.01, -0.2, -0.15}, new double[] {1.0, 1.2, 3.0, 1.5});
    BufferedImage img = ReportCharts.eventStudy("t", List.of(up, down));
    int[] topBlue = {0};
    int[] bottomBlue = {0};
    int[] bottomRed = {0};
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        if (y < 360 && rgb == 0x1f77b4) {
          topBlue[0]++;
        } else if (y >= 360 && rgb == 0x1f77b4) {
          bottomBlue[0]++;
        } else if (y >= 360 && rgb == 0xd62728) {
          bottomRed[0]++;
        }
      }
    }
    assertTrue(topBlue[0] > 300 && bottomBlue[0] > 300 && bottomRed[0] > 300,
        topBlue[0] + " " + bottomBlue[0] + " " + bottomRed[0]);
  }
}
