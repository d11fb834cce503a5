package io.l2lake.lake;

import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads and writes the lake's Delta tables by path under one root. Writers are idempotent: an upsert
 * by natural key only rewrites rows whose values changed, so writing the same rows twice leaves the
 * table's contents (and, when nothing changed, its files) as they were.
 */
public final class Lake {
  private final SparkSession spark;
  private final String root;

  public Lake(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return root;
  }

  public String path(TableId id) {
    return root + "/" + id.zone() + "/" + id.table();
  }

  public boolean exists(TableId id) {
    return DeltaTable.isDeltaTable(spark, path(id));
  }

  /** The table, or an empty frame of {@code schema} when it was never written. */
  public Dataset<Row> read(TableId id, StructType schema) {
    if (!exists(id)) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read().format("delta").load(path(id));
  }

  /**
   * Creates the table empty, partitioned as given and with the id's {@link TableId#creationProperties()},
   * if it does not exist yet. The table gets the schema a first write of {@code schema} would give it
   * (every field, element and value nullable, as Delta stores DataFrame writes), in one metadata-only
   * commit: no Spark job, no data file.
   */
  public void ensure(TableId id, StructType schema, String... partitionBy) {
    if (exists(id)) {
      return;
    }
    // The table builder resolves its location as a SQL path identifier, which must be qualified: a
    // relative local root (the embedded default, data-lake) is not a valid one.
    var builder = DeltaTable.createIfNotExists(spark).location(LakeCatalog.qualified(spark, path(id)))
        .addColumns(nullable(schema))
        .partitionedBy(partitionBy);
    for (var p : id.creationProperties().entrySet()) {
      builder = builder.property(p.getKey(), p.getValue());
    }
    builder.execute();
  }

  /** {@code type} with every struct field, array element and map value nullable, at every depth. */
  static DataType nullable(DataType type) {
    if (type instanceof StructType s) {
      StructField[] fields = new StructField[s.fields().length];
      for (int i = 0; i < fields.length; i++) {
        StructField f = s.fields()[i];
        fields[i] = new StructField(f.name(), nullable(f.dataType()), true, f.metadata());
      }
      return new StructType(fields);
    }
    if (type instanceof ArrayType a) {
      return new ArrayType(nullable(a.elementType()), true);
    }
    if (type instanceof MapType m) {
      return new MapType(nullable(m.keyType()), nullable(m.valueType()), true);
    }
    return type;
  }

  static StructType nullable(StructType schema) {
    return (StructType) nullable((DataType) schema);
  }

  /**
   * Writes {@code rows} as the first version of a table that does not exist yet, partitioned as given
   * and with the id's {@link TableId#creationProperties()}.
   */
  private void create(TableId id, Dataset<Row> rows, String... partitionBy) {
    rows.write().format("delta").mode("append").options(id.creationProperties()).partitionBy(partitionBy)
        .save(path(id));
  }

  /**
   * Inserts rows whose key is new and updates rows whose key exists with different values; rows equal
   * to the table's are not touched. {@code rows} must hold each key once. {@code pruning} limits the
   * target scan (for example {@code t.trade_date IN (...)}); null scans all.
   *
   * <p>Cost: one MERGE, a join of {@code rows} with the pruned target.
   */
  public void upsert(TableId id, Dataset<Row> rows, List<String> keys, List<String> ignoredInCompare,
      Column pruning, String... partitionBy) {
    merge(id, rows, keys, ignoredInCompare, pruning, false, partitionBy);
  }

  /**
   * {@link #upsert} for rows that read the same on every evaluation: persisted rows, or rows rebuilt
   * from input that does not change during the run (the ingest's parse of immutable landing files).
   * A MERGE reads its source twice (to find the target files it touches, then to write); by default
   * Delta first copies a source that is not a plain Delta scan ({@code merge.materializeSource} =
   * {@code auto}) so that both reads agree. For such rows that copy is a third pass with nothing to
   * protect, so this MERGE runs with {@code materializeSource} = {@code none}.
   */
  public void upsertStable(TableId id, Dataset<Row> rows, List<String> keys, List<String> ignoredInCompare,
      Column pruning, String... partitionBy) {
    merge(id, rows, keys, ignoredInCompare, pruning, true, partitionBy);
  }

