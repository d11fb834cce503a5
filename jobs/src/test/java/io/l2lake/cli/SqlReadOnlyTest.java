package io.l2lake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code l2lake sql} through {@link Main#execute}: a write is refused with status 2 and the table is untouched. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SqlReadOnlyTest {
  @TempDir Path dir;

  @AfterEach
  void dropNames() {
    SparkTestSession.get().sql("DROP TABLE IF EXISTS bronze.ticks");
  }

  @Test
  void aDeleteIsRefusedAndTheTableKeepsItsVersion() {
    Path root = dir.resolve("lake");
    SparkSession spark = SparkTestSession.get();
    Lake lake = new Lake(spark, root.toString());
    lake.ensure(TableId.BRONZE_TICKS, Schemas.TICKS, Schemas.TRADE_DATE);
    spark.sql("SELECT 'ABCD' AS symbol, DATE'2025-03-03' AS trade_date, 1.5D AS price").write().format("delta")
        .mode("append").save(lake.path(TableId.BRONZE_TICKS));
    // The first run registers the table and writes its column comments (metadata commits): read first.
    Run read = sql(root, "SELECT symbol, price FROM bronze.ticks");
    assertEquals(0, read.status, read.err);
    assertTrue(read.out.contains("ABCD    1.5"), read.out);
    long version = TestLakes.version(root, TableId.BRONZE_TICKS);

    Run refused = sql(root, "DELETE FROM bronze.ticks");
    assertEquals(2, refused.status, refused.err);
    assertEquals("l2lake: refused DeleteFromTable: it writes or changes tables, views, functions or settings, or is"
        + " not a plain read (read-only; --allow-writes permits it)", refused.err.strip());
    assertEquals(version, TestLakes.version(root, TableId.BRONZE_TICKS));
    assertEquals(1L, TestLakes.table(root, TableId.BRONZE_TICKS).count());

    // The same statement with the flag runs: the refusal above is the guard's, not a failing DELETE.
    Run allowed = sql(root, "--allow-writes", "DELETE FROM bronze.ticks");
    assertEquals(0, allowed.status, allowed.err);
    assertEquals(version + 1, TestLakes.version(root, TableId.BRONZE_TICKS));
    assertEquals(0L, TestLakes.table(root, TableId.BRONZE_TICKS).count());
  }

  @Test
  void aFileRunsNothingWhenOneStatementIsRefused() throws Exception {
    Path root = dir.resolve("lake");
    SparkSession spark = SparkTestSession.get();
    Lake lake = new Lake(spark, root.toString());
    lake.ensure(TableId.BRONZE_TICKS, Schemas.TICKS, Schemas.TRADE_DATE);
    assertEquals(0, sql(root, "SHOW TABLES IN bronze").status);
    long version = TestLakes.version(root, TableId.BRONZE_TICKS);
    Path file = Files.writeString(dir.resolve("two.sql"),
        "INSERT INTO bronze.ticks (symbol) VALUES ('WXYZ');\nSELECT * FROM text.`/etc/passwd`;\n");

    Run run = sql(root, "-f", file.toString());
    assertEquals(2, run.status, run.err);
    assertTrue(run.err.strip().startsWith("l2lake: statement 1 of " + file + ": refused InsertIntoStatement"),
        run.err);
    assertEquals(version, TestLakes.version(root, TableId.BRONZE_TICKS));
  }

  @Test
  void aStatementThatCannotBeAnalysedGetsOneMessage() throws Exception {
    Path root = dir.resolve("lake");
    Run missing = sql(root, "SELECT * FROM gold.no_such_table");
    assertEquals(2, missing.status, missing.err);
    assertTrue(missing.err.startsWith("l2lake: [TABLE_OR_VIEW_NOT_FOUND]") && !missing.err.contains("\tat "),
        missing.err);
    Path file = Files.writeString(dir.resolve("two.sql"), "SELECT 41 + 1 AS answer;\nSELEC oops;\n");
    Run typo = sql(root, "-f", file.toString());
    assertEquals(2, typo.status, typo.err);
    assertTrue(typo.err.startsWith("l2lake: statement 2 of " + file + ": [PARSE_SYNTAX_ERROR]")
        && !typo.err.contains("\tat "), typo.err);
  }

  private record Run(int status, String out, String err) {}

  private static Run sql(Path lakeRoot, String... args) {
    String[] line = new String[args.length + 5];
    line[0] = "sql";
    line[1] = "--lake";
    line[2] = lakeRoot.toString();
    line[3] = "--set";
    line[4] = "l2lake.catalog.metastore=none";
    System.arraycopy(args, 0, line, 5, args.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int status = Main.execute(line);
      return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
