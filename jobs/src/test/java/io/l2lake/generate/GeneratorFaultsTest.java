package io.l2lake.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import io.l2lake.quality.IntegrityStage;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every injected fault ends up in bronze.quarantine or ops.integrity: nothing is silently accepted. */
class GeneratorFaultsTest {
  @TempDir Path dir;

  @Test
  void everyFaultIsCaught() {
    Path lake = dir.resolve("lake");
    SparkSession spark = SparkTestSession.get();
    MarketPlan.Options o = new MarketPlan.Options(11, 3, 8, LocalDate.of(2025, 3, 3), 0.15,
        new MarketPlan.FaultRates(0.002, 0.002, 0.002, 0.002, 0.002, 0.002, 0.002, 0.3), 60, 3);
    GenerateJob.run(spark, new Lake(spark, lake.toString()), lake.resolve("raw").toString(), o, RunContext.create());
    TestLakes.ingest(lake, lake.resolve("raw"), false);
    io.l2lake.run.Stages.run(new IntegrityStage(), spark, TestLakes.config(lake), null, null, null);

    Dataset<Row> faults = TestLakes.table(lake, TableId.TRUTH_FAULTS);
    Dataset<Row> quarantine = TestLakes.table(lake, TableId.BRONZE_QUARANTINE);
    Dataset<Row> integrity = TestLakes.table(lake, TableId.OPS_INTEGRITY).filter("violations > 0");
    Dataset<Row> quotes = TestLakes.table(lake, TableId.BRONZE_QUOTES);
    Map<String, Long> kinds = new TreeMap<>();
    for (Row r : faults.groupBy("fault").count().collectAsList()) {
      kinds.put(r.getString(0), r.getLong(1));
    }
    assertEquals(List.of("crossed_quote", "duplicate", "malformed", "missing_day", "missing_sizes", "out_of_order",
        "truncated", "zero_quote"), List.copyOf(kinds.keySet()), "every kind injected: " + kinds);

    // Line faults of the tick answers: that exact line is in quarantine.
    long lineFaults = faults.filter("fault IN ('malformed', 'truncated', 'duplicate')").count();
    long caught = faults.filter("fault IN ('malformed', 'truncated', 'duplicate')").alias("f")
        .join(quarantine.alias("q"), org.apache.spark.sql.functions.expr(
            "f.file = q.source_file AND f.line = q.line_no"), "left_semi").count();
    assertEquals(lineFaults, caught, "tick line faults quarantined");
    assertTrue(faults.filter("fault = 'duplicate'").alias("f").join(quarantine.alias("q"),
        org.apache.spark.sql.functions.expr("f.file = q.source_file AND f.line = q.line_no AND q.reason = 'duplicate_key'"),
        "left_anti").isEmpty(), "duplicates quarantined as duplicate_key");

    // Quote faults and order faults: the symbol-day's check counts a violation.
    assertCaught(faults, integrity, "crossed_quote", "quotes", "crossed_quote");
    assertCaught(faults, integrity, "zero_quote", "quotes", "zero_quote_side");
    assertCaught(faults, integrity, "out_of_order", "ticks", "time_regression");
    assertCaught(faults, integrity, "missing_day", "ticks", "missing_day");
    // Missing sizes are legal (null, never 0): the exact line is a quote with null sizes.
    Dataset<Row> missing = faults.filter("fault = 'missing_sizes'").alias("f").join(quotes.alias("q"),
        org.apache.spark.sql.functions.expr("f.file = q.source_file AND f.line = q.line_no"));
    assertEquals(kinds.get("missing_sizes").longValue(), missing.count());
    assertEquals(0, missing.filter("q.bid_size IS NOT NULL OR q.ask_size IS NOT NULL").count());
  }

  private static void assertCaught(Dataset<Row> faults, Dataset<Row> integrity, String fault, String dataset,
      String check) {
    Dataset<Row> f = faults.filter("fault = '" + fault + "'").select("symbol", "trade_date").distinct();
    Dataset<Row> found = integrity.filter("dataset = '" + dataset + "' AND check = '" + check + "'")
        .select("symbol", "trade_date");
    assertTrue(f.count() > 0, fault + " injected");
    assertEquals(0, f.join(found, scala.jdk.javaapi.CollectionConverters.asScala(List.of("symbol", "trade_date"))
        .toSeq(), "left_anti").count(), fault + " symbol-days without a " + check + " finding");
  }
}
