package io.l2lake.lobster;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The LOBSTER evaluation's results as one JSON object and as markdown tables. */
public final class LobsterReport {
  private LobsterReport() {}

  /** Separators with a space after them, on one line: {@code {"a": 1, "b": [1, 2]}}. */
  private static final class OneLine extends MinimalPrettyPrinter {
    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  }

  private static final ObjectWriter JSON = new ObjectMapper()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writer(new OneLine());

  /**
   * {@code bucket_seconds}, the options, the configured rule, {@code sides} (one object per symbol, feed, delay
   * and slice of trades: accuracy and coverage per rule) and {@code symbols} (OFI, the memory fit, depth errors
   * per level and per distance, the ticks-only touch estimate). Scores have four decimals; NaN is null.
   */
  public static String toJson(LobsterEvaluation.Result r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("bucket_seconds", LobsterEvaluation.BUCKET_SECONDS);
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("quote_delay_ms", r.options().delaysMs());
    opts.put("jitter_ms", r.options().jitterMs());
    opts.put("seed", r.options().seed());
    opts.put("feeds", r.options().feeds());
    opts.put("memory_grid", r.options().memoryGrid());
    opts.put("baseline_minutes", r.options().baselineMinutes());
    root.put("options", opts);
    root.put("configured_side_rule", r.configuredRule());
    List<Object> sides = new ArrayList<>();
    for (LobsterEvaluation.Sides s : r.sides()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("symbol", s.symbol());
      o.put("feed", s.feed());
      o.put("quote_delay_ms", s.delayMs());
      o.put("trades", s.trades());
      o.put("n", s.n());
      o.put("accuracy", scores(s.accuracy()));
      o.put("coverage", scores(s.coverage()));
      sides.add(o);
    }
    root.put("sides", sides);
    Map<String, Object> symbols = new LinkedHashMap<>();
    for (LobsterEvaluation.SymbolResult s : r.symbols()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("levels", s.levels());
      o.put("trades", s.trades());
      o.put("hidden_executions", s.hidden());
      o.put("ofi_r2_median", score(s.ofiMedianR2()));
      o.put("ofi_r2_by_half_hour", s.ofiR2ByHalfHour().stream().map(LobsterReport::score).toList());
      Map<String, Object> fit = new LinkedHashMap<>();
      fit.put("fitted_on", s.fit().fittedOn());
      fit.put("memory_seconds", s.fit().memorySeconds());
      fit.put("score_on_fitted", keyed(s.fit().scoreOnFitted()));
      fit.put("score_on_this", keyed(s.fit().scoreOnThis()));
      o.put("book_memory_fit", fit);
      o.put("book_snapshots", s.bookSnapshots());
      o.put("cum_depth_by_level", depth(s.byLevel()));
      o.put("cum_depth_by_ticks_from_touch", depth(s.byDistance()));
      Map<String, Object> touch = new LinkedHashMap<>();
      touch.put("signals_per_minute", touch(s.ticksOnlyTouch().perMinute()));
      touch.put("mean_touch_trade", touch(s.ticksOnlyTouch().perTrade()));
      o.put("ticks_only_touch_size", touch);
      symbols.put(s.symbol(), o);
    }
    root.put("symbols", symbols);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of numbers and strings always serialise", e);
    }
  }

  private static Map<String, Object> touch(LobsterEvaluation.TouchEstimate t) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("n", t.n());
    o.put("mean_true_size", score(t.meanTrue()));
    o.put("mae", score(t.mae()));
    o.put("relative_error", score(t.relative()));
    o.put("median_ratio", score(t.medianRatio()));
    return o;
  }

  private static Map<String, Object> scores(Map<String, Double> m) {
    Map<String, Object> o = new LinkedHashMap<>();
    m.forEach((k, v) -> o.put(k, score(v)));
    return o;
  }

  private static Map<String, Object> keyed(Map<Integer, Double> m) {
    Map<String, Object> o = new LinkedHashMap<>();
    m.forEach((k, v) -> o.put(Integer.toString(k), score(v)));
    return o;
  }

  private static Map<String, Object> depth(List<LobsterEvaluation.DepthError> rows) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (LobsterEvaluation.DepthError d : rows) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("n", d.n());
      for (int i = 0; i < LobsterEvaluation.ESTIMATORS.size(); i++) {
        o.put(LobsterEvaluation.ESTIMATORS.get(i), Map.of("mae", score(d.mae()[i]), "relative",
            score(d.relative()[i])));
      }
      out.put(d.key(), o);
    }
    return out;
  }

  /** Four decimals (half up), or null for NaN and infinities. */
  static BigDecimal score(double v) {
    return Double.isFinite(v) ? BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP) : null;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? f("%.3f", v) : "-";
  }

  /** The markdown tables of {@code docs/lobster.md}: trade sides, depth by level and by distance, fit, touch sizes. */
  public static String toMarkdown(LobsterEvaluation.Result r) {
    StringBuilder b = new StringBuilder();
    List<String> rules = new ArrayList<>(LobsterEvaluation.RULES.keySet());
    b.append("Trade-side accuracy (unclassified counts as wrong) by feed and quote delay; ")
        .append(f("jitter %d ms, seed %d. ", r.options().jitterMs(), r.options().seed()))
        .append("`l1`: Level-1 stream and trades; `ticks`: the trades and the quote each carries, no sizes. ")
        .append("Configured rule: `").append(r.configuredRule()).append("`.\n\n");
    b.append("| symbol | feed | delay ms | trades | n | ").append(String.join(" | ", rules)).append(" |\n");
    b.append("|---|---|---|---|---|").append("---|".repeat(rules.size())).append('\n');
    for (LobsterEvaluation.Sides s : r.sides()) {
      b.append(f("| %s | %s | %d | %s | %d | ", s.symbol(), s.feed(), s.delayMs(), s.trades(), s.n()));
      double best = s.accuracy().values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
      b.append(rules.stream().map(rule -> {
        double v = s.accuracy().get(rule);
        return v == best ? "**" + pct(v) + "**" : pct(v);
      }).collect(Collectors.joining(" | "))).append(" |\n");
    }
    b.append("\nCumulative depth through level k at the end of every 10-second bucket, both sides: mean absolute ")
        .append("error (shares) and mean relative error, of the pseudo book (memory chosen on the other file) ")
        .append(f("and the baselines (touch = every level as deep as the touch; last seen = the last size seen at "
            + "the price when it was the touch; mean touch = the mean touch size over the last %d minutes). "
            + "Gain: the pseudo book's MAE below the best baseline's, as a share of it.%n%n",
            r.options().baselineMinutes()));
    b.append("| symbol | memory s | level | n | pseudo-L2 | touch | last seen | mean touch | rel. pseudo-L2 | rel. touch "
        + "| rel. last seen | rel. mean touch | gain |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (LobsterEvaluation.SymbolResult s : r.symbols()) {
      for (LobsterEvaluation.DepthError d : s.byLevel()) {
        b.append(depthRow(s.symbol() + " | " + s.fit().memorySeconds(), d));
      }
    }
    b.append("\nThe same by the level's distance from the touch in ticks (cents):\n\n");
    b.append("| symbol | memory s | ticks | n | pseudo-L2 | touch | last seen | mean touch | rel. pseudo-L2 | rel. touch "
        + "| rel. last seen | rel. mean touch | gain |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (LobsterEvaluation.SymbolResult s : r.symbols()) {
      for (LobsterEvaluation.DepthError d : s.byDistance()) {
        b.append(depthRow(s.symbol() + " | " + s.fit().memorySeconds(), d));
      }
    }
    b.append("\nThe book's memory (decay time constant, s): mean relative error through levels 2-5 of each grid "
        + "value on the file it was fitted on and on the file scored; the chosen value is the best on the "
        + "fitted file.\n\n| scored | fitted on | grid: fitted | grid: scored | chosen |\n|---|---|---|---|---|\n");
    for (LobsterEvaluation.SymbolResult s : r.symbols()) {
      b.append(f("| %s | %s | %s | %s | %d |%n", s.symbol(), s.fit().fittedOn().isEmpty() ? "(none: configured)"
          : String.join(", ", s.fit().fittedOn()), grid(s.fit().scoreOnFitted()), grid(s.fit().scoreOnThis()),
          s.fit().memorySeconds()));
    }
    b.append(f("%nTicks-only path, touch sizes against the real touch size at each minute's end, both sides: the "
        + "signals' estimate without displayed sizes (mean volume executed at the touch per minute over the "
        + "previous %d minutes) and the mean size of a trade at the touch over the same minutes; and the OFI R^2 "
        + "(10 s, median of half-hour fits, exact quotes).%n%n", LobsterEvaluation.TOUCH_ESTIMATE_MINUTES));
    b.append("| symbol | trades | hidden | estimate | minutes x sides | mean true size | MAE | rel. error "
        + "| median est./true | OFI R^2 |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (LobsterEvaluation.SymbolResult s : r.symbols()) {
      for (int i = 0; i < 2; i++) {
        LobsterEvaluation.TouchEstimate t = i == 0 ? s.ticksOnlyTouch().perMinute() : s.ticksOnlyTouch().perTrade();
        b.append(f("| %s | %d | %d | %s | %d | %.0f | %.0f | %.2f | %.2f | %.2f |%n", s.symbol(), s.trades(),
            s.hidden(), i == 0 ? "signals: executed per minute" : "mean touch trade", t.n(), t.meanTrue(), t.mae(),
            t.relative(), t.medianRatio(), s.ofiMedianR2()));
      }
    }
    return b.toString();
  }

  private static String grid(Map<Integer, Double> m) {
    return m.isEmpty() ? "-" : m.entrySet().stream().map(e -> e.getKey() + ": " + pct(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String depthRow(String head, LobsterEvaluation.DepthError d) {
    double[] a = d.mae();
    double[] rel = d.relative();
    double bestBaseline = Math.min(a[1], Math.min(a[2], a[3]));
    return f("| %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %.3f | %.3f | %.3f | %.3f | %+.1f%% |%n", head, d.key(),
        d.n(), a[0], a[1], a[2], a[3], rel[0], rel[1], rel[2], rel[3], 100 * (bestBaseline - a[0]) / bestBaseline);
  }
}
