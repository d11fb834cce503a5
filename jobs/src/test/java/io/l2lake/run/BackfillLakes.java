package io.l2lake.run;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.map_entries;

import io.l2lake.lake.RunContext;
import io.l2lake.cli.Main;
import io.l2lake.generate.GenerateJob;
import io.l2lake.generate.MarketPlan;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;

/** A tiny generated landing zone and the table comparisons the backfill tests share. */
final class BackfillLakes {
  private BackfillLakes() {}

  static final LocalDate FROM = LocalDate.of(2025, 3, 3);
  static final LocalDate TO = LocalDate.of(2025, 3, 5);

  /** Tables a backfill writes (its own ops tables and the run log aside). */
  static final List<TableId> WRITTEN = List.of(TableId.BRONZE_TICKS, TableId.BRONZE_QUOTES, TableId.BRONZE_DEPTH,
      TableId.BRONZE_DAILY_BARS, TableId.BRONZE_QUARANTINE, TableId.OPS_INGEST_FILES, TableId.OPS_INTEGRITY,
      TableId.SILVER_TRADES, TableId.SILVER_BARS_1M, TableId.SILVER_BOOK, TableId.GOLD_SIGNALS_1M,
      TableId.GOLD_ACCUMULATION, TableId.GOLD_WATCHLIST);

  /** Columns naming the run or the code that wrote a row, not its content. */
  static final Set<String> LINEAGE = Set.of("ingest_run", "run_id", "tracker_run", "code_version");

  private static Path shared;

  /**
   * A landing zone and an uninterrupted backfill of it into {@code reference}, made once per test JVM and
   * shared by the backfill test classes (the lake paths of bronze lineage must match to compare rows).
   */
  static synchronized Path shared() {
    if (shared == null) {
      try {
        Path dir = java.nio.file.Files.createTempDirectory("l2lake-backfill");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        generate(dir, dir.resolve("raw"));
        if (backfill(dir.resolve("reference"), dir.resolve("raw")) != 0) {
          throw new IllegalStateException("the reference backfill failed");
        }
        shared = dir;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return shared;
  }

  private static void deleteTree(Path dir) {
    try (var s = java.nio.file.Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // best effort at JVM exit
    }
  }

  /** Simulates 2 symbols x 3 days (with a few faulty lines) into {@code raw}; truth goes to a lake of its own. */
  static void generate(Path dir, Path raw) {
    var spark = SparkTestSession.get();
    MarketPlan.Options o = new MarketPlan.Options(5, 2, 3, FROM, 0.05,
        new MarketPlan.FaultRates(0.001, 0.001, 0.001, 0, 0, 0, 0, 0), 3600, 5);
    GenerateJob.run(spark, new Lake(spark, dir.resolve("truth").toString()), raw.toString(), o, RunContext.create());
  }

  /** {@code l2lake backfill} for the test range, in this JVM, on the shared session. */
  static int backfill(Path lake, Path raw, String... extra) {
    List<String> args = new ArrayList<>(List.of("backfill", "--from", FROM.toString(), "--to", TO.toString(),
        "--lake", lake.toString(), "--raw", raw.toString()));
    args.addAll(Arrays.asList(extra));
    return Main.execute(args.toArray(String[]::new));
  }

  /** Delta version of every written table. */
  static Map<TableId, Long> versions(Path lake) {
    Map<TableId, Long> v = new LinkedHashMap<>();
    for (TableId id : WRITTEN) {
      if (new Lake(SparkTestSession.get(), lake.toString()).exists(id)) {
        v.put(id, TestLakes.version(lake, id));
      }
    }
    return v;
  }

  /** Every row of every written table, lineage columns dropped, doubles at 9 significant digits. */
  static Map<TableId, List<String>> contents(Path lake) {
    return contents(lake.toString(), Set.of());
  }

  /** As {@link #contents(Path)} for any lake root ({@code s3a://...} too), also dropping {@code drop}. */
  static Map<TableId, List<String>> contents(String lakeRoot, Set<String> drop) {
    Map<TableId, List<String>> out = new LinkedHashMap<>();
    var spark = SparkTestSession.get();
    Lake l = new Lake(spark, lakeRoot);
    for (TableId id : WRITTEN) {
      if (l.exists(id)) {
        out.put(id, rounded(spark.read().format("delta").load(l.path(id)), drop));
      }
    }
    return out;
  }

  private static List<String> rounded(Dataset<Row> df, Set<String> drop) {
    Column[] cols = Arrays.stream(df.schema().fields())
        .filter(f -> !LINEAGE.contains(f.name()) && !drop.contains(f.name()))
        .map(f -> f.dataType().equals(DataTypes.DoubleType)
            ? format_string("%.9g", col(f.name())).as(f.name())
            : f.dataType() instanceof MapType
                ? array_sort(map_entries(col(f.name()))).cast("string").as(f.name())
                : col(f.name()))
        .toArray(Column[]::new);
    return TestLakes.rows(df.select(cols));
  }

  /** The {@code backfill.*} rows of {@code ops.job_runs} as "stage status", oldest first. */
  static List<String> backfillRuns(Path lake) {
    return TestLakes.table(lake, TableId.OPS_JOB_RUNS).filter(col("stage").startsWith("backfill."))
        .orderBy("started_at").collectAsList().stream()
        .map(r -> r.<String>getAs("stage") + " " + r.<String>getAs("status")).toList();
  }
}