  /**
   * {@link #upsertStable} for a table partitioned by {@code dateColumn} (so that reading and replacing
   * dates touch only their partitions), which is one of {@code keys}, with a batch whose rows all have
   * their {@code dateColumn} in {@code dates}. A row can then only match target rows of those dates,
   * so when the table holds none (the usual case: a nightly run or a backfill writing days for the
   * first time) the batch is written by replacing those dates ({@code replaceWhere}, removing
   * nothing) instead of a MERGE: a plain partitioned write, without the MERGE's join and second read
   * of the batch. Delta fails that write if a row falls outside {@code dates}. When the table has rows
   * on any of the dates, a MERGE as {@link #upsertStable}.
   *
   * <p>Another writer: rows it commits on those dates after the replace has started make Delta refuse
   * the replace ({@code ConcurrentAppendException}); rows it commits between the look at the table
   * and that start would be replaced, so the replace's commit is checked afterwards, and if it removed
   * anything the run stops with an error that names the table version to restore (the removed files
   * are still there until a {@code VACUUM}). Ingests are meant to run one at a time per lake; this only
   * keeps an overlap from going unnoticed.
   *
   * <p>{@code scope}, when not null, narrows what must be empty: a SQL predicate over the table's
   * columns that every row of the batch satisfies and that every table row able to share a key with
   * the batch satisfies too; the replace then covers only those rows. For example {@code feed IN
   * ('l1')} for Level-1 trades, whose keys never equal a history tick's.
   *
   * <p>Cost: one small read of the table restricted to {@code dates} (at most its first row), then a
   * partitioned write and a read of the table's recent history, or the MERGE.
   */
  public void upsertStableByDate(TableId id, Dataset<Row> rows, List<String> keys, List<String> ignoredInCompare,
      Column pruning, String dateColumn, List<LocalDate> dates, String scope) {
    if (!keys.contains(dateColumn)) {
      throw new IllegalArgumentException(id.qualifiedName() + ": the date column " + dateColumn
          + " is not one of the keys " + keys);
    }
    String replaced = "`" + dateColumn + "` IN (" + dates.stream().sorted().map(d -> "DATE'" + d + "'")
        .collect(Collectors.joining(", ")) + ")" + (scope == null ? "" : " AND (" + scope + ")");
    if (dates.isEmpty() || !exists(id)
        || !spark.read().format("delta").load(path(id)).filter(replaced).isEmpty()) {
      merge(id, rows, keys, ignoredInCompare, pruning, true, dateColumn);
      return;
    }
    List<String> added = new ArrayList<>();
    rows = alignToTable(id, rows, added);
    String token = "l2lake replace " + UUID.randomUUID();
    rows.write().format("delta").mode("overwrite").option("replaceWhere", replaced)
        .option("mergeSchema", "true").option("userMetadata", token).save(path(id));
    checkNothingReplaced(id, token);
  }

  /** Fails when the replace committed with {@code token} removed any file (see {@link #upsertStableByDate}). */
  void checkNothingReplaced(TableId id, String token) {
    List<Row> commits = DeltaTable.forPath(spark, path(id)).history(20)
        .filter(functions.col("userMetadata").equalTo(token)).select("version", "operationMetrics")
        .collectAsList();
    if (commits.size() != 1) {
      throw new IllegalStateException(id.qualifiedName() + ": the replace's commit is not among the table's "
          + "last 20 versions; check it with DESCRIBE HISTORY");
    }
    Map<String, String> metrics = scala.jdk.javaapi.CollectionConverters.asJava(
        commits.get(0).<scala.collection.Map<String, String>>getAs("operationMetrics"));
    long removed = Long.parseLong(metrics.getOrDefault("numRemovedFiles", "0"));
    if (removed > 0) {
      long version = commits.get(0).getLong(0);
      throw new IllegalStateException(id.qualifiedName() + ": version " + version + " replaced " + removed
          + " files another writer committed on the same dates while this run was writing; restore them with "
          + "RESTORE TABLE delta.`" + path(id) + "` TO VERSION AS OF " + (version - 1)
          + " and run this ingest again (one ingest at a time per lake)");
    }
  }

