package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.LakeCatalog;
import io.l2lake.lake.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code l2lake sql "SELECT ..."} or {@code l2lake sql -f FILE.sql} (statements, or a notebook of
 * {@code notebooks/}, whose {@code ${lake}} is the lake root): runs statements against the lake
 * with every existing table registered under its {@code zone.table} name in the persistent catalog
 * ({@link LakeCatalog}), and prints aligned results. Read-only unless {@code --allow-writes}: every statement is
 * judged by {@link ReadOnlySql} before the first one runs, so a file with one refused statement runs none.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run SQL over the lake's tables (bronze.ticks, silver.bars_1m, gold.signals_1m, ...).")
final class SqlCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Statements separated by ';' at line "
      + "ends, or a notebook of notebooks/ (its -- COMMAND cells; $${lake} is the lake root).")
  Path file;

  @Option(names = "--max-rows", description = "Rows printed per statement (default 50).")
  int maxRows = 50;

  @Option(names = "--allow-writes", description = "Also run statements that write or change tables, views, the "
      + "catalog or settings, and reads of paths outside the lake (refused by default).")
  boolean allowWrites;

  @Parameters(arity = "0..1", paramLabel = "STATEMENT")
  String statement;

  @Override
  public Integer call() throws Exception {
    if ((file == null) == (statement == null)) {
      throw new IllegalArgumentException("give one statement or -f FILE");
    }
    L2Config config = common.load();
    SparkSession spark = Sessions.createWithCatalog(config);
    LakeCatalog.register(spark, new Lake(spark, config.lake().root()));
    String text = file != null ? Files.readString(file) : statement;
    String root = LakeCatalog.qualified(spark, config.lake().root());
    List<String> statements = split(text.replace("${lake}", root));
    if (!allowWrites) {
      ReadOnlySql guard = ReadOnlySql.forLake(spark, config.lake().root());
      for (int i = 0; i < statements.size(); i++) {
        try {
          guard.check(spark, statements.get(i));
        } catch (IllegalArgumentException e) {
          throw statements.size() == 1 ? e : new IllegalArgumentException(where(i, statements) + e.getMessage(), e);
        } catch (Exception e) {
          throw notAnalysed(i, statements, e);
        }
      }
    }
    for (int i = 0; i < statements.size(); i++) {
      Dataset<Row> result;
      try {
        result = spark.sql(statements.get(i));
      } catch (Exception e) {
        throw notAnalysed(i, statements, e);
      }
      System.out.println(table(result, maxRows));
    }
    return 0;
  }

  /** "statement N of FILE: " when there are several statements, else nothing. */
  private String where(int i, List<String> statements) {
    return statements.size() == 1 ? "" : "statement " + (i + 1) + (file != null ? " of " + file : "") + ": ";
  }

  /**
   * A statement that does not parse or names what does not exist is the user's to fix: one message naming the
   * statement, no stack trace.
   */
  private RuntimeException notAnalysed(int i, List<String> statements, Exception e) {
    if (e instanceof AnalysisException a) {
      // The message without the plan; a parse error keeps its pointer into the statement.
      String message = a.getSimpleMessage().isBlank() ? a.getMessage() : a.getSimpleMessage();
      return new IllegalArgumentException(where(i, statements) + message.strip(), e);
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** The first {@code maxRows} rows as an aligned text table (nulls as NULL). */
  static String table(Dataset<Row> result, int maxRows) {
    String[] names = result.columns();
    List<Row> rows = result.limit(maxRows + 1).collectAsList();
    int[] width = new int[names.length];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
    }
    for (Row r : rows.subList(0, Math.min(rows.size(), maxRows))) {
      String[] c = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        c[i] = r.isNullAt(i) ? "NULL" : String.valueOf(r.get(i));
        width[i] = Math.max(width[i], c[i].length());
      }
      cells.add(c);
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, names, width);
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append("-".repeat(w)).append("  ");
    }
    out.append(rule.toString().stripTrailing()).append('\n');
    cells.forEach(c -> appendLine(out, c, width));
    out.append(rows.size() > maxRows ? "(more than " + maxRows + " rows; --max-rows N shows more)"
        : "(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    return out.toString();
  }

  private static void appendLine(StringBuilder out, String[] cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      line.append(String.format("%-" + width[i] + "s  ", cells[i]));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /**
   * Statements separated by ';' at line ends, or the cells of a SQL notebook (Databricks source format,
   * {@code -- COMMAND ----------} lines); blank ones and comment-only ones dropped.
   */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    String separator = text.lines().anyMatch(l -> l.matches("-- COMMAND -+\\s*")) ? "(?m)^-- COMMAND -+\\s*$"
        : ";\\s*(\\r?\\n|$)";
    for (String s : text.split(separator)) {
      String sql = s.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + b + "\n").trim();
      if (!sql.isEmpty()) {
        out.add(sql);
      }
    }
    return out;
  }
}
