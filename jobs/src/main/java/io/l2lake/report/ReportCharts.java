package io.l2lake.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.DateFormat;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.IntFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.LegendItemSource;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.block.ColumnArrangement;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts, drawn with JFreeChart from plain values already gathered from the lake (no Spark
 * here): equity and drawdown, trades on price with their stops, a symbol's signal scores by day, the
 * pre-gap event study and the data-quality heat map. Each chart is one PNG-ready image; a chart of
 * several panels (equity over drawdown, the event study's two measures, the trades' small multiples)
 * is one JFreeChart per panel drawn into its own rectangle of the image, under the image's title.
 *
 * <p>Why JFreeChart (1.5, LGPL) rather than XChart (Apache 2.0): both draw PNGs headless, with date
 * axes and step and area series, but JFreeChart is one 1.6 MB jar with no dependencies where XChart brings
 * PDF, SVG and GIF writers (VectorGraphics2D, pdfbox-graphics2d, animated-gif-lib) the report has no use
 * for, and its parts fit these charts as they are: a block renderer with a lookup paint scale (the heat
 * map's four discrete levels), value markers (entry days, the trigger, the gap day), legends made from any
 * list of items and placed inside a plot, charts drawn into any rectangle of a {@link Graphics2D}, and
 * deviation and difference renderers for a band such as 5-95%. The jar goes into the application jar
 * unrelocated, so it stays a replaceable library as the LGPL asks.
 *
 * <p>Cost: each chart holds its points in memory; the report passes at most a few thousand per chart.
 */
public final class ReportCharts {
  private ReportCharts() {}

  /** A trade with the minute bars around it: {@code stop} is NaN outside the position. */
  public record TradeWindow(String title, String[] labels, double[] close, double[] stop, int entryIndex,
      double entryPrice, int exitIndex, double exitPrice) {}

  /** One gap label's event-study path: offsets from D, mean return to D-1's close, mean volume ratio. */
  public record EventPath(String label, int events, int[] offsets, double[] meanReturn, double[] volumeRatio) {}

  /**
   * Skill or luck: the strategy's equity after each trade closes (starting capital plus its summed net PnL)
   * against the band of the matched random draws' equity (5th to 95th percentile, and the median), at the
   * same trades' exits.
   */
  public static BufferedImage luck(String title, RunReportModel.Luck l) {
    Sheet s = new Sheet(1000, 460, title);
    if (l == null || l.exits().isEmpty()) {
      s.note(l == null ? "no matched random draws for this run (run the backtest without --no-random)"
          : "no strategy trade had a matched alternative");
      return s.done();
    }
    org.jfree.data.xy.YIntervalSeries band = new org.jfree.data.xy.YIntervalSeries(String.format(Locale.ROOT,
        "%d random draws: median and 5-95%%", l.draws()));
    XYSeries strategy = new XYSeries(String.format(Locale.ROOT,
        "strategy: %+.2f%% a trade [%+.2f%%, %+.2f%%], p = %.3f", 100 * l.meanReturn(), 100 * l.low(),
        100 * l.high(), l.pValue()), false, true);
    for (int k = 0; k < l.exits().size(); k++) {
      double x = l.exits().get(k).toEpochMilli();
      band.add(x, l.capital() * (1 + l.p50()[k]), l.capital() * (1 + l.p05()[k]), l.capital() * (1 + l.p95()[k]));
      strategy.add(x, l.capital() * (1 + l.strategy()[k]));
    }
    org.jfree.data.xy.YIntervalSeriesCollection draws = new org.jfree.data.xy.YIntervalSeriesCollection();
    draws.addSeries(band);
    org.jfree.chart.renderer.xy.DeviationRenderer bandRenderer = new org.jfree.chart.renderer.xy.DeviationRenderer(
        true, false);
    bandRenderer.setSeriesPaint(0, Color.GRAY);
    bandRenderer.setSeriesFillPaint(0, new Color(0xbbbbbb));
    bandRenderer.setAlpha(0.45f);
    bandRenderer.setSeriesStroke(0, new BasicStroke(1.5f));
    XYPlot p = plot(new XYSeriesCollection(strategy), dayAxis(), valueAxis("#,##0", 0.05), lines(1, i -> 2.5f));
    p.setDataset(1, draws);
    p.setRenderer(1, bandRenderer);
    p.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
    p.addRangeMarker(marker(l.capital(), Color.GRAY, dashed(1f, 4f, 4f)));
    legendInside(p);
    s.place(panel("equity after each strategy trade closes ($), the draws' at the same trades", p), 0,
        HEADER_HEIGHT, 1000, 460 - HEADER_HEIGHT);
    return s.done();
  }

  /**
   * The gaps and what the strategy did: for the gaps after a READY day and for the others, how many it held
   * at the open, had exited before, or never entered; the oracle's figures in the title line.
   */
  public static BufferedImage gaps(String title, List<RunReportModel.GapCount> gaps, RunReportModel.Oracle oracle) {
    Sheet s = new Sheet(1000, 300, title);
    if (gaps.isEmpty()) {
      s.note("no gap in the run's range (or no gap attribution in the lake)");
      return s.done();
    }
    org.jfree.data.category.DefaultCategoryDataset d = new org.jfree.data.category.DefaultCategoryDataset();
    List<String> statuses = List.of("held", "exited", "not_entered");
    for (boolean ready : new boolean[] {true, false}) {
      String row = ready ? "READY on D-1" : "not READY on D-1";
      for (String st : statuses) {
        long n = gaps.stream().filter(g -> g.readyBefore() == ready && g.status().equals(st))
            .mapToLong(RunReportModel.GapCount::gaps).sum();
        d.addValue(n, st.replace('_', ' '), row);
      }
    }
    org.jfree.chart.axis.CategoryAxis rows = new org.jfree.chart.axis.CategoryAxis();
    rows.setTickLabelFont(TICK_FONT);
    rows.setTickLabelPaint(TEXT);
    NumberAxis count = valueAxis("#,##0", 0);
    count.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    org.jfree.chart.renderer.category.StackedBarRenderer r = new org.jfree.chart.renderer.category.StackedBarRenderer();
    r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, GREEN);
    r.setSeriesPaint(1, new Color(0xf5c04a));
    r.setSeriesPaint(2, new Color(0xbbbbbb));
    r.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator());
    r.setDefaultItemLabelsVisible(true);
    r.setDefaultItemLabelFont(TICK_FONT);
    org.jfree.chart.plot.CategoryPlot p = new org.jfree.chart.plot.CategoryPlot(d, rows, count, r);
    p.setOrientation(org.jfree.chart.plot.PlotOrientation.HORIZONTAL);
    p.setBackgroundPaint(Color.WHITE);
    p.setOutlinePaint(Color.GRAY);
    p.setRangeGridlinePaint(GRID);
    JFreeChart c = new JFreeChart(String.format(Locale.ROOT,
        "gaps by the tracker's state the day before; oracle (buy the READY eve's close, sell the open): %d trades, "
            + "mean %+.1f%%", oracle.trades(), 100 * (Double.isNaN(oracle.meanReturn()) ? 0 : oracle.meanReturn())),
        PANEL_FONT, p, true);
    c.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
    c.getTitle().setPaint(Color.BLACK);
    c.getLegend().setItemFont(TICK_FONT);
    c.getLegend().setFrame(BlockBorder.NONE);
    c.setBackgroundPaint(Color.WHITE);
    c.setPadding(new RectangleInsets(4, 8, 8, 24));
    s.place(c, 0, HEADER_HEIGHT, 1000, 300 - HEADER_HEIGHT);
    return s.done();
  }

  /** Data-quality levels of a symbol-day in the heat map. */
  public static final int MISSING = -1;
  public static final int OK = 0;
  public static final int WARN = 1;
  public static final int ERROR = 2;

  /** Series colours, in the order series are added. */
  static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0x17becf)};
  /** Heat-map colours of {@link #MISSING}, {@link #OK}, {@link #WARN} and {@link #ERROR}. */
  static final Color[] LEVEL_COLOURS = {new Color(0xbbbbbb), new Color(0x9fd89f), new Color(0xf5c04a),
      new Color(0xd62728)};
  /** Heat-map legend swatches, in pixels. */
  static final int SWATCH_WIDTH = 14;
  static final int SWATCH_HEIGHT = 12;
  static final Color TEXT = new Color(0x333333);

  private static final Color GREEN = new Color(0x2ca02c);
  private static final Color RED = new Color(0xd62728);
  private static final Color GRID = new Color(0xe3e3e3);
  private static final Font HEADER_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private static final Font PANEL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.ITALIC, 14);
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
  /** Left axis space of every panel, so that panels stacked in one image share their x positions. */
  private static final double AXIS_WIDTH = 72;
  private static final int HEADER_HEIGHT = 40;

  /** Equity of each entry mode (same days) and, below, each mode's drawdown from its running peak. */
  public static BufferedImage equity(String title, List<LocalDate> days, Map<String, double[]> equityByMode) {
    XYSeriesCollection equity = new XYSeriesCollection();
    XYSeriesCollection drawdowns = new XYSeriesCollection();
    double worst = 0;
    for (Map.Entry<String, double[]> e : equityByMode.entrySet()) {
      equity.addSeries(byDay(e.getKey(), days, e.getValue()));
      double[] dd = drawdown(e.getValue());
      double w = 0;
      for (double d : dd) {
        w = Double.isNaN(d) ? w : Math.min(w, d);
      }
      worst = Math.min(worst, w);
      drawdowns.addSeries(byDay(String.format(Locale.ROOT, "%s: worst %.1f%%", e.getKey(), 100 * w), days, dd));
    }
    XYPlot top = plot(equity, dayAxis(), valueAxis("#,##0", 0.05), lines(equityByMode.size(), i -> 2f));
    legendInside(top);
    NumberAxis ddAxis = valueAxis("0%", 0);
    ddAxis.setRange(Math.min(worst, -0.01), 0);
    XYPlot bottom = plot(drawdowns, dayAxis(), ddAxis, lines(equityByMode.size(), i -> 1.5f));
    legendInside(bottom);
    Sheet s = new Sheet(1000, 600, title);
    s.place(panel("equity at the close ($)", top), 0, HEADER_HEIGHT, 1000, 370);
    s.place(panel("drawdown from the running peak", bottom), 0, HEADER_HEIGHT + 370, 1000, 190);
    return s.done();
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

  /** Small multiples, two a row: each trade's minute closes, the stop in force, the entry and the exit. */
  public static BufferedImage trades(String title, List<TradeWindow> windows) {
    int cols = 2;
    int rows = Math.max(1, (windows.size() + cols - 1) / cols);
    int cellW = 490;
    int cellH = 250;
    Sheet s = new Sheet(cols * cellW + 20, rows * cellH + 60, title);
    if (windows.isEmpty()) {
      s.note("no trades in this run");
    }
    for (int k = 0; k < windows.size(); k++) {
      TradeWindow w = windows.get(k);
      int n = w.close().length;
      XYSeriesCollection close = new XYSeriesCollection(indexed("minute close", w.close()));
      XYSeriesCollection stop = new XYSeriesCollection(indexed("stop in force", w.stop()));
      XYSeries entry = new XYSeries("entry fill");
      entry.add(w.entryIndex(), w.entryPrice());
      XYSeries exit = new XYSeries("exit fill");
      exit.add(w.exitIndex(), w.exitPrice());
      XYSeriesCollection fills = new XYSeriesCollection(entry);
      fills.addSeries(exit);

      NumberAxis x = new NumberAxis();
      style(x);
      x.setAutoRangeIncludesZero(false);
      x.setRange(0, Math.max(1, n - 1));
      x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      x.setNumberFormatOverride(new IndexLabels(0, n - 1, i -> w.labels()[i]));
      XYPlot p = plot(close, x, valueAxis("0.000", 0.08), lines(1, i -> 1.4f));
      XYStepRenderer step = new XYStepRenderer();
      step.setSeriesPaint(0, RED);
      step.setSeriesStroke(0, dashed(1.4f, 5f, 3f));
      p.setDataset(1, stop);
      p.setRenderer(1, step);
      XYLineAndShapeRenderer markers = new XYLineAndShapeRenderer(false, true);
      markers.setSeriesPaint(0, GREEN);
      markers.setSeriesShape(0, triangle(true));
      markers.setSeriesPaint(1, RED);
      markers.setSeriesShape(1, triangle(false));
      markers.setUseOutlinePaint(true);
      markers.setDefaultOutlinePaint(Color.BLACK);
      markers.setDefaultOutlineStroke(new BasicStroke(0.8f));
      markers.setDrawOutlines(true);
      p.setDataset(2, fills);
      p.setRenderer(2, markers);
      // Fills on top of the stop, the stop on top of the price.
      p.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
      if (k == 0) {
        legendInside(p);
      }
      s.place(panel(w.title(), p), 10 + (k % cols) * cellW, HEADER_HEIGHT + (k / cols) * cellH, cellW, cellH);
    }
    return s.done();
  }

  /** A symbol's daily maximum of each signal score, with the days a position was entered marked. */
  public static BufferedImage signals(String title, List<LocalDate> days, Map<String, double[]> dailyMax,
      List<Integer> entryDays, double trigger) {
    XYSeriesCollection scores = new XYSeriesCollection();
    dailyMax.forEach((name, v) -> scores.addSeries(byDay(name, days, v)));
    List<String> names = List.copyOf(dailyMax.keySet());
    NumberAxis y = valueAxis("0.00", 0);
    y.setRange(0, 1);
    XYPlot p = plot(scores, dayAxis(), y, lines(names.size(), i -> names.get(i).equals("composite") ? 2.6f : 1.2f));
    for (int d : entryDays) {
      p.addDomainMarker(marker(millis(days.get(d)), GREEN, dashed(1f, 4f, 4f)));
    }
    p.addRangeMarker(marker(trigger, Color.GRAY, new BasicStroke(1f)));
    legendInside(p);
    Sheet s = new Sheet(1000, 480, title);
    s.place(panel("daily maximum of each score (entries dashed)", p), 0, HEADER_HEIGHT, 1000, 430);
    return s.done();
  }

  /** Mean close-to-D-1 return and mean volume ratio by offset from the gap day, one line per label. */
  public static BufferedImage eventStudy(String title, List<EventPath> paths) {
    Sheet s = new Sheet(1000, 620, title);
    if (paths.isEmpty()) {
      s.note("no pre-gap event study in the lake (run ./l2lake pregap)");
      return s.done();
    }
    XYSeriesCollection returns = new XYSeriesCollection();
    XYSeriesCollection volumes = new XYSeriesCollection();
    double rLo = 0;
    double rHi = 0;
    double vHi = 1;
    for (EventPath e : paths) {
      XYSeries r = new XYSeries(e.label() + " (" + e.events() + " events)", false, true);
      XYSeries v = new XYSeries(e.label(), false, true);
      for (int i = 0; i < e.offsets().length; i++) {
        r.add(e.offsets()[i], e.meanReturn()[i]);
        v.add(e.offsets()[i], e.volumeRatio()[i]);
        if (!Double.isNaN(e.meanReturn()[i])) {
          rLo = Math.min(rLo, e.meanReturn()[i]);
          rHi = Math.max(rHi, e.meanReturn()[i]);
        }
        if (!Double.isNaN(e.volumeRatio()[i])) {
          vHi = Math.max(vHi, e.volumeRatio()[i]);
        }
      }
      returns.addSeries(r);
      volumes.addSeries(v);
    }
    NumberAxis retAxis = valueAxis("0%", 0);
    double pad = rHi > rLo ? 0.05 * (rHi - rLo) : 0.01;
    retAxis.setRange(rLo - pad, rHi + pad);
    XYPlot ret = plot(returns, offsetAxis(), retAxis, lines(paths.size(), i -> 2f));
    ret.addRangeMarker(marker(0, Color.GRAY, new BasicStroke(1f)));
    ret.addDomainMarker(marker(0, Color.GRAY, dashed(1f, 4f, 4f)));
    legendInside(ret);
    NumberAxis volAxis = valueAxis("0.0x", 0);
    volAxis.setRange(0, vHi * 1.03);
    XYPlot vol = plot(volumes, offsetAxis(), volAxis, lines(paths.size(), i -> 2f));
    vol.addRangeMarker(marker(1, Color.GRAY, new BasicStroke(1f)));
    vol.addDomainMarker(marker(0, Color.GRAY, dashed(1f, 4f, 4f)));
    s.place(panel("mean close / close of D-1 - 1", ret), 0, HEADER_HEIGHT, 1000, 320);
    s.place(panel("mean volume / mean volume of the 20 days before D", vol), 0, HEADER_HEIGHT + 320, 1000, 250);
    return s.done();
  }

  /**
   * Symbols down (the first on top), days across: green passed, amber a warning, red an error, grey no
   * data that day; the legend counts the symbol-days of each level.
   */
  public static BufferedImage qualityHeatmap(String title, List<String> symbols, List<LocalDate> days,
      int[][] level) {
    int rowH = Math.max(4, Math.min(16, 640 / Math.max(1, symbols.size())));
    int m = symbols.size();
    int n = days.size();
    double[][] xyz = new double[3][m * n];
    int[] counts = new int[LEVEL_COLOURS.length];
    for (int s = 0; s < m; s++) {
      for (int d = 0; d < n; d++) {
        int i = s * n + d;
        xyz[0][i] = d;
        xyz[1][i] = m - 1 - s;
        xyz[2][i] = level[s][d];
        counts[level[s][d] - MISSING]++;
      }
    }
    DefaultXYZDataset grid = new DefaultXYZDataset();
    grid.addSeries("level", xyz);
    LookupPaintScale scale = new LookupPaintScale(MISSING - 0.5, ERROR + 0.5, Color.WHITE);
    for (int lv = MISSING; lv <= ERROR; lv++) {
      scale.add(lv - 0.5, LEVEL_COLOURS[lv - MISSING]);
    }
    XYBlockRenderer blocks = new XYBlockRenderer();
    blocks.setPaintScale(scale);
    NumberAxis x = indexAxis(n, i -> days.get(i).toString());
    NumberAxis y = indexAxis(m, i -> symbols.get(m - 1 - i));
    XYPlot p = plot(grid, x, y, blocks);
    p.setDomainGridlinesVisible(false);
    p.setRangeGridlinesVisible(false);
    String[] names = {"no data", "passed", "warning", "error (unusable)"};
    LegendItemCollection items = new LegendItemCollection();
    for (int i = 0; i < names.length; i++) {
      items.add(new LegendItem(names[i] + " (" + counts[i] + ")", null, null, null,
          new Rectangle(-SWATCH_WIDTH / 2, -SWATCH_HEIGHT / 2, SWATCH_WIDTH, SWATCH_HEIGHT), LEVEL_COLOURS[i]));
    }
    LegendItemSource source = () -> items;
    LegendTitle legend = new LegendTitle(source);
    legend.setItemFont(TICK_FONT);
    legend.setItemPaint(TEXT);
    legend.setFrame(BlockBorder.NONE);
    legend.setPosition(RectangleEdge.TOP);
    legend.setHorizontalAlignment(HorizontalAlignment.LEFT);
    JFreeChart chart = new JFreeChart(title, HEADER_FONT, p, false);
    chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
    chart.getTitle().setPadding(new RectangleInsets(8, 12, 4, 4));
    chart.addSubtitle(legend);
    chart.setBackgroundPaint(Color.WHITE);
    // Cells and swatches in their exact colours, no blended edges.
    chart.setAntiAlias(false);
    chart.setTextAntiAlias(true);
    return chart.createBufferedImage(1000, 120 + rowH * Math.max(1, m), BufferedImage.TYPE_INT_RGB, null);
  }

  /** An image with a title at its top, into which panels are drawn. */
  private static final class Sheet {
    private final BufferedImage image;
    private final Graphics2D g;

    Sheet(int width, int height, String title) {
      image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      g = image.createGraphics();
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      text(title, HEADER_FONT, Color.BLACK, 0);
    }

    /** A line of italic text under the title, where the panels would be. */
    void note(String text) {
      text(text, NOTE_FONT, TEXT, HEADER_HEIGHT + 10);
    }

    void place(JFreeChart chart, int x, int y, int width, int height) {
      chart.draw(g, new Rectangle2D.Double(x, y, width, height));
    }

    BufferedImage done() {
      g.dispose();
      return image;
    }

    private void text(String text, Font font, Color paint, int top) {
      TextTitle t = new TextTitle(text, font);
      t.setPaint(paint);
      t.setHorizontalAlignment(HorizontalAlignment.LEFT);
      t.setPadding(new RectangleInsets(10, 20, 4, 20));
      Rectangle2D area = new Rectangle2D.Double(0, top, image.getWidth(), HEADER_HEIGHT);
      t.arrange(g, RectangleConstraint.NONE);
      t.draw(g, area);
    }
  }

  /** A panel: the plot under a bold title, on white. */
  private static JFreeChart panel(String title, XYPlot plot) {
    JFreeChart c = new JFreeChart(title, PANEL_FONT, plot, false);
    c.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
    c.getTitle().setPaint(Color.BLACK);
    c.getTitle().setPadding(new RectangleInsets(4, AXIS_WIDTH + 8, 2, 2));
    c.setBackgroundPaint(Color.WHITE);
    c.setPadding(new RectangleInsets(4, 8, 8, 24));
    return c;
  }

  private static XYPlot plot(XYDataset data, ValueAxis x, ValueAxis y, XYItemRenderer r) {
    XYPlot p = new XYPlot(data, x, y, r);
    p.setBackgroundPaint(Color.WHITE);
    p.setOutlinePaint(Color.GRAY);
    p.setDomainGridlinePaint(GRID);
    p.setRangeGridlinePaint(GRID);
    p.setDomainGridlineStroke(new BasicStroke(1f));
    p.setRangeGridlineStroke(new BasicStroke(1f));
    p.setAxisOffset(RectangleInsets.ZERO_INSETS);
    AxisSpace left = new AxisSpace();
    left.setLeft(AXIS_WIDTH);
    p.setFixedRangeAxisSpace(left);
    return p;
  }

  /** One line per series in the palette's colours, {@code width.apply(series)} pixels wide. */
  private static XYLineAndShapeRenderer lines(int series, IntFunction<Float> width) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < series; i++) {
      r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(width.apply(i), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }
    return r;
  }

  /** The plot's legend, one entry a row, in its top-left corner. */
  private static void legendInside(XYPlot p) {
    LegendTitle legend = new LegendTitle(p, new ColumnArrangement(), new ColumnArrangement());
    legend.setItemFont(TICK_FONT);
    legend.setItemPaint(TEXT);
    legend.setBackgroundPaint(new Color(255, 255, 255, 215));
    legend.setFrame(BlockBorder.NONE);
    legend.setPadding(new RectangleInsets(2, 4, 2, 4));
    p.addAnnotation(new XYTitleAnnotation(0.005, 0.99, legend, RectangleAnchor.TOP_LEFT));
  }

  private static void style(ValueAxis a) {
    a.setTickLabelFont(TICK_FONT);
    a.setTickLabelPaint(TEXT);
    a.setAxisLinePaint(Color.GRAY);
    a.setTickMarkPaint(Color.GRAY);
  }

  private static NumberAxis valueAxis(String pattern, double margin) {
    NumberAxis a = new NumberAxis();
    style(a);
    a.setAutoRangeIncludesZero(false);
    a.setNumberFormatOverride(new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)));
    a.setLowerMargin(margin);
    a.setUpperMargin(margin);
    return a;
  }

  /** Calendar days, labelled yyyy-MM-dd (or by month or year when the range is long). */
  private static DateAxis dayAxis() {
    DateAxis a = new DateAxis(null, UTC, Locale.ROOT);
    style(a);
    TickUnits units = new TickUnits();
    for (int d : new int[] {1, 2, 7, 14}) {
      units.add(new DateTickUnit(DateTickUnitType.DAY, d, utc("yyyy-MM-dd")));
    }
    for (int mo : new int[] {1, 3, 6}) {
      units.add(new DateTickUnit(DateTickUnitType.MONTH, mo, utc("yyyy-MM")));
    }
    units.add(new DateTickUnit(DateTickUnitType.YEAR, 1, utc("yyyy")));
    a.setStandardTickUnits(units);
    a.setLowerMargin(0.01);
    a.setUpperMargin(0.01);
    return a;
  }

  /** Offsets from the gap day, one tick each: D-2 is "-2", D itself "D". */
  private static NumberAxis offsetAxis() {
    NumberAxis a = new NumberAxis();
    style(a);
    a.setAutoRangeIncludesZero(false);
    a.setTickUnit(new NumberTickUnit(1, new IndexLabels(Integer.MIN_VALUE, Integer.MAX_VALUE,
        i -> i == 0 ? "D" : String.format(Locale.ROOT, "%+d", i))));
    a.setLowerMargin(0.01);
    a.setUpperMargin(0.01);
    return a;
  }

  /** Cells 0..n-1 centred on their index, labelled by {@code label}. */
  private static NumberAxis indexAxis(int n, IntFunction<String> label) {
    NumberAxis a = new NumberAxis();
    style(a);
    a.setAutoRangeIncludesZero(false);
    a.setRange(-0.5, Math.max(1, n) - 0.5);
    a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    a.setNumberFormatOverride(new IndexLabels(0, n - 1, label));
    a.setTickMarksVisible(false);
    return a;
  }

  private static XYSeries byDay(String key, List<LocalDate> days, double[] values) {
    XYSeries s = new XYSeries(key, false, true);
    for (int i = 0; i < days.size(); i++) {
      s.add(millis(days.get(i)), values[i]);
    }
    return s;
  }

  private static XYSeries indexed(String key, double[] values) {
    XYSeries s = new XYSeries(key, false, true);
    for (int i = 0; i < values.length; i++) {
      s.add(i, values[i]);
    }
    return s;
  }

  private static long millis(LocalDate d) {
    return d.toEpochDay() * 86_400_000L;
  }

  private static DateFormat utc(String pattern) {
    DateFormat f = new SimpleDateFormat(pattern, Locale.ROOT);
    f.setTimeZone(UTC);
    return f;
  }

  /** A reference line across the plot at {@code value}, opaque. */
  private static ValueMarker marker(double value, Color color, Stroke stroke) {
    ValueMarker m = new ValueMarker(value, color, stroke);
    m.setAlpha(1f);
    return m;
  }

  private static Stroke dashed(float width, float on, float off) {
    return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {on, off}, 0f);
  }

  /** A filled triangle of 12 pixels, pointing up (entries) or down (exits), centred on its point. */
  private static Shape triangle(boolean up) {
    int s = 6;
    return up ? new Polygon(new int[] {-s, s, 0}, new int[] {s, s, -s}, 3)
        : new Polygon(new int[] {-s, s, 0}, new int[] {-s, -s, s}, 3);
  }

  /**
   * Tick labels of whole-number positions in {@code [min, max]} from a function of the position. Ticks fall
   * on whole numbers; the axis also formats its range's ends (half-way positions) to measure the labels'
   * width, and gets the nearest position's label.
   */
  private static final class IndexLabels extends NumberFormat {
    private final int min;
    private final int max;
    private final IntFunction<String> label;

    IndexLabels(int min, int max, IntFunction<String> label) {
      this.min = min;
      this.max = max;
      this.label = label;
    }

    @Override
    public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
      return format(Math.round(v), to, pos);
    }

    @Override
    public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
      return max < min ? to : to.append(label.apply((int) Math.max(min, Math.min(max, v))));
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      throw new UnsupportedOperationException("tick labels are only written");
    }
  }
}
