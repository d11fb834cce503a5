package io.l2lake.cli;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;
import scala.runtime.BoxedUnit;

/**
 * Puts {@link ReadOnlySql} in front of every session of a Spark application ({@code spark.sql.extensions}), so
 * that it also judges what Spark Connect clients send to {@code l2lake serve}: a parser that checks each SQL
 * statement as it is parsed, and a check rule that judges each analysed plan (DataFrame reads, writes and
 * {@code saveAsTable} included). Both do nothing until {@link #arm} is called, so that the server can register
 * the lake's tables first; every session of the application (each Connect client has its own) shares the one
 * guard armed for the process.
 *
 * <p>Cost: the guard's walk for every statement and every analysed plan; no Spark job.
 */
public final class ReadOnlySqlExtension implements SparkSessionExtensionsProvider {
  private static volatile ReadOnlySql armed;

  /** Judges every statement and plan from now on with {@code guard}. */
  public static void arm(ReadOnlySql guard) {
    armed = guard;
  }

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectParser((session, parser) -> new GuardedParser(parser));
    extensions.injectCheckRule(session -> plan -> {
      ReadOnlySql guard = armed;
      if (guard != null) {
        guard.checkAnalyzed(plan);
      }
      return BoxedUnit.UNIT;
    });
    return BoxedUnit.UNIT;
  }

  /** The session's parser, with each parsed statement judged before it is returned. */
  private static final class GuardedParser implements ParserInterface {
    private final ParserInterface parser;

    GuardedParser(ParserInterface parser) {
      this.parser = parser;
    }

    @Override
    public LogicalPlan parsePlan(String sqlText) throws ParseException {
      return judged(parser.parsePlan(sqlText));
    }

    @Override
    public LogicalPlan parseQuery(String sqlText) throws ParseException {
      return judged(parser.parseQuery(sqlText));
    }

    private static LogicalPlan judged(LogicalPlan plan) {
      ReadOnlySql guard = armed;
      if (guard != null) {
        guard.checkStatement(plan);
      }
      return plan;
    }

    @Override
    public Expression parseExpression(String sqlText) throws ParseException {
      return parser.parseExpression(sqlText);
    }

    @Override
    public TableIdentifier parseTableIdentifier(String sqlText) throws ParseException {
      return parser.parseTableIdentifier(sqlText);
    }

    @Override
    public FunctionIdentifier parseFunctionIdentifier(String sqlText) throws ParseException {
      return parser.parseFunctionIdentifier(sqlText);
    }

    @Override
    public Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException {
      return parser.parseMultipartIdentifier(sqlText);
    }

    @Override
    public StructType parseRoutineParam(String sqlText) throws ParseException {
      return parser.parseRoutineParam(sqlText);
    }

    @Override
    public StructType parseTableSchema(String sqlText) throws ParseException {
      return parser.parseTableSchema(sqlText);
    }

    @Override
    public DataType parseDataType(String sqlText) throws ParseException {
      return parser.parseDataType(sqlText);
    }
  }
}
