package io.l2lake.fetch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.L2Config;
import io.l2lake.fetch.FakeIqConnect.Answer;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.Feed;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import io.l2lake.calendar.ExchangeCalendar;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch from the fake IQConnect into a temporary lake's landing zone, ingest, and find in bronze exactly
 * the trades served; a second fetch asks for nothing.
 */
class FetchEndToEndTest {
  @TempDir Path dir;

  @Test
  void fetchedAnswersIngestToExactlyTheServedTradesAndASecondFetchAsksNothing() throws Exception {
    LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
    LocalDate yesterday = today.minusDays(1);
    List<LocalDate> days = ExchangeCalendar.tradingDays(MissingDays.startOf(yesterday, 3), yesterday);
    LocalDate d1 = days.get(0);
    LocalDate d2 = days.get(1);
    LocalDate d3 = days.get(2);
    Path lakeRoot = dir.resolve("lake");
    try (FakeIqConnect server = new FakeIqConnect()) {
      List<String> served = new ArrayList<>();
      for (LocalDate d : days) {
        List<String> abcd = Answers.ticks(d, 40);
        Answer a = Answer.data(abcd);
        server.ticks("ABCD", d, d.equals(d2) ? a.cutFirst(1, 15) : a);
        served.addAll(abcd);
      }
      for (LocalDate d : List.of(d1, d3)) {
        List<String> wxyz = Answers.ticks(d, 25);
        server.ticks("WXYZ", d, Answer.data(wxyz));
        served.addAll(wxyz);
      }
      server.ticks("WXYZ", d2, Answer.error("!NO_DATA!"));
      server.daily("ABCD", Answer.data(Answers.dailyBars(days)));
      server.daily("WXYZ", Answer.data(Answers.dailyBars(List.of(d1, d3))));

      L2Config config = L2Config.load(null, Map.of("l2lake.lake-root", lakeRoot.toString(),
          "l2lake.fetch.port", Integer.toString(server.port()), "l2lake.fetch.backoff-ms", "10",
          "l2lake.fetch.requests-per-second", "200"));
      FetchJob.Result first = fetch(config, List.of("ABCD", "WXYZ"), d1, d3, today);
      assertEquals(8, first.done().size(), "2 daily ranges + 6 tick days");
      assertEquals(2, first.plan().count(Feed.DAILY));
      assertEquals(7, first.count(Fetcher.Outcome.OK));
      assertEquals(1, first.count(Fetcher.Outcome.NO_DATA));
      assertEquals(0, first.failed());
      assertEquals(7, first.filesPublished());
      assertEquals(9, server.requests().size(), "the cut answer was asked twice");
      Path raw = Path.of(config.lake().rawRoot());
      try (Stream<Path> s = Files.walk(raw)) {
        assertEquals(List.of(), s.map(Path::toString).filter(p -> p.contains(".part")).toList());
      }

      IngestJob.Result ingest = IngestJob.run(SparkTestSession.get(), config, RunContext.create(),
          new IngestJob.Options(raw.toString(), false));
      assertEquals(7, ingest.filesIngested());
      assertEquals(List.of(), ingest.filesNotOk(), "every published answer is complete");
      assertEquals(0, ingest.quarantined());
      Row ticks = TestLakes.table(lakeRoot, TableId.BRONZE_TICKS)
          .agg(org.apache.spark.sql.functions.count("*"), sum(col("price").multiply(col("size")))).first();
      assertEquals(served.size(), ticks.getLong(0));
      assertEquals(Answers.priceTimesSize(served), ticks.getDouble(1), 1e-6);
      assertEquals(5, TestLakes.table(lakeRoot, TableId.BRONZE_DAILY_BARS).count());
      assertEquals(8, TestLakes.table(lakeRoot, TableId.OPS_FETCH_LOG).count());
      assertEquals(1, TestLakes.table(lakeRoot, TableId.OPS_JOB_RUNS).filter(col("stage").equalTo("fetch")).count());

      // Again, for every symbol in the lake: the no-data day and the daily range already answered are
      // remembered, everything else is in bronze.
      FetchJob.Result second = fetch(config, List.of(), d1, d3, today);
      assertEquals(List.of(), second.plan().requests());
      assertEquals(9, server.requests().size(), "nothing new was asked");

      // --force forgets the log: WXYZ's day without ticks and without a bar is asked for again.
      FetchJob.Result forced = FetchJob.run(SparkTestSession.get(), config, RunContext.create(),
          new FetchJob.Options(raw.toString(), config.fetch(), List.of(), d1, d3, EnumSet.of(Feed.TICKS, Feed.DAILY),
              true, true, today));
      assertEquals(List.of(FetchRequest.daily("WXYZ", d2, d2), FetchRequest.ticks("WXYZ", d2)),
          forced.plan().requests());
      assertTrue(forced.done().isEmpty(), "a dry run sends nothing");
    }
  }

  private static FetchJob.Result fetch(L2Config config, List<String> symbols, LocalDate from, LocalDate to,
      LocalDate today) {
    return FetchJob.run(SparkTestSession.get(), config, RunContext.create(),
        new FetchJob.Options(config.lake().rawRoot(), config.fetch(), symbols, from, to,
            EnumSet.of(Feed.TICKS, Feed.DAILY), false, false, today));
  }
}
