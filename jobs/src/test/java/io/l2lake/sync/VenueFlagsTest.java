package io.l2lake.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.config.L2Config;
import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Each venue flag on hand-built trades, and the block flag's running median trade by trade. */
class VenueFlagsTest {
  static final L2Config.Sync SYNC = L2Config.load(null, Map.of()).sync(); // centers 19,24; lot 100; k 10
  static final StructType SCHEMA = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("ts", DataTypes.TimestampType).add("seq", DataTypes.LongType)
      .add("price", DataTypes.DoubleType).add("size", DataTypes.LongType).add("market_center", DataTypes.IntegerType)
      .add("conditions", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("basis", DataTypes.StringType, false);

  static Row t(String symbol, String day, int second, long seq, double price, long size, Integer center,
      String basis, String... conditions) {
    return RowFactory.create(symbol, Date.valueOf(day),
        Timestamp.from(Instant.parse(day + "T15:00:00Z").plusSeconds(second)), seq, price, size, center,
        Arrays.asList(conditions), basis); // bronze: conditions and basis are never null
  }

  static List<String> flags(List<Row> in) {
    List<Row> shuffled = new ArrayList<>(in);
    Collections.shuffle(shuffled, new Random(3)); // the order of the input rows must not matter
    List<String> got = new ArrayList<>();
    VenueFlags.flag(SparkTestSession.get().createDataFrame(shuffled, SCHEMA).repartition(3), SYNC)
        .orderBy("symbol", "trade_date", "ts", "seq")
        .select("symbol", "seq", "off_exchange", "odd_lot", "form_t", "subpenny", "running_median_size", "block")
        .collectAsList().forEach(r -> got.add(r.mkString(" ")));
    return got;
  }

  @Test
  void venueAndKindFlags() {
    List<String> got = flags(List.of(
        t("A", "2021-03-01", 1, 1, 0.5, 100, 19, "O"),              // off-exchange TRF
        t("A", "2021-03-01", 2, 2, 0.5, 100, 11, "O", "87"),        // odd-lot condition at a round size
        t("A", "2021-03-01", 3, 3, 0.5, 99, null, "O"),             // fewer shares than a round lot
        t("A", "2021-03-01", 4, 4, 0.5, 100, 24, "O", "17"),        // Form-T condition, off-exchange
        t("A", "2021-03-01", 5, 5, 0.5, 100, 11, "E"),              // extended-hours basis
        t("A", "2021-03-01", 6, 6, 1.2345, 100, 11, "O"),           // sub-penny at or above $1
        t("A", "2021-03-01", 7, 7, 0.1234, 100, 11, "O"),           // fraction of a cent below $1: on the grid
        t("A", "2021-03-01", 8, 8, 1.23, 0, 11, "O"),               // whole cents; a size of 0
        t("A", "2021-03-01", 9, 9, 0.12345, 100, 19, "O"),          // a fraction of $0.0001 below $1
        t("A", "2021-03-01", 10, 10, 0.9999, 100, 19, "O")));       // the grid's top below $1
    assertEquals(List.of(
        "A 1 true false false false 100 false",
        "A 2 false true false false 100 false",
        "A 3 false true false false 100 false", // {99, 100, 100}: rank 2
        "A 4 true false true false 100 false",
        "A 5 false false true false 100 false",
        "A 6 false false false true 100 false",
        "A 7 false false false false 100 false",
        "A 8 false false false false 100 false",
        "A 9 true false false true 100 false",
        "A 10 true false false false 100 false"), got);
  }

  @Test
  void blocksAgainstTheRunningMedianOfTheDaySoFar() {
    List<String> got = flags(List.of(
        // A, day 1: the median follows the trades seen so far, never the later ones
        t("A", "2021-03-01", 1, 1, 0.5, 200, 11, "O"),    // median 200: 200 < 10 x 200
        t("A", "2021-03-01", 2, 2, 0.5, 2_000, 11, "O"),  // {200, 2000}: lower median 200 -> block
        t("A", "2021-03-01", 2, 3, 0.5, 1_999, 11, "O"),  // same second, later seq: {200,1999,2000} -> 1999
        t("A", "2021-03-01", 3, 4, 0.5, 100, 11, "O"),    // {100,200,1999,2000} -> 200
        t("A", "2021-03-01", 4, 5, 0.5, 300, 11, "O"),    // {100,200,300,1999,2000} -> 300
        t("A", "2021-03-01", 5, 6, 0.5, 3_000, 11, "O"),  // {.., 3000}: 6 values -> rank 3 = 300: 3000 = 10 x 300
        // A, day 2 starts over
        t("A", "2021-03-02", 1, 1, 0.5, 2_000, 11, "O"),  // median of one trade is itself: never a block
        // B, same day as A's first: its own median
        t("B", "2021-03-01", 1, 1, 0.5, 10, 11, "O"),
        t("B", "2021-03-01", 9, 2, 0.5, 100, 11, "O")));  // {10, 100} -> 10: 100 = 10 x 10
    assertEquals(List.of(
        "A 1 false false false false 200 false",
        "A 2 false false false false 200 true",
        "A 3 false false false false 1999 false",
        "A 4 false false false false 200 false",
        "A 5 false false false false 300 false",
        "A 6 false false false false 300 true",
        "A 1 false false false false 2000 false",
        "B 1 false true false false 10 false",
        "B 2 false false false false 10 true"), got);
  }
}
