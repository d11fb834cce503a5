package io.l2lake.lake;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Registers the lake's tables by name ({@code bronze.ticks}, {@code gold.signals_1m}, ...) in the session's
 * catalog, with their comments. The catalog is whatever the session has: Spark's built-in Hive metastore under
 * the lake root ({@code l2lake.catalog.metastore = embedded}), the cluster's metastore ({@code external}), or
 * the session only ({@code none}). Tables are external: the catalog holds a name, a location and the schema;
 * dropping a name never deletes data.
 *
 * <p>Comments live in the Delta tables themselves, so every engine reading the lake sees them: the table
 * comment ({@link TableId#description()}) is the Delta description; column comments come from the schemas of
 * {@link Schemas} as the stages write them, and, for computed columns, from {@code column-comments.properties}. They are written only where missing (a column keeps a comment it has), in
 * at most two metadata-only commits per table ({@code CHANGE COLUMNS}, {@code SET TBLPROPERTIES}); the backfill
 * does not count those as writes. Registering again is a no-op; a name whose location moved (the lake was
 * rebuilt elsewhere) is pointed at the new location.
 */
public final class LakeCatalog {
  private LakeCatalog() {}

  /** Delta operations that only change comments: not writes, for the backfill's "written since" check. */
  public static final Set<String> COMMENT_OPERATIONS = Set.of("SET TBLPROPERTIES", "CHANGE COLUMN", "CHANGE COLUMNS");

  /** What registration did to one table. */
  public record Registered(TableId id, String location, boolean created, int commentsWritten) {}

  private static final Map<String, String> COLUMN_COMMENTS = load();

  /** Registers every table that exists in the lake. */
  public static List<Registered> register(SparkSession spark, Lake lake) {
    List<Registered> out = new ArrayList<>();
    for (TableId id : TableId.values()) {
      if (lake.exists(id)) {
        out.add(register(spark, lake, id));
      }
    }
    return out;
  }

  /** Registers one existing table (comments, database, name). */
  public static Registered register(SparkSession spark, Lake lake, TableId id) {
    String path = qualified(spark, lake.path(id));
    int written = writeComments(spark, path, id);
    spark.sql("CREATE DATABASE IF NOT EXISTS " + id.zone() + " COMMENT " + literal(TableId.zoneDescription(id.zone())));
    var catalog = spark.sessionState().catalog();
    TableIdentifier name = new TableIdentifier(id.table(), Option.apply(id.zone()));
    boolean created = false;
    if (catalog.tableExists(name)) {
      String registered;
      try {
        registered = catalog.getTableMetadata(name).location().toString();
      } catch (org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException
          | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
        throw new IllegalStateException(id.qualifiedName() + " vanished from the catalog while registering", e);
      }
      if (!sameLocation(spark, registered, path)) {
        spark.sql("DROP TABLE " + id.qualifiedName());
      }
    }
    if (!catalog.tableExists(name)) {
      spark.sql("CREATE TABLE " + id.qualifiedName() + " USING delta LOCATION " + literal(path));
      created = true;
    }
    return new Registered(id, path, created, written);
  }

  /** The schemas of {@link Schemas} the lake's tables are written with, whose fields carry their comments. */
  private static final Map<TableId, StructType> WRITTEN_SCHEMAS = Map.of(
      TableId.BRONZE_TICKS, Schemas.TICKS,
      TableId.BRONZE_QUOTES, Schemas.QUOTES,
      TableId.BRONZE_DEPTH, Schemas.DEPTH,
      TableId.BRONZE_DAILY_BARS, Schemas.DAILY_BARS,
      TableId.BRONZE_QUARANTINE, Schemas.QUARANTINE,
      TableId.OPS_INGEST_FILES, Schemas.INGEST_FILES,
      TableId.OPS_INTEGRITY, Schemas.INTEGRITY,
      TableId.OPS_JOB_RUNS, Schemas.JOB_RUNS,
      TableId.OPS_FETCH_LOG, Schemas.FETCH_LOG,
      TableId.OPS_STAGE_STATE, Schemas.STAGE_STATE);

  /**
   * The comment a column should carry, or null when none is known: the field's comment in the schema the table is
   * written with (a write by MERGE or from a derived frame does not keep it in the Delta schema), else the entry
   * of {@code column-comments.properties}.
   */
  public static String columnComment(TableId id, String column) {
    StructType schema = WRITTEN_SCHEMAS.get(id);
    if (schema != null) {
      for (StructField f : schema.fields()) {
        if (f.name().equals(column) && f.getComment().isDefined()) {
          return f.getComment().get();
        }
      }
    }
    return COLUMN_COMMENTS.get(id.qualifiedName() + "." + column);
  }

  /** Writes the missing comments of the table at {@code path}; returns how many were written. */
  static int writeComments(SparkSession spark, String path, TableId id) {
    String table = "delta.`" + path.replace("`", "``") + "`";
    DeltaTable delta = DeltaTable.forPath(spark, path);
    Map<String, String> wanted = new LinkedHashMap<>();
    for (StructField f : delta.toDF().schema().fields()) {
      String want = columnComment(id, f.name());
      String has = f.getComment().isDefined() ? f.getComment().get() : null;
      if (want != null && has == null) {
        wanted.put(f.name(), want);
      }
    }
    int written = 0;
    if (!wanted.isEmpty()) {
      List<String> parts = new ArrayList<>();
      wanted.forEach((c, comment) -> parts.add("`" + c.replace("`", "``") + "` COMMENT " + literal(comment)));
      spark.sql("ALTER TABLE " + table + " ALTER COLUMN " + String.join(", ", parts));
      written += wanted.size();
    }
    Row detail = delta.detail().select("description").first();
    String description = detail.isNullAt(0) ? null : detail.getString(0);
    if (!id.description().equals(description)) {
      spark.sql("COMMENT ON TABLE " + table + " IS " + literal(id.description()));
      written++;
    }
    return written;
  }

  /**
   * The path with its scheme and, for a relative local path, made absolute ({@code data-lake/gold/x} ->
   * {@code file:/home/me/l2lake/data-lake/gold/x}): SQL path identifiers and catalog locations need it.
   */
  public static String qualified(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean sameLocation(SparkSession spark, String registered, String path) {
    var conf = spark.sparkContext().hadoopConfiguration();
    try {
      org.apache.hadoop.fs.Path a = new org.apache.hadoop.fs.Path(registered);
      org.apache.hadoop.fs.Path b = new org.apache.hadoop.fs.Path(path);
      return a.getFileSystem(conf).makeQualified(a).equals(b.getFileSystem(conf).makeQualified(b));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A SQL string literal. */
  static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static Map<String, String> load() {
    Map<String, String> m = new LinkedHashMap<>();
    Properties p = new Properties();
    try (InputStream in = LakeCatalog.class.getResourceAsStream("column-comments.properties")) {
      if (in != null) {
        p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    p.stringPropertyNames().forEach(k -> m.putIfAbsent(k, p.getProperty(k).trim()));
    return Map.copyOf(m);
  }
}
