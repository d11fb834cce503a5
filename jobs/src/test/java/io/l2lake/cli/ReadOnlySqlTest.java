package io.l2lake.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.LakeCatalog;
import io.l2lake.testing.ChildJvm;
import io.l2lake.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-only guard of {@code sql} and {@code serve}: what it lets through and what it refuses, on parsed
 * statements and on analysed plans, with the lake root in a temporary directory.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReadOnlySqlTest {
  @TempDir static Path dir;
  static Path lake;
  static Path outside;
  static String table;
  static ReadOnlySql guard;

  @BeforeAll
  static void lake() throws IOException {
    SparkSession spark = SparkTestSession.get();
    lake = Files.createDirectories(dir.resolve("lake"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "not for the lake\n");
    Files.writeString(lake.resolve("notes.txt"), "in the lake\n");
    Files.createSymbolicLink(lake.resolve("escape"), outside);
    table = lake.resolve("gold/x").toString();
    spark.sql("SELECT 1 AS a, 'x' AS b").write().format("delta").save(table);
    guard = ReadOnlySql.forLake(spark, lake.toString());
  }

  @Test
  void readsAreAccepted() {
    List<String> reads = List.of(
        "SELECT 1",
        "SELECT * FROM gold.signals_1m WHERE symbol IN (SELECT symbol FROM gold.watchlist)",
        "WITH a AS (SELECT * FROM silver.bars_1m) SELECT symbol, count(*) FROM a GROUP BY symbol",
        "SELECT * FROM gold.x VERSION AS OF 0",
        "SELECT a FROM (SELECT 1 AS a UNION ALL SELECT 2) t ORDER BY a DESC LIMIT 1 OFFSET 0",
        "SELECT * FROM VALUES (1, 2) AS t(a, b) LATERAL VIEW explode(array(a, b)) x AS c",
        "SELECT * FROM range(3) JOIN explode(array(1)) ON true",
        "SELECT * FROM t PIVOT (sum(a) FOR b IN (1, 2))",
        "SELECT /*+ BROADCAST(t) */ * FROM t TABLESAMPLE (10 PERCENT)",
        "SELECT a, row_number() OVER w FROM t WINDOW w AS (ORDER BY a)",
        "SELECT a FROM t GROUP BY ROLLUP (a) HAVING count(*) > 1",
        "SHOW TABLES IN gold",
        "SHOW DATABASES",
        "SHOW COLUMNS IN gold.x",
        "SHOW TBLPROPERTIES gold.x",
        "SHOW CREATE TABLE gold.x",
        "SHOW FUNCTIONS",
        "DESCRIBE TABLE EXTENDED gold.signals_1m",
        "DESCRIBE DATABASE gold",
        "DESCRIBE FUNCTION abs",
        "DESCRIBE HISTORY gold.x",
        "DESCRIBE DETAIL gold.x",
        "DESCRIBE QUERY SELECT 1",
        "EXPLAIN SELECT * FROM gold.x",
        "EXPLAIN FORMATTED SELECT count(*) FROM silver.trades",
        "USE gold",
        "SET",
        "SET -v",
        "SET spark.sql.shuffle.partitions",
        "SET spark.sql.shuffle.partitions=4",
        "SET TIME ZONE 'UTC'",
        "RESET",
        "REFRESH TABLE gold.x",
        "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT * FROM gold.x",
        "CREATE TEMPORARY VIEW v2 AS WITH c AS (SELECT 1 AS n) SELECT * FROM c",
        "SELECT * FROM delta.`" + table + "`",
        "SELECT * FROM parquet.`" + lake.resolve("gold/x") + "`",
        "SELECT * FROM delta.`file:" + table + "`",
        "SELECT * FROM delta.`" + lake.resolve("gold/../gold/x") + "`",
        "DESCRIBE HISTORY '" + table + "'",
        "SELECT * FROM table_changes_by_path('" + table + "', 0)");
    for (String sql : reads) {
      assertDoesNotThrow(() -> guard.check(SparkTestSession.get(), sql), sql);
    }
  }

  @Test
  void theNotebooksOnlyRead() throws IOException {
    String root = LakeCatalog.qualified(SparkTestSession.get(), lake.toString());
    List<String> statements = new ArrayList<>();
    try (Stream<Path> files = Files.list(ChildJvm.ROOT.resolve("notebooks"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
        statements.addAll(SqlCommand.split(Files.readString(f).replace("${lake}", root)));
      }
    }
    assertTrue(statements.size() >= 20, "the notebooks' statements: " + statements.size());
    assertTrue(statements.stream().anyMatch(s -> s.startsWith("CREATE OR REPLACE TEMPORARY VIEW")));
    for (String sql : statements) {
      assertDoesNotThrow(() -> guard.check(SparkTestSession.get(), sql), sql);
    }
  }

  @Test
  void writesAndCatalogChangesAreRefused() {
    List<String> writes = List.of(
        "DELETE FROM bronze.ticks",
        "DELETE FROM delta.`" + table + "` WHERE a = 1",
        "INSERT INTO gold.x SELECT 1, 'y'",
        "INSERT OVERWRITE TABLE gold.x SELECT 1, 'y'",
        "FROM gold.x INSERT INTO gold.y SELECT a",
        "INSERT OVERWRITE DIRECTORY '/tmp/out' USING parquet SELECT 1",
        "UPDATE gold.x SET a = 2",
        "MERGE INTO gold.x t USING gold.y s ON t.a = s.a WHEN MATCHED THEN DELETE",
        "DROP TABLE gold.x",
        "DROP VIEW v",
        "DROP DATABASE gold CASCADE",
        "CREATE TABLE gold.y (a INT) USING delta",
        "CREATE TABLE gold.y AS SELECT 1 AS a",
        "CREATE OR REPLACE TABLE gold.y (a INT) USING delta",
        "REPLACE TABLE gold.x (a INT) USING delta",
        "CREATE VIEW gold.v AS SELECT 1",
        "CREATE GLOBAL TEMPORARY VIEW g AS SELECT 1",
        "CREATE TEMPORARY VIEW csvview USING csv OPTIONS (path '" + lake.resolve("x.csv") + "')",
        "CREATE DATABASE d",
        "CREATE FUNCTION f AS 'x.Y'",
        "ALTER TABLE gold.x ADD COLUMNS (c INT)",
        "ALTER TABLE gold.x SET TBLPROPERTIES ('k' = 'v')",
        "COMMENT ON TABLE gold.x IS 'x'",
        "TRUNCATE TABLE gold.x",
        "OPTIMIZE gold.x",
        "VACUUM gold.x",
        "RESTORE TABLE gold.x TO VERSION AS OF 0",
        "CONVERT TO DELTA parquet.`" + lake.resolve("p") + "`",
        "MSCK REPAIR TABLE gold.x",
        "ANALYZE TABLE gold.x COMPUTE STATISTICS",
        "CACHE TABLE gold.x",
        "CACHE TABLE c AS SELECT 1",
        "UNCACHE TABLE gold.x",
        "CLEAR CACHE",
        "ADD JAR /tmp/x.jar",
        "ADD FILE /tmp/x",
        "LOAD DATA INPATH '/tmp/x' INTO TABLE gold.x",
        "SET spark.hadoop.fs.file.impl=x.Y",
        "SET spark.databricks.delta.retentionDurationCheck.enabled=false",
        "SET spark.sql.runSQLOnFiles=true",
        "DECLARE VARIABLE n INT DEFAULT 1",
        "EXECUTE IMMEDIATE 'DROP TABLE gold.x'",
        "EXPLAIN DELETE FROM gold.x",
        "EXPLAIN SELECT * FROM text.`/etc/passwd`",
        "SELECT TRANSFORM(a) USING 'cat' AS (b) FROM gold.x",
        "SELECT reflect('java.lang.System', 'exit', 0)",
        "SELECT java_method('java.lang.System', 'getProperty', 'user.home')",
        "SELECT try_reflect('java.lang.System', 'getProperty', 'user.home')",
        "SELECT * FROM IDENTIFIER('text.`/etc/passwd`')");
    for (String sql : writes) {
      ReadOnlySql.Refused e = assertThrows(ReadOnlySql.Refused.class,
          () -> guard.check(SparkTestSession.get(), sql), sql);
      assertTrue(e.getMessage().startsWith("refused ") && e.getMessage().endsWith("--allow-writes permits it)")
          && !e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void theRefusalNamesTheStatement() {
    assertEquals("refused DeleteFromTable: it writes or changes tables, views, functions or settings, or is not"
            + " a plain read (read-only; --allow-writes permits it)",
        assertThrows(ReadOnlySql.Refused.class, () -> guard.check(SparkTestSession.get(), "DELETE FROM bronze.ticks"))
            .getMessage());
    assertEquals("refused text.`/etc/passwd`: the path is outside the lake root " + guard.root()
            + " (read-only; --allow-writes permits it)",
        assertThrows(ReadOnlySql.Refused.class,
            () -> guard.check(SparkTestSession.get(), "SELECT * FROM text.`/etc/passwd`")).getMessage());
  }

  @Test
  void pathsOutsideTheLakeAreRefusedWhereverTheyHide() {
    String secret = outside.resolve("secret.txt").toString();
    List<String> reads = List.of(
        "SELECT * FROM text.`/etc/passwd`",
        "SELECT * FROM csv.`file:///etc/passwd`",
        "SELECT * FROM json.`" + secret + "`",
        "SELECT * FROM orc.`" + secret + "` UNION ALL SELECT * FROM parquet.`" + secret + "`",
        "SELECT * FROM binaryFile.`" + outside + "`",
        "SELECT * FROM `text`.`" + secret + "`",
        "SELECT * FROM spark_catalog.delta.`" + outside + "`",
        "SELECT * FROM text.`" + lake + "/../outside/secret.txt`",
        "SELECT * FROM text.`" + lake + "/gold/../../outside/secret.txt`",
        "SELECT * FROM text.`" + lake + "/escape/secret.txt`",
        "SELECT * FROM text.`" + lake + "/{gold,../outside}/secret.txt`",
        "SELECT * FROM text.`" + lake + "2/secret.txt`",
        "SELECT * FROM text.`outside/secret.txt`",
        "SELECT * FROM `org.apache.spark.sql.execution.datasources.text.TextFileFormat`.`" + secret + "`",
        "SELECT * FROM gold.x WHERE b IN (SELECT value FROM text.`" + secret + "`)",
        "SELECT * FROM gold.x WHERE EXISTS (SELECT 1 FROM text.`" + secret + "`)",
        "SELECT (SELECT max(value) FROM text.`" + secret + "`) AS v",
        "WITH s AS (SELECT * FROM text.`" + secret + "`) SELECT * FROM gold.x, s",
        "SELECT * FROM gold.x, LATERAL (SELECT * FROM text.`" + secret + "`)",
        "SELECT * FROM (SELECT * FROM (SELECT * FROM text.`" + secret + "`) a) b",
        "CREATE TEMPORARY VIEW leak AS SELECT * FROM text.`" + secret + "`",
        "SELECT * FROM parquet.`" + lake.resolve("gold/x") + "` WITH ('path' = '" + outside + "')",
        "SELECT * FROM gold.x WITH ('PATH' = '" + secret + "')",
        "DESCRIBE delta.`" + outside + "`",
        "DESCRIBE HISTORY '" + outside + "'",
        "DESCRIBE DETAIL '" + outside + "'",
        "SELECT * FROM table_changes_by_path('" + outside + "', 0)");
    for (String sql : reads) {
      ReadOnlySql.Refused e = assertThrows(ReadOnlySql.Refused.class,
          () -> guard.check(SparkTestSession.get(), sql), sql);
      assertTrue(e.getMessage().contains("outside the lake root"), sql + " -> " + e.getMessage());
    }
  }

  @Test
  void analysedPlansAreJudgedToo() {
    SparkSession spark = SparkTestSession.get();
    assertDoesNotThrow(() -> guard.checkAnalyzed(spark.read().format("delta").load(table).queryExecution()
        .analyzed()));
    assertDoesNotThrow(() -> guard.checkAnalyzed(analysed(spark, "SELECT a, (SELECT max(a) FROM delta.`" + table
        + "`) FROM delta.`" + table + "` JOIN range(2) ON true")));
    assertDoesNotThrow(() -> guard.checkAnalyzed(analysed(spark, "DESCRIBE HISTORY delta.`" + table + "`")));
    assertDoesNotThrow(() -> guard.checkAnalyzed(spark.range(3).toDF().queryExecution().analyzed()));

    ReadOnlySql.Refused read = assertThrows(ReadOnlySql.Refused.class, () -> guard.checkAnalyzed(
        spark.read().text(outside.resolve("secret.txt").toString()).queryExecution().analyzed()));
    assertTrue(read.getMessage().contains("outside the lake root"), read.getMessage());
    ReadOnlySql.Refused hidden = assertThrows(ReadOnlySql.Refused.class, () -> guard.checkAnalyzed(
        spark.read().format("delta").load(table).join(spark.read().text(lake.resolve("escape/secret.txt")
            .toString())).queryExecution().analyzed()));
    assertTrue(hidden.getMessage().contains("outside the lake root"), hidden.getMessage());
    ReadOnlySql.Refused second = assertThrows(ReadOnlySql.Refused.class, () -> guard.checkAnalyzed(
        spark.read().text(lake.resolve("notes.txt").toString(), outside.resolve("secret.txt").toString())
            .queryExecution().analyzed()));
    assertTrue(second.getMessage().contains("secret.txt"), second.getMessage());
    assertDoesNotThrow(() -> guard.checkAnalyzed(spark.read().text(lake.resolve("notes.txt").toString())
        .queryExecution().analyzed()));

    for (String sql : List.of("DELETE FROM delta.`" + table + "` WHERE a = 1",
        "INSERT INTO delta.`" + table + "` SELECT 2, 'y'", "UPDATE delta.`" + table + "` SET a = 3")) {
      ReadOnlySql.Refused e = assertThrows(ReadOnlySql.Refused.class, () -> guard.checkAnalyzed(
          analysed(spark, sql)), sql);
      assertTrue(e.getMessage().contains("writes or changes"), e.getMessage());
    }
    assertEquals(1L, spark.read().format("delta").load(table).count(), "nothing was run");
  }

  @Test
  void aTableByNameIsReadWhereverItLives() {
    SparkSession spark = SparkTestSession.get();
    String elsewhere = outside.resolve("t").toString();
    spark.sql("SELECT 2 AS a").write().format("delta").save(elsewhere);
    spark.sql("CREATE TABLE read_only_elsewhere USING delta LOCATION '" + elsewhere + "'");
    try {
      assertDoesNotThrow(() -> guard.check(spark, "SELECT * FROM read_only_elsewhere"));
      assertDoesNotThrow(() -> guard.checkAnalyzed(spark.table("read_only_elsewhere").queryExecution().analyzed()));
      assertThrows(ReadOnlySql.Refused.class, () -> guard.check(spark, "SELECT * FROM delta.`" + elsewhere + "`"));
    } finally {
      spark.sql("DROP TABLE read_only_elsewhere");
    }
  }

  /** The analysed plan of {@code sql}, without running it (a command is analysed, not executed). */
  private static LogicalPlan analysed(SparkSession spark, String sql) throws Exception {
    return spark.sessionState().analyzer().execute(spark.sessionState().sqlParser().parsePlan(sql));
  }
}
