package io.l2lake.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads and writes {@code ops.stage_state}: the latest outcome of each backfill stage for a date range,
 * with the code version, the inputs it ran on and the output versions it left.
 *
 * <p>Cost: a read of a table with one row per stage and range, and a one-row MERGE per stage run.
 */
public final class StageState {
  private StageState() {}

  /** One row of {@code ops.stage_state}. */
  public record Entry(String stage, LocalDate from, LocalDate to, String status, String codeVersion,
      String inputFingerprint, Map<String, String> inputs, Map<String, String> outputs, String runId,
      Instant finishedAt, String message) {}

  /** The stage rows of exactly [from, to], by stage name. */
  public static Map<String, Entry> read(Lake lake, LocalDate from, LocalDate to) {
    Map<String, Entry> out = new HashMap<>();
    if (!lake.exists(TableId.OPS_STAGE_STATE)) {
      return out;
    }
    for (Row r : lake.read(TableId.OPS_STAGE_STATE, Schemas.STAGE_STATE)
        .filter(col("from_date").equalTo(lit(Date.valueOf(from))).and(col("to_date").equalTo(lit(Date.valueOf(to)))))
        .collectAsList()) {
      Entry e = new Entry(r.getAs("stage"), from, to, r.getAs("status"), r.getAs("code_version"),
          r.getAs("input_fingerprint"), javaMap(r.getMap(r.fieldIndex("inputs"))),
          javaMap(r.getMap(r.fieldIndex("outputs"))), r.getAs("run_id"),
          r.<Timestamp>getAs("finished_at").toInstant(), r.getAs("message"));
      out.put(e.stage(), e);
    }
    return out;
  }

  /** Replaces the row of (stage, from, to) with {@code e} in one commit. */
  public static void write(Lake lake, Entry e) {
    Row row = RowFactory.create(e.stage(), Date.valueOf(e.from()), Date.valueOf(e.to()), e.status(),
        e.codeVersion(), e.inputFingerprint(), CollectionConverters.asScala(new TreeMap<>(e.inputs())),
        CollectionConverters.asScala(new TreeMap<>(e.outputs())), e.runId(), Timestamp.from(e.finishedAt()),
        e.message());
    var rows = lake.spark().createDataFrame(List.of(row), Schemas.STAGE_STATE);
    if (!lake.exists(TableId.OPS_STAGE_STATE)) {
      rows.write().format("delta").mode("append").save(lake.path(TableId.OPS_STAGE_STATE));
      return;
    }
    DeltaTable.forPath(lake.spark(), lake.path(TableId.OPS_STAGE_STATE)).as("t")
        .merge(rows.as("s"), "t.stage = s.stage AND t.from_date = s.from_date AND t.to_date = s.to_date")
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .execute();
  }

  private static Map<String, String> javaMap(scala.collection.Map<String, String> m) {
    return new TreeMap<>(CollectionConverters.asJava(m));
  }
}
