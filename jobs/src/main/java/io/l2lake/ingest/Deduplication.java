package io.l2lake.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import io.l2lake.iqfeed.RejectReason;
import io.l2lake.lake.Schemas;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The ingest's de-duplication: which files of a batch may repeat a key, and one row per key of those files'
 * rows, the others quarantined as {@code duplicate_key} naming the line that was kept.
 */
final class Deduplication {
  private Deduplication() {}

  /**
   * Kept rows (transient columns dropped), quarantine rows for the duplicates, and how many rows
   * the duplicates took out of the batch.
   */
  record Deduped(Dataset<Row> kept, Dataset<Row> duplicates, long removed) {}

  /**
   * The files of feed directory {@code feed} whose records may share a de-duplication key with another
   * record of the batch: files whose own keys repeat ({@link Envelope#KEYS_REPEATED}), and files of a
   * symbol whose trading-date ranges ([min_date, max_date]) overlap those of another file of that
   * symbol. A key holds its symbol and trading date, and a file's rows have its symbol, so a record of
   * any other file has a key no other record of the batch has. Level-1 trades (feed {@code l1}) are
   * never listed: their key is their file and line.
   */
  static Set<String> filesToDeduplicate(List<Row> stats, String feed) {
    Set<String> out = new TreeSet<>();
    Map<String, List<Row>> bySymbol = new TreeMap<>();
    for (Row s : stats) {
      if (!feed.equals(s.getAs("feed")) || s.getAs("min_date") == null) {
        continue;
      }
      if (s.<Boolean>getAs(Envelope.KEYS_REPEATED)) {
        out.add(s.getAs(Schemas.SOURCE_FILE));
      }
      bySymbol.computeIfAbsent(s.getAs(Schemas.SYMBOL), k -> new ArrayList<>()).add(s);
    }
    for (List<Row> files : bySymbol.values()) {
      files.sort(Comparator.comparing((Row r) -> localDate(r.getAs("min_date"))));
      // Files sorted by first date form runs of overlapping ranges; every file of a run of two or more
      // may share a key with another.
      List<String> run = new ArrayList<>();
      LocalDate runEnd = null;
      for (Row f : files) {
        LocalDate first = localDate(f.getAs("min_date"));
        if (runEnd != null && first.isAfter(runEnd)) {
          if (run.size() > 1) {
            out.addAll(run);
          }
          run.clear();
          runEnd = null;
        }
        run.add(f.getAs(Schemas.SOURCE_FILE));
        LocalDate last = localDate(f.getAs("max_date"));
        runEnd = runEnd == null || last.isAfter(runEnd) ? last : runEnd;
      }
      if (run.size() > 1) {
        out.addAll(run);
      }
    }
    return out;
  }

  /**
   * {@link #deduplicate(Dataset, List, String, String)} over the rows of {@code files} only (see
   * {@link #filesToDeduplicate}); the other rows are kept as they are. With no such file the batch
   * costs no Spark job: most batches (one answer per symbol and day range, no reconnect repeats)
   * cannot hold a duplicate.
   */
  static Deduped deduplicate(Dataset<Row> rows, Set<String> files, List<String> keys, String feed,
      String runId) {
    String[] transientColumns = {Schemas.RAW, Envelope.FILE_MTIME};
    if (files.isEmpty()) {
      return new Deduped(rows.drop(transientColumns),
          rows.sparkSession().createDataFrame(List.of(), Schemas.QUARANTINE), 0);
    }
    Column checked = col(Schemas.SOURCE_FILE).isin(files.toArray());
    Deduped d = deduplicate(rows.filter(checked), keys, feed, runId);
    return new Deduped(rows.filter(not(checked)).drop(transientColumns).unionByName(d.kept()),
        d.duplicates(), d.removed());
  }

  /**
   * Keeps one row per key: the one from the newest file (then the later path, then the first line);
   * the others become {@code duplicate_key} quarantine rows naming the kept line.
   *
   * <p>Cost: a hash aggregation over one 64-bit hash of the key columns finds the hashes held by
   * more than one row (cheaper to hash, shuffle and compare than the keys themselves, a row key
   * being a string); only rows with such a hash (usually none) are grouped by their real key, which
   * settles hash collisions exactly, and only rows with a duplicated key are ranked by a window. So
   * the common case costs one aggregation of a long column, no sort. Key columns are never null
   * (every record gets its row key).
   */
  static Deduped deduplicate(Dataset<Row> rows, List<String> keys, String feed, String runId) {
    return deduplicate(rows, keys, feed, runId, org.apache.spark.sql.functions::xxhash64);
  }

  /** As {@link #deduplicate(Dataset, List, String, String)} with the key hash {@code hash} (tests: a coarse one). */
  static Deduped deduplicate(Dataset<Row> rows, List<String> keys, String feed, String runId,
      java.util.function.Function<Column[], Column> hash) {
    Column[] keyCols = keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> hashed = rows.withColumn(KEY_HASH, hash.apply(keyCols));
    Dataset<Row> sharedHashes = hashed.groupBy(KEY_HASH).count().filter(col("count").gt(1)).drop("count")
        .localCheckpoint();
    List<String> dropped = List.of(Schemas.RAW, Envelope.FILE_MTIME);
    Dataset<Row> noDuplicates = rows.sparkSession().createDataFrame(List.of(), Schemas.QUARANTINE);
    if (sharedHashes.isEmpty()) {
      return new Deduped(rows.drop(dropped.toArray(String[]::new)), noDuplicates, 0);
    }
    Dataset<Row> dupKeys = hashed.join(broadcast(sharedHashes), KEY_HASH).groupBy(keyCols).count()
        .filter(col("count").gt(1)).drop("count").localCheckpoint();
    if (dupKeys.isEmpty()) {
      return new Deduped(rows.drop(dropped.toArray(String[]::new)), noDuplicates, 0);
    }
    scala.collection.immutable.Seq<String> on =
        scala.jdk.javaapi.CollectionConverters.asScala(keys).toList();
    Dataset<Row> unique = rows.join(dupKeys, on, "left_anti");
    WindowSpec w = Window.partitionBy(keyCols)
        .orderBy(col(Envelope.FILE_MTIME).desc(), col(Schemas.SOURCE_FILE).desc(),
            col(Schemas.LINE_NO).asc());
    Dataset<Row> ranked = rows.join(dupKeys, on, "left_semi")
        .withColumn("_rank", row_number().over(w))
        .withColumn("_kept_file", first(Schemas.SOURCE_FILE).over(w))
        .withColumn("_kept_line", first(Schemas.LINE_NO).over(w))
        .localCheckpoint();
    Dataset<Row> kept = unique.unionByName(ranked.filter(col("_rank").equalTo(1))
            .drop("_rank", "_kept_file", "_kept_line"))
        .drop(dropped.toArray(String[]::new));
    Dataset<Row> duplicates = ranked.filter(col("_rank").gt(1)).select(
        lit(feed).as("feed"), col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col(Schemas.SOURCE_FILE),
        col(Schemas.LINE_NO), col(Schemas.RAW), lit(RejectReason.DUPLICATE_KEY.code()).as("reason"),
        concat(lit("kept "), col("_kept_file"), lit(":"), col("_kept_line").cast("string")).as("detail"),
        lit(runId).as(Schemas.INGEST_RUN));
    return new Deduped(kept, duplicates, duplicates.count());
  }

  /** Transient column of {@link #deduplicate}: the 64-bit hash of a row's key. */
  private static final String KEY_HASH = "_key_hash";

  static LocalDate localDate(java.sql.Date d) {
    return d == null ? null : d.toLocalDate();
  }

}
