package io.l2lake.backtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws equity curves (one line per series, days on the x axis) with the drawdown of the first series
 * shaded below, as a PNG, with the JDK's headless 2-D graphics: no charting library.
 */
public final class EquityChart {
  private EquityChart() {}

  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd)};

  /** {@code series}: name -> equity by day (all the same length); {@code days}: the x labels. */
  public static void write(OutputStream out, String title, List<String> days, Map<String, double[]> series)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int w = 1000;
    int h = 560;
    int left = 90;
    int right = 20;
    int top = 40;
    int curveBottom = 380;
    int ddTop = 410;
    int ddBottom = 520;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, left, 24);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (double[] s : series.values()) {
      for (double v : s) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (hi <= lo) {
      hi = lo + 1;
    }
    int n = days.size();
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setColor(new Color(0xdddddd));
    for (int i = 0; i <= 4; i++) {
      int y = curveBottom - (curveBottom - top) * i / 4;
      g.drawLine(left, y, w - right, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format("%,.0f", lo + (hi - lo) * i / 4), 5, y + 4);
      g.setColor(new Color(0xdddddd));
    }
    g.setColor(Color.DARK_GRAY);
    for (int i = 0; i < n; i += Math.max(1, n / 6)) {
      g.drawString(days.get(i), x(i, n, left, w - right) - 30, ddBottom + 16);
    }
    int c = 0;
    double[] first = null;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      double[] s = e.getValue();
      first = first == null ? s : first;
      g.setColor(COLORS[c % COLORS.length]);
      g.setStroke(new BasicStroke(2f));
      for (int i = 1; i < s.length; i++) {
        g.drawLine(x(i - 1, n, left, w - right), y(s[i - 1], lo, hi, top, curveBottom), x(i, n, left, w - right),
            y(s[i], lo, hi, top, curveBottom));
      }
      g.drawString(e.getKey(), w - right - 220, top + 16 + 16 * c);
      c++;
    }
    if (first != null && first.length > 0) {
      double peak = first[0];
      double worst = 0;
      double[] dd = new double[first.length];
      for (int i = 0; i < first.length; i++) {
        peak = Math.max(peak, first[i]);
        dd[i] = peak > 0 ? first[i] / peak - 1 : 0;
        worst = Math.min(worst, dd[i]);
      }
      double floor = Math.min(worst, -0.01);
      g.setColor(new Color(0xf4b6b6));
      for (int i = 0; i < dd.length; i++) {
        int x = x(i, n, left, w - right);
        int y = ddTop + (int) Math.round((ddBottom - ddTop) * dd[i] / floor);
        g.drawLine(x, ddTop, x, y);
      }
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format("drawdown (%s), worst %.1f%%", series.keySet().iterator().next(), 100 * worst),
          left, ddTop - 6);
      g.drawLine(left, ddTop, w - right, ddTop);
    }
    g.dispose();
    ImageIO.write(img, "png", out);
  }

  private static int x(int i, int n, int left, int right) {
    return n <= 1 ? left : left + (int) Math.round((right - left) * (double) i / (n - 1));
  }

  private static int y(double v, double lo, double hi, int top, int bottom) {
    return bottom - (int) Math.round((bottom - top) * (v - lo) / (hi - lo));
  }
}
