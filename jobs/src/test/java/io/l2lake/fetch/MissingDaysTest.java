package io.l2lake.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Feed;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.calendar.ExchangeCalendar;
import io.l2lake.quality.IntegrityStage;
import io.l2lake.testing.RawFiles;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which symbol-days the plan asks for: missing, unusable, outside DTN's tick window. */
class MissingDaysTest {
  @TempDir Path dir;

  @Test
  void rangesCountTradingDaysBackFromTheirEnd() {
    // Mon 2025-11-24 back 3 trading days: 24, 21, 20.
    assertEquals(LocalDate.of(2025, 11, 20), MissingDays.startOf(LocalDate.of(2025, 11, 24), 3));
    // From a Sunday, the first trading day counted is the Friday.
    assertEquals(LocalDate.of(2025, 11, 21), MissingDays.startOf(LocalDate.of(2025, 11, 23), 1));
    // Thanksgiving 2025-11-27 is skipped.
    assertEquals(LocalDate.of(2025, 11, 26), MissingDays.startOf(LocalDate.of(2025, 11, 28), 2));
  }

  @Test
  void unusableDaysAreAskedForAgainAndTicksStayInsideDtnsWindow() {
    LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
    LocalDate yesterday = today.minusDays(1);
    List<LocalDate> days = ExchangeCalendar.tradingDays(MissingDays.startOf(yesterday, 3), yesterday);
    Path raw = dir.resolve("raw");
    for (LocalDate d : days) {
      List<String> lines = new ArrayList<>(Answers.ticks(d, 12).stream().map(l -> "R1,LH," + l).toList());
      if (!d.equals(days.get(0))) {
        lines.add("R1,!ENDMSG!,"); // the first day's answer was cut: no end line
      }
      RawFiles.write(raw, "ticks", "ABCD", "ABCD_" + d + ".csv", lines);
    }
    Path lakeRoot = dir.resolve("lake");
    TestLakes.ingest(lakeRoot, raw, false);
    Lake lake = new Lake(SparkTestSession.get(), lakeRoot.toString());
    // ops.integrity as the checks write it: the cut answer is an error of its file; a crossed-quote error
    // of the Level-1 quotes and a tick warning do not call for new ticks.
    List<Row> findings = List.of(
        finding(days.get(0), "files", "incomplete_answer", "error",
            "no !ENDMSG! in iqfeed/ticks/ABCD/ABCD_" + days.get(0) + ".csv"),
        finding(days.get(1), "quotes", "crossed_quote", "error", null),
        finding(days.get(2), "ticks", "locked_quote", "warning", null));
    SparkTestSession.get().createDataFrame(findings, IntegrityStage.SCHEMA).write().format("delta")
        .partitionBy(Schemas.TRADE_DATE).save(lake.path(TableId.OPS_INTEGRITY));

    MissingDays.Plan plan = MissingDays.plan(lake, new MissingDays.Options(List.of(), days.get(0),
        today.plusDays(30), EnumSet.of(Feed.TICKS, Feed.DAILY), false, today, 180));
    assertEquals(yesterday, plan.to(), "the range ends yesterday");
    assertEquals(List.of(FetchRequest.daily("ABCD", days.get(0), days.get(2)),
        FetchRequest.ticks("ABCD", days.get(0))), plan.requests());

    LocalDate longAgo = today.minusDays(400);
    MissingDays.Plan wide = MissingDays.plan(lake, new MissingDays.Options(List.of("WXYZ"), longAgo, null,
        EnumSet.of(Feed.TICKS, Feed.DAILY), false, today, 180));
    assertEquals(today.minusDays(180), wide.tickWindowStart());
    List<LocalDate> tickDays = wide.requests().stream().filter(r -> r.feed() == Feed.TICKS)
        .map(FetchRequest::from).toList();
    assertEquals(ExchangeCalendar.tradingDays(today.minusDays(180), yesterday), tickDays);
    FetchRequest daily = wide.requests().get(0);
    assertEquals(Feed.DAILY, daily.feed());
    assertTrue(!daily.from().isBefore(longAgo) && daily.from().isBefore(longAgo.plusDays(5)), daily.describe());
    assertEquals(wide.count(Feed.DAILY) + tickDays.size(), wide.requests().size());
  }

  private static Row finding(LocalDate day, String dataset, String check, String level, String detail) {
    return RowFactory.create("ABCD", java.sql.Date.valueOf(day), dataset, check, level, 1L, 1L, 1.0, true, detail,
        "test");
  }
}
