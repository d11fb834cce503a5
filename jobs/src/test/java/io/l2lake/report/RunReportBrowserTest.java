package io.l2lake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a browser shows it: a page written from a hand-made model, opened in headless Chromium,
 * whose screenshot must hold every chart in full, in the page's order, with the metric and attribution
 * tables above them and the trades table below.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RunReportBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final int WIDTH = 1280;
  /** Tall enough for the whole page of the small model (a little over 5,000 pixels). */
  static final int HEIGHT = 6000;
  static final int WHITE = 0xffffff;
  /** The background of the tables' header cells (th in the page's style). */
  static final int HEADER_CELL = 0xf3f3f3;
  static final List<String> CHARTS = List.of("equity.png", "luck.png", "gaps.png", "trades.png", "signals.png",
      "pregap.png", "quality.png");

  @TempDir Path dir;

  @Test
  void chromiumShowsTheTablesAndEveryChart() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        CHROMIUM + " is missing: the browser test needs Chromium (apt-get install chromium; .ci/run installs it)");
    Path report = dir.resolve("report");
    RunReport.write(ReportModels.small(8), FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(report.toUri()));
    Path shot = dir.resolve("screenshot.png");
    screenshot(report.resolve("index.html"), shot);

    BufferedImage page = ImageIO.read(shot.toFile());
    assertEquals(WIDTH, page.getWidth(), "screenshot width");
    assertEquals(HEIGHT, page.getHeight(), "screenshot height");
    List<Point> at = new ArrayList<>();
    int below = 0;
    for (String name : CHARTS) {
      BufferedImage chart = ImageIO.read(report.resolve(name).toFile());
      Point p = find(page, chart, below);
      if (p == null) {
        fail(name + " (" + chart.getWidth() + "x" + chart.getHeight() + ") is not shown in full below y=" + below);
      }
      at.add(p);
      below = p.y + chart.getHeight();
    }
    int firstChart = at.get(0).y;
    // The metrics table, the two attribution tables, the matched draws' and the gaps' come before the charts,
    // the trades table after.
    assertEquals(5, headerRows(page, 0, firstChart), "table headers above the charts");
    assertEquals(1, headerRows(page, below, HEIGHT), "table headers below the charts");
    // Each table has text: dark pixels in the rows under its header.
    assertTrue(darkPixels(page, 0, firstChart) > 5_000, "text of the metric tables");
    assertTrue(darkPixels(page, below, Math.min(HEIGHT, below + 200)) > 1_500, "text of the trades table");
    // The page ends before the screenshot does: nothing is cut off.
    assertEquals(0, WIDTH * 100 - count(page, HEIGHT - 100, HEIGHT, WHITE), "blank foot of the page");
  }

  /** Opens {@code html} in headless Chromium with a profile of its own and writes its screenshot. */
  private void screenshot(Path html, Path png) throws Exception {
    Path profile = Files.createDirectory(dir.resolve("chromium-profile"));
    Path log = dir.resolve("chromium.log");
    Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=" + profile,
        "--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT, html.toUri().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("Chromium took more than 120 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(png)) {
      fail("Chromium exited with " + p.exitValue() + " and no screenshot:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  /**
   * Where {@code chart} is shown at its own size at or below {@code fromY}: every fourth pixel of it within 8 of
   * each colour channel of the page's pixel there; null if nowhere.
   */
  static Point find(BufferedImage page, BufferedImage chart, int fromY) {
    int key = busiestRow(chart);
    for (int y = Math.max(fromY, 0); y + chart.getHeight() <= page.getHeight(); y++) {
      for (int x = 0; x + chart.getWidth() <= page.getWidth(); x++) {
        if (rowMatches(page, chart, x, y, key) && matches(page, chart, x, y)) {
          return new Point(x, y);
        }
      }
    }
    return null;
  }

  private static int busiestRow(BufferedImage img) {
    int best = 0;
    int most = -1;
    for (int y = 0; y < img.getHeight(); y++) {
      int n = img.getWidth() - count(img, y, y + 1, WHITE);
      if (n > most) {
        most = n;
        best = y;
      }
    }
    return best;
  }

  private static boolean rowMatches(BufferedImage page, BufferedImage chart, int x, int y, int row) {
    for (int i = 0; i < chart.getWidth(); i++) {
      if (!close(page.getRGB(x + i, y + row), chart.getRGB(i, row))) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(BufferedImage page, BufferedImage chart, int x, int y) {
    for (int j = 0; j < chart.getHeight(); j += 2) {
      for (int i = j % 4 == 0 ? 0 : 1; i < chart.getWidth(); i += 2) {
        if (!close(page.getRGB(x + i, y + j), chart.getRGB(i, j))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean close(int a, int b) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)) > 8) {
        return false;
      }
    }
    return true;
  }

  /** Runs of rows in [from, to) with a stretch of table-header background: one per table. */
  private static int headerRows(BufferedImage img, int from, int to) {
    int runs = 0;
    boolean in = false;
    for (int y = from; y < to; y++) {
      boolean header = count(img, y, y + 1, HEADER_CELL) > 60;
      if (header && !in) {
        runs++;
      }
      in = header;
    }
    return runs;
  }

  private static int darkPixels(BufferedImage img, int from, int to) {
    int n = 0;
    for (int y = from; y < to; y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        if ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff) < 3 * 100) {
          n++;
        }
      }
    }
    return n;
  }

  private static int count(BufferedImage img, int from, int to, int rgb) {
    int n = 0;
    for (int y = from; y < to; y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }
}
