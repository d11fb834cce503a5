package io.l2lake.ingest;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.l2lake.lake.Schemas;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The shapes of the parse output. The raw files are parsed once: every record becomes one row of
 * {@link #ALL}, a struct column per kind with the record in that table's flat row shape in its own
 * column and the others null, plus the kind itself, by which the staged Parquet is partitioned; each
 * table then reads only its own kind's directory and column. The side view holds the rejected lines
 * and each file's accounting.
 */
final class Envelope {
  private Envelope() {}

  static final String TICK = "tick";
  static final String QUOTE = "quote";
  static final String DEPTH = "depth";
  static final String DAILY = "daily";
  static final String DELETE = "del";
  static final String REJECTED = "rejected";
  static final String STATS = "stats";

  /** Transient columns carried for batch de-duplication, dropped before writing. */
  static final String FILE_MTIME = "_file_mtime";

  static StructType withTransient(StructType base) {
    return Schemas.withRaw(base).add(Schemas.field(FILE_MTIME, LongType, false, "source file mtime"));
  }

  static final StructType TICK_ROW = withTransient(Schemas.TICKS);
  static final StructType DAILY_ROW = withTransient(Schemas.DAILY_BARS);

  /** Field of a file's accounting row (not in {@code ops.ingest_files}): its records by kind column. */
  static final String RECORDS_BY_KIND = "records_by_kind";

  /**
   * Field of a file's accounting row (not in {@code ops.ingest_files}): true when a de-duplication key
   * of its history ticks or daily bars may occur twice in the file (see {@link RepeatedKeys}).
   */
  static final String KEYS_REPEATED = "keys_repeated";

  /**
   * A file's accounting: its {@code ops.ingest_files} row, then how many records of each kind
   * ({@link #TICK}, {@link #QUOTE}, ...) it produced, so the batch sizes need no pass of their own,
   * and whether its de-duplication keys repeat, so a batch whose files cannot share a key skips the
   * de-duplication.
   */
  static final StructType STATS_ROW = Schemas.INGEST_FILES.add(RECORDS_BY_KIND,
      DataTypes.createMapType(StringType, LongType, false), false)
      .add(KEYS_REPEATED, DataTypes.BooleanType, false);

  /** Rejected lines and per-file accounting, from one pass over every file. */
  static final StructType SIDE_SCHEMA = new StructType()
      .add(REJECTED, Schemas.QUARANTINE, true)
      .add(STATS, STATS_ROW, true);

  /** A view of the staged parse: its kind column, the feeds that have such records, its row shape. */
  enum Output {
    TICKS(TICK, TICK_ROW, "ticks", "l1"),
    QUOTES(QUOTE, Schemas.QUOTES, "l1"),
    DEPTH_EVENTS(DEPTH, Schemas.DEPTH, "depth"),
    DAILY_BARS(DAILY, DAILY_ROW, "daily"),
    TRADE_DELETES(DELETE, Schemas.TRADE_DELETES, "l1"),
    SIDE("side", SIDE_SCHEMA, "ticks", "l1", "depth", "daily");

    final String kind;
    final StructType schema;
    final java.util.List<String> feeds;

    Output(String kind, StructType schema, String... feeds) {
      this.kind = kind;
      this.schema = schema;
      this.feeds = java.util.List.of(feeds);
    }
  }

  /** Partition column of the staged parse: the record's kind (a column name of {@link #ALL}). */
  static final String RECORD_KIND = "record_kind";

  /** The one parse pass's row: exactly one kind's column is set, and its name in {@link #RECORD_KIND}. */
  static final StructType ALL = new StructType()
      .add(TICK, TICK_ROW, true)
      .add(QUOTE, Schemas.QUOTES, true)
      .add(DEPTH, Schemas.DEPTH, true)
      .add(DAILY, DAILY_ROW, true)
      .add(DELETE, Schemas.TRADE_DELETES, true)
      .add(REJECTED, Schemas.QUARANTINE, true)
      .add(STATS, STATS_ROW, true)
      .add(RECORD_KIND, StringType, false);
}
