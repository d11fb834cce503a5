package io.l2lake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.calendar.ExchangeCalendar;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.evaluation.GapperEvents;
import io.l2lake.evaluation.GapperStudy;
import io.l2lake.fetch.FakeIqConnect;
import io.l2lake.generate.GenerateJob;
import io.l2lake.generate.MarketPlan;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.TableId;
import io.l2lake.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The known-gapper study end to end: a generated market (ticks only) is served by the fake IQConnect; the study's
 * lake starts with the market's daily bars only, fetches exactly the tick days of its gappers and controls,
 * ingests them and runs every stage; a second run asks, ingests and recomputes nothing. The market has no buyer
 * anywhere (its gaps are planted all the same), so the tracker's intervals must contain 0.5 once the events of
 * symbols with the hidden seller at work are left out.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class GapperStudyTest {
  @TempDir Path dir;

  static final LocalDate START = LocalDate.of(2025, 3, 3);
  static final int DAYS = 16;
  static final LocalDate TODAY = LocalDate.of(2025, 4, 1);

  @Test
  void fetchesExactlyTheEventDaysRunsOnceAndFindsNothingWhereNoBuyerTraded() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Market m = market(spark, dir.resolve("null"), true, 43);
    try (FakeIqConnect server = serve(m.source())) {
      L2Config config = config(m.work(), server);
      GapperStudyRun.Options o = options(m.work(), server, config);
      GapperStudyRun.Outcome first = GapperStudyRun.run(spark, config, Strategy.defaults(), o);

      // Every planted gap with a full history before it is a gapper; each gapper has controls of its date.
      List<GapperEvents.Event> events = first.events();
      Set<String> gappers = new HashSet<>();
      events.stream().filter(GapperEvents.Event::gapper).forEach(e -> gappers.add(e.symbol() + "@" + e.gapDate()));
      List<LocalDate> days = ExchangeCalendar.tradingDays(START, START.plusDays(40)).subList(0, DAYS);
      for (Row r : new Lake(spark, m.truth().toString()).read(TableId.TRUTH_EPISODES, null)
          .filter("gap_date is not null").collectAsList()) {
        LocalDate gap = r.<java.sql.Date>getAs("gap_date").toLocalDate();
        if (days.indexOf(gap) >= o.settings().volDays() + 1) {
          assertTrue(gappers.contains(r.getAs("symbol") + "@" + gap), "planted gap " + r.getAs("symbol") + " " + gap);
        }
      }
      assertFalse(gappers.isEmpty());
      Map<String, GapperEvents.Event> bySet = new HashMap<>();
      events.stream().filter(GapperEvents.Event::gapper).forEach(e -> bySet.put(e.setId(), e));
      for (GapperEvents.Event e : events) {
        GapperEvents.Event g = bySet.get(e.setId());
        assertEquals(g.gapDate(), e.gapDate(), "a control is on its gapper's date");
        if (!e.gapper()) {
          assertFalse(e.symbol().equals(g.symbol()));
          assertTrue(e.gap() < 0.2, "a control does not gap: " + e);
        }
      }
      assertTrue(events.stream().filter(e -> !e.gapper()).count() <= 2L * gappers.size());
      assertTrue(gappers.size() >= 8, "enough gappers for an interval: " + gappers.size());

      // No buyer traded anywhere: the tracker's scores cannot tell gappers from controls. The hidden sellers are
      // left out: they land on any symbol, the tracker rightly ranks a seller's days lowest, and among 8 matched
      // sets whether a seller's symbol happens to be a control or a gapper decides the AUC by itself.
      Set<String> sellerDays = new HashSet<>();
      new Lake(spark, m.truth().toString()).read(TableId.TRUTH_DAYS, null).filter("seller_active").collectAsList()
          .forEach(r -> sellerDays.add(r.getAs("symbol") + "@" + r.getAs("trade_date")));
      List<GapperEvents.Event> withoutSellers = events.stream().filter(e -> ExchangeCalendar.tradingDays(
          e.leadFrom(), e.gapDate()).stream().noneMatch(d -> sellerDays.contains(e.symbol() + "@" + d))).toList();
      assertTrue(withoutSellers.stream().filter(GapperEvents.Event::gapper).count() >= 6, withoutSellers.toString());
      Lake studyLake = new Lake(spark, config.lake().root());
      GapperStudy.Result nullStudy = GapperStudy.run(spark, withoutSellers, io.l2lake.evaluation.SignalScores.daily(
              studyLake.read(TableId.GOLD_SIGNALS_1M, null), studyLake.read(TableId.GOLD_ACCUMULATION, null)),
          List.of(0.2), o.settings().leadDays(), o.resamples(), o.seed());
      for (GapperStudy.Measure x : nullStudy.measures()) {
        if (List.of("day_score", "score_5", "score_10").contains(x.score())) {
          assertTrue(x.auc().contains(0.5), x.score() + " " + x.window() + ": " + x.auc());
        }
      }

      // Exactly the wanted tick days were asked for, once each.
      Set<String> wanted = new TreeSet<>();
      for (GapperEvents.Event e : events) {
        ExchangeCalendar.tradingDays(e.leadFrom(), e.gapDate()).forEach(d -> wanted.add(e.symbol() + " " + d));
      }
      Set<String> asked = new TreeSet<>();
      for (String line : server.requests()) {
        if (line.startsWith("HTT,")) {
          String[] f = line.split(",");
          asked.add(f[1] + " " + LocalDate.parse(f[2].substring(0, 8), java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
        }
      }
      assertEquals(wanted, asked);
      assertEquals(wanted.size(), first.symbolDaysWanted());
      assertEquals(wanted.size(), first.fetched());
      assertTrue(first.stagesRun());
      Lake lake = new Lake(spark, config.lake().root());
      Set<String> inBronze = new TreeSet<>();
      lake.read(TableId.BRONZE_TICKS, null).select("symbol", "trade_date").distinct().collectAsList()
          .forEach(r -> inBronze.add(r.getString(0) + " " + r.getDate(1)));
      assertEquals(wanted, inBronze, "the lake holds the event days' ticks and no others");

      GapperStudyRun.publish(spark, config, o, "run-1", first);
      long lines = SignalScoresCount.measures();
      assertEquals(2 * lines * GapperStudy.WINDOWS.size(),
          lake.read(TableId.GOLD_GAPPER_STUDY, null).filter("measure = 'auc'").count());
      assertEquals(events.size(), lake.read(TableId.GOLD_GAPPER_EVENTS, null).count());
      assertTrue(Files.isRegularFile(dir.resolve("docs/gapper-study.png")));
      assertTrue(Files.readString(dir.resolve("docs/gapper-study.md")).contains("Up-gaps of 20% or more"));

      // A second run asks, ingests and recomputes nothing, and replaces the study with the same figures.
      int requests = server.requests().size();
      GapperStudyRun.Outcome second = GapperStudyRun.run(spark, config, Strategy.defaults(), o);
      assertEquals(requests, server.requests().size());
      assertEquals(0, second.plan().requests().size());
      assertEquals(0, second.filesIngested());
      assertFalse(second.stagesRun());
      assertEquals(first.result().measures(), second.result().measures());
      GapperStudyRun.publish(spark, config, o, "run-2", second);
      assertEquals(2 * lines * GapperStudy.WINDOWS.size(),
          lake.read(TableId.GOLD_GAPPER_STUDY, null).filter("measure = 'auc'").count());
    }
  }

  @Test
  void realIqFeedAnswersGoThroughTheStudy() throws Exception {
    // NEPT's real answers (protocol 6.1 payload, 2021-03-01..03) as the gapper, two controls IQFeed has no
    // ticks for; made-up daily bars around them, NEPT opening 25% up on 2021-03-03.
    SparkSession spark = SparkTestSession.get();
    List<LocalDate> days = ExchangeCalendar.tradingDays(LocalDate.of(2021, 1, 4), LocalDate.of(2021, 3, 3));
    StringBuilder csv = new StringBuilder("ticker,date,open,high,low,close,volume,openint\n");
    for (String sym : List.of("NEPT", "CTLA", "CTLB")) {
      double close = 1.5;
      for (int i = 0; i < days.size(); i++) {
        double open = sym.equals("NEPT") && i == days.size() - 1 ? close * 1.25 : close * (1 + 0.01 * ((i % 5) - 2));
        close = open * (1 + 0.02 * ((i % 3) - 1));
        csv.append(String.format(java.util.Locale.ROOT, "%s,%s,%.4f,%.4f,%.4f,%.4f,%d,0%n", sym, days.get(i), open,
            Math.max(open, close) * 1.01, Math.min(open, close) * 0.99, close, 1_000_000 + 1000 * i));
      }
    }
    csv.append("NEPT,2020-12-31,-1.0,1.1,0.9,1.0,1000,0\n"); // a bad bar: counted and named, not used
    Path daily = dir.resolve("daily.csv");
    Files.writeString(daily, csv);
    Path nept = SparkTestSession.sharedData().resolve("iqfeed/NEPT_ticks_2021-03-01_2021-03-03_oldest_first_p61.csv.gz");
    List<String> lines = new ArrayList<>();
    try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
        Files.newInputStream(nept)), java.nio.charset.StandardCharsets.ISO_8859_1))) {
      r.lines().forEach(lines::add);
    }
    Path work = dir.resolve("nept");
    try (FakeIqConnect server = new FakeIqConnect()) {
      long served = 0;
      for (LocalDate d : days.subList(days.size() - 3, days.size())) {
        List<String> day = lines.stream().filter(l -> l.startsWith(d + " ")).toList();
        served += day.size();
        server.ticks("NEPT", d, FakeIqConnect.Answer.data(day));
      }
      L2Config config = config(work, server);
      GapperEvents.Settings s = new GapperEvents.Settings(List.of(0.2), 2, 2, 5, 2, LocalDate.of(2020, 9, 11),
          LocalDate.of(2021, 3, 9), 7);
      GapperStudyRun.Options o = new GapperStudyRun.Options("nept", daily.toString(), s, LocalDate.of(2021, 3, 10),
          GapperStudyRun.Source.IQCONNECT, null, work.resolve("raw").toString(),
          config.fetch().withServer("127.0.0.1", server.port()), 200, 7, null);
      GapperStudyRun.Outcome out = GapperStudyRun.run(spark, config, Strategy.defaults(), o);
      List<String> symbols = out.events().stream().map(GapperEvents.Event::symbol).toList();
      assertEquals("NEPT", symbols.get(0));
      assertTrue(out.input().contains("bars excluded {non_positive_price=1}"), out.input());
      assertEquals(Set.of("CTLA", "CTLB"), Set.copyOf(symbols.subList(1, symbols.size())));
      assertEquals(9, out.plan().requests().size());
      assertEquals(3, out.fetched(), "NEPT's three days; the controls' days answer no data");
      assertEquals(0, out.fetchFailed());
      assertTrue(out.stagesRun());
      Lake lake = new Lake(spark, config.lake().root());
      assertEquals(served, lake.read(TableId.BRONZE_TICKS, null).count()
          + lake.read(TableId.BRONZE_QUARANTINE, null).count());
      assertEquals(3, lake.read(TableId.GOLD_ACCUMULATION, null).filter("symbol = 'NEPT'").count());
      // Only the gapper has scores: the event study has its three days, the AUC cannot be formed.
      assertEquals(3, out.result().eventStudy().stream().filter(p -> p.role().equals("gapper")
          && p.score().equals("day_score") && p.events() == 1).count());
      assertTrue(out.result().measures().stream().allMatch(x -> Double.isNaN(x.auc().estimate())));
      GapperStudyRun.publish(spark, config, o, "run-nept", out);
    }
  }

  /** The number of scores the study reports. */
  static final class SignalScoresCount {
    static long measures() {
      return io.l2lake.evaluation.SignalScores.scoreNames().size();
    }
  }

  record Market(Path source, Path truth, Path work) {}

  /** A ticks-only market of 32 symbols over 16 days, and a work directory whose landing zone has its daily bars. */
  static Market market(SparkSession spark, Path root, boolean nullMarket, long seed) throws IOException {
    Path source = root.resolve("source");
    Path truth = root.resolve("truth");
    MarketPlan.Options plan = new MarketPlan.Options(seed, 32, DAYS, START, 0.04, MarketPlan.FaultRates.none(), 3600,
        5).withMarket(new MarketPlan.Market(List.of(0.2), "ticks", nullMarket, MarketPlan.Confounders.defaults()));
    GenerateJob.run(spark, new Lake(spark, truth.toString()), source.toString(), plan, RunContext.create(), "GS");
    Path work = root.resolve("work");
    Path daily = work.resolve("raw/iqfeed/daily");
    try (Stream<Path> files = Files.walk(source.resolve("iqfeed/daily"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = daily.resolve(source.resolve("iqfeed/daily").relativize(f));
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    L2Config c = L2Config.load(null, Map.of("l2lake.lake-root", work.resolve("lake").toString()));
    IngestJob.run(spark, c, RunContext.create(), new IngestJob.Options(work.resolve("raw").toString(), false));
    return new Market(source, truth, work);
  }

  L2Config config(Path work, FakeIqConnect server) {
    return L2Config.load(null, Map.of("l2lake.lake-root", work.resolve("lake").toString(),
        "l2lake.fetch.port", Integer.toString(server.port()), "l2lake.fetch.backoff-ms", "10",
        "l2lake.fetch.requests-per-second", "500"));
  }

  GapperStudyRun.Options options(Path work, FakeIqConnect server, L2Config config) {
    GapperEvents.Settings s = new GapperEvents.Settings(List.of(0.2, 0.5), 3, 3, 5, 2, TODAY.minusDays(180),
        TODAY.minusDays(1), 7);
    return new GapperStudyRun.Options("test", null, s, TODAY, GapperStudyRun.Source.IQCONNECT, null,
        work.resolve("raw").toString(), config.fetch().withServer("127.0.0.1", server.port()), 200, 7,
        dir.resolve("docs"));
  }

  /** The fake IQConnect answering every tick file of {@code source} as a protocol 6.2 answer, oldest first. */
  static FakeIqConnect serve(Path source) throws IOException {
    FakeIqConnect server = new FakeIqConnect();
    Path ticks = source.resolve("iqfeed/ticks");
    try (Stream<Path> files = Files.walk(ticks)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        String name = f.getFileName().toString();
        String symbol = name.substring(0, name.lastIndexOf('_'));
        LocalDate day = LocalDate.parse(name.substring(name.lastIndexOf('_') + 1, name.length() - 4));
        server.ticks(symbol, day, FakeIqConnect.Answer.data(payload(Files.readAllLines(f), day)));
      }
    }
    return server;
  }

  /** A generated answer's data lines as 6.2 payload lines (no RequestID or LH), oldest first. */
  static List<String> payload(List<String> lines, LocalDate day) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.contains("!ENDMSG!")) {
        continue;
      }
      int lh = line.indexOf("LH,");
      String p = lh >= 0 && lh <= 12 ? line.substring(lh + 3) : line + "0," + day.getDayOfMonth() + ",";
      out.add(p);
    }
    if (out.size() > 1 && out.get(0).substring(0, 26).compareTo(out.get(out.size() - 1).substring(0, 26)) > 0) {
      java.util.Collections.reverse(out);
    }
    return out;
  }
}