  /** Delta's setting for copying a MERGE source before its two reads. */
  static final String MATERIALIZE_SOURCE = "spark.databricks.delta.merge.materializeSource";

  private void merge(TableId id, Dataset<Row> rows, List<String> keys, List<String> ignoredInCompare,
      Column pruning, boolean stableSource, String... partitionBy) {
    if (!exists(id)) {
      // First write: nothing to match, a plain partitioned write (rows hold each key once).
      create(id, rows, partitionBy);
      return;
    }
    List<String> added = new ArrayList<>();
    rows = alignToTable(id, rows, added);
    String on = keys.stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`")
        .collect(Collectors.joining(" AND "));
    Column cond = functions.expr(on);
    if (pruning != null) {
      cond = cond.and(pruning);
    }
    List<String> compared = Arrays.stream(rows.schema().fieldNames())
        .filter(c -> !keys.contains(c) && !ignoredInCompare.contains(c) && !added.contains(c)).toList();
    // A new column must be filled in every matched row; otherwise only rows that changed are rewritten.
    String changed = !added.isEmpty() ? "true" : compared.isEmpty() ? "false" : "NOT (" + compared.stream()
        .map(c -> "t.`" + c + "` <=> s.`" + c + "`").collect(Collectors.joining(" AND ")) + ")";
    var merge = DeltaTable.forPath(spark, path(id)).as("t").merge(rows.as("s"), cond).withSchemaEvolution()
        .whenMatched(functions.expr(changed)).updateAll()
        .whenNotMatched().insertAll();
    if (!stableSource) {
      merge.execute();
      return;
    }
    scala.Option<String> before = spark.conf().getOption(MATERIALIZE_SOURCE);
    spark.conf().set(MATERIALIZE_SOURCE, "none");
    try {
      merge.execute();
    } finally {
      if (before.isDefined()) {
        spark.conf().set(MATERIALIZE_SOURCE, before.get());
      } else {
        spark.conf().unset(MATERIALIZE_SOURCE);
      }
    }
  }

  /**
   * Schema evolution for a MERGE: columns the table has and the rows lack are added to the rows as
   * nulls; columns the rows have and the table lacks are left for the MERGE to add
   * ({@code withSchemaEvolution}), and are returned. A column whose type changed is an error naming it.
   */
  public Dataset<Row> alignToTable(TableId id, Dataset<Row> rows, List<String> added) {
    StructType target = spark.read().format("delta").load(path(id)).schema();
    List<String> targetNames = Arrays.asList(target.fieldNames());
    for (StructField f : rows.schema().fields()) {
      if (!targetNames.contains(f.name())) {
        added.add(f.name());
      } else if (!target.apply(f.name()).dataType().sameType(f.dataType())) {
        throw new IllegalStateException(id.qualifiedName() + " column " + f.name() + " is "
            + target.apply(f.name()).dataType().simpleString() + " in the table but "
            + f.dataType().simpleString() + " in the new rows: rebuild the table");
      }
    }
    for (StructField f : target.fields()) {
      if (!Arrays.asList(rows.schema().fieldNames()).contains(f.name())) {
        rows = rows.withColumn(f.name(), functions.lit(null).cast(f.dataType()));
      }
    }
    return rows;
  }

  /** Appends rows (for logs such as {@code ops.job_runs}); the first append creates the table. */
  public void append(TableId id, Dataset<Row> rows, String... partitionBy) {
    if (!exists(id)) {
      create(id, rows, partitionBy);
      return;
    }
    // A nullable column added by a newer version lands on a table an older version created.
    rows.write().format("delta").mode("append").option("mergeSchema", "true").save(path(id));
  }

  /**
   * Replaces the rows matching {@code predicate} (a SQL condition on partition and data columns)
   * with {@code rows} in one commit: readers see the old or the new rows, never a mix.
   */
  public void replaceWhere(TableId id, Dataset<Row> rows, String predicate, String... partitionBy) {
    if (!exists(id)) {
      create(id, rows, partitionBy);
      return;
    }
    rows.write().format("delta").mode("overwrite").option("replaceWhere", predicate).save(path(id));
  }
}
