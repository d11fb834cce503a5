package io.l2lake.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.util.function.DoubleFunction;

/**
 * One chart panel on a {@link Graphics2D}: a data rectangle with its x and y ranges, grid lines, tick
 * labels, a title and a legend, and data-space drawing (lines, steps, markers, bars, cells). Several
 * panels share one image for small multiples. Pure JDK 2-D graphics, headless.
 */
final class Panel {
  static final Color GRID = new Color(0xe3e3e3);
  static final Color TEXT = new Color(0x333333);
  static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0x17becf)};

  private final Graphics2D g;
  private final int left;
  private final int top;
  private final int width;
  private final int height;
  private double x0;
  private double x1;
  private double y0;
  private double y1;
  private int legendRows;

  /** A panel whose data rectangle is (left, top, width, height) in pixels. */
  Panel(Graphics2D g, int left, int top, int width, int height) {
    this.g = g;
    this.left = left;
    this.top = top;
    this.width = width;
    this.height = height;
    range(0, 1, 0, 1);
  }

  /** Sets the data ranges; an empty range is widened so that it can be drawn. */
  Panel range(double xMin, double xMax, double yMin, double yMax) {
    x0 = xMin;
    x1 = xMax > xMin ? xMax : xMin + 1;
    if (!(yMax - yMin > 1e-9 * Math.max(Math.abs(yMax), Math.abs(yMin)))) {
      double pad = Math.abs(yMin) > 0 ? Math.abs(yMin) * 0.05 : 1;
      yMin -= pad;
      yMax += pad;
    }
    y0 = yMin;
    y1 = yMax;
    return this;
  }

  /** Pads the y range by {@code share} of its span on both sides. */
  Panel padY(double share) {
    double d = (y1 - y0) * share;
    y0 -= d;
    y1 += d;
    return this;
  }

  int px(double x) {
    return left + (int) Math.round(width * (x - x0) / (x1 - x0));
  }

  int py(double y) {
    return top + height - (int) Math.round(height * (y - y0) / (y1 - y0));
  }

  int left() {
    return left;
  }

  int top() {
    return top;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** Title above the panel. */
  Panel title(String text) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(text, left, top - 8);
    return this;
  }

  /**
   * Frame, horizontal grid lines with y labels at round values (about {@code yTicks} of them), x labels at
   * {@code xTicks} (a label too close to the previous one is skipped).
   */
  Panel axes(int yTicks, DoubleFunction<String> yLabel, double[] xTicks, DoubleFunction<String> xLabel) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setStroke(new BasicStroke(1f));
    double step = niceStep((y1 - y0) / Math.max(1, yTicks));
    long first = (long) Math.ceil(y0 / step - 1e-9);
    long last = (long) Math.floor(y1 / step + 1e-9);
    for (long k = first; k <= last && k - first <= 100; k++) {
      double v = k * step;
      int y = py(v);
      g.setColor(GRID);
      g.drawLine(left, y, left + width, y);
      g.setColor(TEXT);
      String s = yLabel.apply(Math.abs(v) < step * 1e-9 ? 0 : v);
      g.drawString(s, left - 6 - g.getFontMetrics().stringWidth(s), y + 4);
    }
    int lastRight = Integer.MIN_VALUE;
    for (double x : xTicks) {
      int xp = px(x);
      g.setColor(GRID);
      g.drawLine(xp, top, xp, top + height);
      String s = xLabel.apply(x);
      int w = g.getFontMetrics().stringWidth(s);
      int from = Math.min(Math.max(xp - w / 2, left - 30), left + width + 30 - w);
      if (from > lastRight + 6) {
        g.setColor(TEXT);
        g.drawString(s, from, top + height + 15);
        lastRight = from + w;
      }
    }
    g.setColor(Color.GRAY);
    g.drawRect(left, top, width, height);
    return this;
  }

  /** 1, 2 or 5 times a power of ten, the nearest at or above {@code raw}. */
  static double niceStep(double raw) {
    if (!(raw > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  /** Evenly spaced x tick positions across the range. */
  double[] xTicks(int count) {
    double[] t = new double[count + 1];
    for (int i = 0; i <= count; i++) {
      t[i] = x0 + (x1 - x0) * i / count;
    }
    return t;
  }

  /** A polyline through the points; NaN values break it. */
  Panel line(double[] xs, double[] ys, Color color, float widthPx) {
    g.setColor(color);
    g.setStroke(new BasicStroke(widthPx, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D.Double path = new Path2D.Double();
    boolean pen = false;
    for (int i = 0; i < xs.length; i++) {
      if (Double.isNaN(ys[i]) || Double.isNaN(xs[i])) {
        pen = false;
        continue;
      }
      if (pen) {
        path.lineTo(px(xs[i]), py(ys[i]));
      } else {
        path.moveTo(px(xs[i]), py(ys[i]));
        pen = true;
      }
    }
    draw(path);
    return this;
  }

  /** A step line: each value holds until the next x; NaN values leave a gap. */
  Panel step(double[] xs, double[] ys, Color color, float widthPx, boolean dashed) {
    g.setColor(color);
    g.setStroke(dashed
        ? new BasicStroke(widthPx, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f}, 0f)
        : new BasicStroke(widthPx));
    for (int i = 0; i < xs.length; i++) {
      if (Double.isNaN(ys[i])) {
        continue;
      }
      int xa = px(xs[i]);
      int xb = i + 1 < xs.length ? px(xs[i + 1]) : xa + Math.max(1, width / Math.max(1, xs.length));
      int y = py(ys[i]);
      g.drawLine(xa, y, xb, y);
      if (i + 1 < xs.length && !Double.isNaN(ys[i + 1])) {
        g.drawLine(xb, y, xb, py(ys[i + 1]));
      }
    }
    return this;
  }

  /** A filled triangle pointing up (entries) or down (exits) at a data point. */
  Panel marker(double x, double y, boolean up, Color color) {
    int xp = px(x);
    int yp = py(y);
    int s = 6;
    Polygon p = up
        ? new Polygon(new int[] {xp - s, xp + s, xp}, new int[] {yp + 2 * s, yp + 2 * s, yp + 2}, 3)
        : new Polygon(new int[] {xp - s, xp + s, xp}, new int[] {yp - 2 * s, yp - 2 * s, yp - 2}, 3);
    g.setColor(color);
    g.fill(p);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(0.8f));
    g.draw(p);
    return this;
  }

  /** A vertical bar from the zero line (or the bottom when zero is out of range) to y. */
  Panel bar(double x, double halfWidth, double y, Color color) {
    double base = Math.max(y0, Math.min(y1, 0));
    int xa = px(x - halfWidth);
    int xb = px(x + halfWidth);
    int ya = py(Math.max(base, y));
    int yb = py(Math.min(base, y));
    g.setColor(color);
    g.fillRect(xa, ya, Math.max(1, xb - xa), Math.max(1, yb - ya));
    return this;
  }

  /** A filled cell of the data grid, {@code [x, x+1) x [y, y+1)}. */
  Panel cell(double x, double y, Color color) {
    int xa = px(x);
    int xb = px(x + 1);
    int ya = py(y + 1);
    int yb = py(y);
    g.setColor(color);
    g.fillRect(xa, ya, Math.max(1, xb - xa), Math.max(1, yb - ya));
    return this;
  }

  /** A horizontal reference line across the panel. */
  Panel hline(double y, Color color) {
    g.setColor(color);
    g.setStroke(new BasicStroke(1f));
    g.drawLine(left, py(y), left + width, py(y));
    return this;
  }

  /** A vertical reference line across the panel. */
  Panel vline(double x, Color color) {
    g.setColor(color);
    g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
    g.drawLine(px(x), top, px(x), top + height);
    return this;
  }

  /** Adds a legend entry in the panel's top-left corner. */
  Panel legend(String text, Color color) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    int y = top + 14 + 14 * legendRows++;
    g.setColor(new Color(255, 255, 255, 215));
    g.fillRect(left + 4, y - 11, 32 + g.getFontMetrics().stringWidth(text), 14);
    g.setColor(color);
    g.fillRect(left + 8, y - 8, 14, 8);
    g.setColor(TEXT);
    g.drawString(text, left + 28, y);
    return this;
  }

  /** A label at a data point. */
  Panel text(double x, double y, String s) {
    g.setColor(TEXT);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    g.drawString(s, px(x) + 3, py(y) - 3);
    return this;
  }

  private void draw(Shape s) {
    g.draw(s);
  }
}
