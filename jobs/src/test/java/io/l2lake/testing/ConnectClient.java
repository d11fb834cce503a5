package io.l2lake.testing;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect client, run in a JVM of its own whose classpath holds the JVM Connect client and no Spark
 * engine: {@code ConnectClient sc://HOST:PORT "SQL" ...} prints each statement's rows as {@code row: [...]}.
 */
public final class ConnectClient {
  private ConnectClient() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().remote(args[0]).config("spark.api.mode", "connect").getOrCreate();
    System.out.println("client session: " + spark.getClass().getName() + " version " + spark.version());
    for (String sql : Arrays.asList(args).subList(1, args.length)) {
      System.out.println("statement: " + sql);
      List<Row> rows = spark.sql(sql).collectAsList();
      rows.forEach(r -> System.out.println("row: " + r));
    }
    System.out.println("statements done");
    // No spark.stop(): releasing a session makes the server touch Spark ML, which l2lake does not ship (the
    // server drops idle sessions by itself).
    System.exit(0);
  }
}
