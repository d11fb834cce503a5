package io.l2lake.testing;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect client, run in a JVM of its own whose classpath holds the JVM Connect client and no Spark
 * engine: {@code ConnectClient sc://HOST:PORT[/;token=...] STATEMENT ...} runs each statement and prints its rows
 * as {@code row: [...]}, or its failure as {@code error: ...} and goes on with the next. A statement is SQL, or
 * {@code saveAsTable:TABLE:SQL} (the query's rows appended to TABLE with the DataFrame writer), or
 * {@code readText:PATH} (the file's lines read with the DataFrame reader). A session that cannot be opened
 * prints {@code connect error: ...} and exits with status 3.
 */
public final class ConnectClient {
  private ConnectClient() {}

  public static void main(String[] args) {
    SparkSession spark;
    try {
      spark = SparkSession.builder().remote(args[0]).config("spark.api.mode", "connect").getOrCreate();
      System.out.println("client session: " + spark.getClass().getName() + " version " + spark.version());
    } catch (Exception e) {
      System.out.println("connect error: " + oneLine(e));
      System.exit(3);
      return;
    }
    for (String statement : Arrays.asList(args).subList(1, args.length)) {
      System.out.println("statement: " + statement);
      try {
        run(spark, statement).forEach(r -> System.out.println("row: " + r));
      } catch (Exception e) {
        System.out.println("error: " + oneLine(e));
      }
    }
    System.out.println("statements done");
    // No spark.stop(): releasing a session makes the server touch Spark ML, which l2lake does not ship (the
    // server drops idle sessions by itself).
    System.exit(0);
  }

  private static List<Row> run(SparkSession spark, String statement) {
    if (statement.startsWith("saveAsTable:")) {
      String[] parts = statement.split(":", 3);
      spark.sql(parts[2]).write().mode("append").saveAsTable(parts[1]);
      return List.of();
    }
    if (statement.startsWith("readText:")) {
      return spark.read().text(statement.substring("readText:".length())).collectAsList();
    }
    return spark.sql(statement).collectAsList();
  }

  private static String oneLine(Throwable e) {
    String message = String.valueOf(e.getMessage()).replace('\n', ' ');
    return e.getClass().getName() + ": " + message;
  }
}
