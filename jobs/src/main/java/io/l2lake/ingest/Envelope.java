package io.l2lake.ingest;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.l2lake.lake.Schemas;
import org.apache.spark.sql.types.StructType;

/**
 * The one-pass parse output: each row is one record for one bronze table (or a file's accounting),
 * tagged by {@code kind}, with the record in the struct column of that name. Splitting the parse
 * into tables afterwards reads the persisted envelope, never the raw files again.
 */
final class Envelope {
  private Envelope() {}

  static final String KIND = "kind";
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

  static final StructType SCHEMA = new StructType()
      .add(KIND, StringType, false)
      .add(TICK, TICK_ROW, true)
      .add(QUOTE, Schemas.QUOTES, true)
      .add(DEPTH, Schemas.DEPTH, true)
      .add(DAILY, DAILY_ROW, true)
      .add(DELETE, Schemas.TRADE_DELETES, true)
      .add(REJECTED, Schemas.QUARANTINE, true)
      .add(STATS, Schemas.INGEST_FILES, true);

  /** Input of the parse: one row per raw file. */
  static final StructType FILE_SCHEMA = new StructType()
      .add("absolute_path", StringType, false)
      .add(Schemas.SOURCE_FILE, StringType, false)
      .add("feed", StringType, false)
      .add(Schemas.SYMBOL, StringType, false)
      .add("symbol_valid", org.apache.spark.sql.types.DataTypes.BooleanType, false)
      .add("file_size", LongType, false)
      .add("file_mtime", LongType, false);
}
