package io.l2lake.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's charts, drawn from plain values already gathered from the lake (no Spark here): equity
 * and drawdown, trades on price with their stops, a symbol's signal scores by day, the pre-gap event
 * study and the data-quality heat map.
 */
public final class ReportCharts {
  private ReportCharts() {}

  /** A trade with the minute bars around it: {@code stop} is NaN outside the position. */
  public record TradeWindow(String title, String[] labels, double[] close, double[] stop, int entryIndex,
      double entryPrice, int exitIndex, double exitPrice) {}

  /** One gap label's event-study path: offsets from D, mean return to D-1's close, mean volume ratio. */
  public record EventPath(String label, int events, int[] offsets, double[] meanReturn, double[] volumeRatio) {}

  /** Data-quality levels of a symbol-day in the heat map. */
  public static final int MISSING = -1;
  public static final int OK = 0;
  public static final int WARN = 1;
  public static final int ERROR = 2;

  private static final Color GREEN = new Color(0x2ca02c);
  private static final Color RED = new Color(0xd62728);

  /** Equity of each entry mode (same days) and, below, each mode's drawdown from its running peak. */
  public static BufferedImage equity(String title, List<LocalDate> days, Map<String, double[]> equityByMode) {
    BufferedImage img = canvas(1000, 600);
    Graphics2D g = graphics(img);
    header(g, title);
    int n = days.size();
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (double[] e : equityByMode.values()) {
      for (double v : e) {
        if (!Double.isNaN(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    }
    double[] xs = index(n);
    Panel top = new Panel(g, 90, 70, 880, 320).range(0, Math.max(1, n - 1), lo, hi).padY(0.05);
    top.title("equity at the close ($)").axes(5, v -> String.format("%,.0f", v), dayTicks(n), i -> dayLabel(days, i));
    Map<String, double[]> drawdowns = new java.util.LinkedHashMap<>();
    double worst = 0;
    int c = 0;
    for (Map.Entry<String, double[]> e : equityByMode.entrySet()) {
      Color color = Panel.PALETTE[c++ % Panel.PALETTE.length];
      top.line(xs, e.getValue(), color, 2f).legend(e.getKey(), color);
      double[] dd = drawdown(e.getValue());
      for (double d : dd) {
        worst = Double.isNaN(d) ? worst : Math.min(worst, d);
      }
      drawdowns.put(e.getKey(), dd);
    }
    Panel bottom = new Panel(g, 90, 450, 880, 110).range(0, Math.max(1, n - 1), Math.min(worst, -0.01), 0);
    bottom.title("drawdown from the running peak").axes(2, v -> String.format("%.0f%%", 100 * v), dayTicks(n),
        i -> dayLabel(days, i));
    c = 0;
    for (Map.Entry<String, double[]> e : drawdowns.entrySet()) {
      Color color = Panel.PALETTE[c++ % Panel.PALETTE.length];
      double w = 0;
      for (double d : e.getValue()) {
        w = Double.isNaN(d) ? w : Math.min(w, d);
      }
      bottom.line(xs, e.getValue(), color, 1.5f).legend(String.format("%s: worst %.1f%%", e.getKey(), 100 * w),
          color);
    }
    g.dispose();
    return img;
  }

  /** Drawdown of an equity series: equity / running peak - 1 (0 at a new peak; NaN where equity is NaN). */
  public static double[] drawdown(double[] equity) {
    double[] dd = new double[equity.length];
    double peak = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < equity.length; i++) {
      if (Double.isNaN(equity[i])) {
        dd[i] = Double.NaN;
        continue;
      }
      peak = Math.max(peak, equity[i]);
      dd[i] = peak > 0 ? equity[i] / peak - 1 : 0;
    }
    return dd;
  }

  /** Small multiples: each trade's minute closes, the stop in force, the entry and the exit. */
  public static BufferedImage trades(String title, List<TradeWindow> windows) {
    int cols = 2;
    int rows = Math.max(1, (windows.size() + cols - 1) / cols);
    int cellW = 490;
    int cellH = 250;
    BufferedImage img = canvas(cols * cellW + 20, rows * cellH + 60);
    Graphics2D g = graphics(img);
    header(g, title);
    if (windows.isEmpty()) {
      note(g, "no trades in this run", 40, 90);
    }
    for (int k = 0; k < windows.size(); k++) {
      TradeWindow w = windows.get(k);
      int n = w.close().length;
      double lo = Double.MAX_VALUE;
      double hi = -Double.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        for (double v : new double[] {w.close()[i], w.stop()[i]}) {
          if (!Double.isNaN(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
      lo = Math.min(lo, Math.min(w.entryPrice(), w.exitPrice()));
      hi = Math.max(hi, Math.max(w.entryPrice(), w.exitPrice()));
      int left = 70 + (k % cols) * cellW;
      int top = 80 + (k / cols) * cellH;
      Panel p = new Panel(g, left, top, cellW - 90, cellH - 70).range(0, Math.max(1, n - 1), lo, hi).padY(0.08);
      double[] ticks = {0, w.entryIndex(), w.exitIndex(), n - 1};
      p.title(w.title()).axes(4, v -> String.format("%.3f", v), ticks, i -> label(w.labels(), i));
      double[] xs = index(n);
      p.line(xs, w.close(), Panel.PALETTE[0], 1.4f).step(xs, w.stop(), RED, 1.4f, true);
      p.marker(w.entryIndex(), w.entryPrice(), true, GREEN).marker(w.exitIndex(), w.exitPrice(), false, RED);
      if (k == 0) {
        p.legend("minute close", Panel.PALETTE[0]).legend("stop in force", RED).legend("entry fill", GREEN)
            .legend("exit fill", RED);
      }
    }
    g.dispose();
    return img;
  }

  /** A symbol's daily maximum of each signal score, with the days a position was entered marked. */
  public static BufferedImage signals(String title, List<LocalDate> days, Map<String, double[]> dailyMax,
      List<Integer> entryDays, double trigger) {
    BufferedImage img = canvas(1000, 480);
    Graphics2D g = graphics(img);
    header(g, title);
    int n = days.size();
    Panel p = new Panel(g, 90, 70, 880, 340).range(0, Math.max(1, n - 1), 0, 1);
    p.title("daily maximum of each score (entries dashed)").axes(4, v -> String.format("%.2f", v), dayTicks(n),
        i -> dayLabel(days, i));
    for (int d : entryDays) {
      p.vline(d, GREEN);
    }
    double[] xs = index(n);
    int c = 0;
    for (Map.Entry<String, double[]> e : dailyMax.entrySet()) {
      Color color = Panel.PALETTE[c++ % Panel.PALETTE.length];
      p.line(xs, e.getValue(), color, e.getKey().equals("composite") ? 2.6f : 1.2f).legend(e.getKey(), color);
    }
    p.hline(trigger, Color.GRAY);
    g.dispose();
    return img;
  }

  /** Mean close-to-D-1 return and mean volume ratio by offset from the gap day, one line per label. */
  public static BufferedImage eventStudy(String title, List<EventPath> paths) {
    BufferedImage img = canvas(1000, 620);
    Graphics2D g = graphics(img);
    header(g, title);
    if (paths.isEmpty()) {
      note(g, "no pre-gap event study in the lake (run ./l2lake pregap)", 40, 90);
      g.dispose();
      return img;
    }
    int minOff = Integer.MAX_VALUE;
    int maxOff = Integer.MIN_VALUE;
    double rLo = 0;
    double rHi = 0;
    double vHi = 1;
    for (EventPath e : paths) {
      for (int i = 0; i < e.offsets().length; i++) {
        minOff = Math.min(minOff, e.offsets()[i]);
        maxOff = Math.max(maxOff, e.offsets()[i]);
        if (!Double.isNaN(e.meanReturn()[i])) {
          rLo = Math.min(rLo, e.meanReturn()[i]);
          rHi = Math.max(rHi, e.meanReturn()[i]);
        }
        if (!Double.isNaN(e.volumeRatio()[i])) {
          vHi = Math.max(vHi, e.volumeRatio()[i]);
        }
      }
    }
    double[] ticks = new double[maxOff - minOff + 1];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] = minOff + i;
    }
    Panel ret = new Panel(g, 90, 70, 880, 260).range(minOff, maxOff, rLo, rHi).padY(0.05);
    ret.title("mean close / close of D-1 - 1").axes(4, v -> String.format("%.0f%%", 100 * v), ticks,
        v -> v == 0 ? "D" : String.format("%+d", (int) v));
    ret.hline(0, Color.GRAY).vline(0, Color.GRAY);
    Panel vol = new Panel(g, 90, 380, 880, 190).range(minOff, maxOff, 0, vHi).padY(0.03);
    vol.title("mean volume / mean volume of the 20 days before D").axes(4, v -> String.format("%.1fx", v), ticks,
        v -> v == 0 ? "D" : String.format("%+d", (int) v));
    vol.hline(1, Color.GRAY).vline(0, Color.GRAY);
    int c = 0;
    for (EventPath e : paths) {
      Color color = Panel.PALETTE[c++ % Panel.PALETTE.length];
      double[] xs = new double[e.offsets().length];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = e.offsets()[i];
      }
      ret.line(xs, e.meanReturn(), color, 2f).legend(e.label() + " (" + e.events() + " events)", color);
      vol.line(xs, e.volumeRatio(), color, 2f);
    }
    g.dispose();
    return img;
  }

  /** Symbols down, days across: green passed, amber a warning, red an error, grey no data that day. */
  public static BufferedImage qualityHeatmap(String title, List<String> symbols, List<LocalDate> days,
      int[][] level) {
    int rowH = Math.max(4, Math.min(16, 640 / Math.max(1, symbols.size())));
    int width = 1000;
    int height = 120 + rowH * Math.max(1, symbols.size());
    BufferedImage img = canvas(width, height);
    Graphics2D g = graphics(img);
    header(g, title);
    int n = days.size();
    Panel p = new Panel(g, 110, 80, 860, rowH * Math.max(1, symbols.size()))
        .range(0, Math.max(1, n), 0, Math.max(1, symbols.size()));
    Color[] colors = {new Color(0xbbbbbb), new Color(0x9fd89f), new Color(0xf5c04a), new Color(0xd62728)};
    int[] counts = new int[4];
    for (int s = 0; s < symbols.size(); s++) {
      for (int d = 0; d < n; d++) {
        int lv = level[s][d];
        counts[lv + 1]++;
        p.cell(d, symbols.size() - 1 - s, colors[lv + 1]);
      }
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(11, rowH)));
    g.setColor(Panel.TEXT);
    int every = Math.max(1, 12 / rowH);
    for (int s = 0; s < symbols.size(); s += every) {
      String name = symbols.get(s);
      g.drawString(name, 104 - g.getFontMetrics().stringWidth(name), p.py(symbols.size() - 1 - s) - 1);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (double t : dayTicks(n)) {
      String s = dayLabel(days, t);
      g.drawString(s, p.px(t + 0.5) - g.getFontMetrics().stringWidth(s) / 2, p.top() + p.height() + 15);
    }
    String[] names = {"no data", "passed", "warning", "error (unusable)"};
    int x = 110;
    for (int i = 0; i < 4; i++) {
      g.setColor(colors[i]);
      g.fillRect(x, 50, 14, 12);
      g.setColor(Panel.TEXT);
      String s = names[i] + " (" + counts[i] + ")";
      g.drawString(s, x + 18, 60);
      x += 40 + g.getFontMetrics().stringWidth(s);
    }
    g.dispose();
    return img;
  }

  private static BufferedImage canvas(int w, int h) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  private static Graphics2D graphics(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    return g;
  }

  private static void header(Graphics2D g, String title) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, 20, 28);
  }

  private static void note(Graphics2D g, String text, int x, int y) {
    g.setColor(Panel.TEXT);
    g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
    g.drawString(text, x, y);
  }

  private static double[] index(int n) {
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = i;
    }
    return xs;
  }

  private static double[] dayTicks(int n) {
    List<Double> t = new ArrayList<>();
    int step = Math.max(1, (n + 5) / 6);
    for (int i = 0; i < n; i += step) {
      t.add((double) i);
    }
    return t.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String dayLabel(List<LocalDate> days, double i) {
    int k = (int) Math.round(i);
    return k >= 0 && k < days.size() ? days.get(k).toString() : "";
  }

  private static String label(String[] labels, double i) {
    int k = (int) Math.round(i);
    return k >= 0 && k < labels.length ? labels[k] : "";
  }
}
