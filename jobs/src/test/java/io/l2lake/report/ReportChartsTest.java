package io.l2lake.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
