package io.l2lake.cli;

import io.l2lake.lake.LakeCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.CurrentNamespace$;
import org.apache.spark.sql.catalyst.analysis.LocalTempView$;
import org.apache.spark.sql.catalyst.analysis.RelationTimeTravel;
import org.apache.spark.sql.catalyst.analysis.ResolvedNamespace;
import org.apache.spark.sql.catalyst.analysis.ResolvedNonPersistentFunc;
import org.apache.spark.sql.catalyst.analysis.ResolvedPersistentFunc;
import org.apache.spark.sql.catalyst.analysis.ResolvedPersistentView;
import org.apache.spark.sql.catalyst.analysis.ResolvedTable;
import org.apache.spark.sql.catalyst.analysis.ResolvedTempView;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunctionName;
import org.apache.spark.sql.catalyst.analysis.UnresolvedHaving;
import org.apache.spark.sql.catalyst.analysis.UnresolvedInlineTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedNamespace;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedSubqueryColumnAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTVFAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableOrView;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.PipeOperator;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.DescribeColumn;
import org.apache.spark.sql.catalyst.plans.logical.DescribeFunction;
import org.apache.spark.sql.catalyst.plans.logical.DescribeNamespace;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.Distinct;
import org.apache.spark.sql.catalyst.plans.logical.Except;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.GlobalLimit;
import org.apache.spark.sql.catalyst.plans.logical.Intersect;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LateralJoin;
import org.apache.spark.sql.catalyst.plans.logical.LocalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Offset;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.catalyst.plans.logical.Pivot;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Range;
import org.apache.spark.sql.catalyst.plans.logical.RefreshTable;
import org.apache.spark.sql.catalyst.plans.logical.Repartition;
import org.apache.spark.sql.catalyst.plans.logical.RepartitionByExpression;
import org.apache.spark.sql.catalyst.plans.logical.Sample;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.catalyst.plans.logical.SetCatalogAndNamespace;
import org.apache.spark.sql.catalyst.plans.logical.ShowColumns;
import org.apache.spark.sql.catalyst.plans.logical.ShowCreateTable;
import org.apache.spark.sql.catalyst.plans.logical.ShowFunctions;
import org.apache.spark.sql.catalyst.plans.logical.ShowNamespaces;
import org.apache.spark.sql.catalyst.plans.logical.ShowPartitions;
import org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowTables;
import org.apache.spark.sql.catalyst.plans.logical.ShowTablesExtended;
import org.apache.spark.sql.catalyst.plans.logical.ShowViews;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.Tail;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.Unpivot;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedHint;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.plans.logical.WithWindowDefinition;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.delta.UnresolvedPathBasedDeltaTable;
import org.apache.spark.sql.delta.UnresolvedPathBasedTable;
import org.apache.spark.sql.delta.catalog.DeltaTableV2;
import org.apache.spark.sql.delta.commands.DescribeDeltaDetailCommand;
import org.apache.spark.sql.delta.commands.DescribeDeltaHistory;
import org.apache.spark.sql.delta.commands.DescribeDeltaHistoryCommand;
import org.apache.spark.sql.delta.commands.ShowDeltaTableColumnsCommand;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.command.CreateViewCommand;
import org.apache.spark.sql.execution.command.DescribeColumnCommand;
import org.apache.spark.sql.execution.command.DescribeDatabaseCommand;
import org.apache.spark.sql.execution.command.DescribeFunctionCommand;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.DescribeTableCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.apache.spark.sql.execution.command.RefreshTableCommand;
import org.apache.spark.sql.execution.command.ResetCommand;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.execution.command.SetNamespaceCommand;
import org.apache.spark.sql.execution.command.ShowCatalogsCommand;
import org.apache.spark.sql.execution.command.ShowColumnsCommand;
import org.apache.spark.sql.execution.command.ShowCreateTableAsSerdeCommand;
import org.apache.spark.sql.execution.command.ShowCreateTableCommand;
import org.apache.spark.sql.execution.command.ShowCurrentNamespaceCommand;
import org.apache.spark.sql.execution.command.ShowFunctionsCommand;
import org.apache.spark.sql.execution.command.ShowPartitionsCommand;
import org.apache.spark.sql.execution.command.ShowTablePropertiesCommand;
import org.apache.spark.sql.execution.command.ShowTablesCommand;
import org.apache.spark.sql.execution.command.ShowViewsCommand;
import org.apache.spark.sql.execution.datasources.DataSource;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.execution.datasources.v2.FileTable;
import org.apache.spark.sql.internal.SQLConf;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Decides whether a statement or a plan only reads the lake, for {@code l2lake sql} and {@code l2lake serve}
 * without {@code --allow-writes}. It never looks at SQL text: a statement is parsed with the session's own
 * parser and judged on its logical plan, walked whole (children, CTE definitions, subqueries in expressions,
 * the query under {@code EXPLAIN} and under a temporary view).
 *
 * <p>A parsed statement passes only if every node is one of a fixed set of read-only classes: queries
 * ({@code SELECT}, {@code WITH}, set operations, joins, {@code VALUES}, {@code LATERAL VIEW}, {@code PIVOT},
 * hints, time travel); catalog reads ({@code SHOW ...}, {@code DESCRIBE ...} including Delta's {@code DESCRIBE
 * HISTORY} and {@code DESCRIBE DETAIL}, {@code EXPLAIN}); {@code USE}; {@code REFRESH TABLE};
 * {@code CREATE [OR REPLACE] TEMPORARY VIEW ... AS query}, which changes no table and lives only in the
 * session (a global temporary view is shared by all sessions and is refused); {@code SET} of one of
 * {@link #SETTABLE} or without a value, and {@code RESET}, which only returns settings to their start-up values.
 * Everything else is refused: DML, DDL, Delta's {@code OPTIMIZE}, {@code VACUUM}, {@code RESTORE}, {@code ADD JAR},
 * {@code LOAD DATA}, {@code EXECUTE IMMEDIATE}, {@code TRANSFORM ... USING} (it runs a program), and
 * {@code CACHE}, {@code UNCACHE} and {@code CLEAR CACHE}, whose cache all sessions of the server share. The
 * functions {@code reflect}, {@code java_method} and {@code try_reflect} are refused (they call any static Java
 * method). A table reference of the form {@code format.`path`} ({@code text.`/etc/passwd`},
 * {@code delta.`/lake/gold/x`}) and Delta's path forms ({@code DESCRIBE HISTORY '/path'}) must name a path inside
 * the lake root once qualified, {@code ..} removed and symbolic links resolved; tables by catalog name are
 * allowed wherever their data lives (the catalog's owner put them there).
 *
 * <p>{@link #checkAnalyzed} judges a plan after analysis, which is what a Spark Connect client's DataFrame
 * operations become: commands must be in the same read-only set, and every leaf must be a catalog table, a
 * file relation inside the lake, a local relation or a range; streaming sources and other data sources are
 * refused. Operators between leaves and the root are not listed one by one there, because the DataFrame API
 * builds many (typed maps, pandas and Arrow operators) and none of them writes.
 *
 * <p>The guard keeps accidents and stray clients from changing the lake; it is not a sandbox. A client that
 * may run code of its own (Scala, Java or Python user-defined functions over Spark Connect) runs it in the
 * server; what keeps strangers out of {@code serve} is its token and its loopback address.
 *
 * <p>Cost: a walk over the plan's nodes and expressions, a data-source class lookup per two-part table name,
 * and a few file-system lookups per path reference (to resolve symbolic links); no Spark job.
 */
public final class ReadOnlySql {
  /** A statement or plan that the guard refuses; {@link Main} makes it exit status 2 with one line. */
  public static final class Refused extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Refused(String what, String why) {
      super("refused " + what + ": " + why + " (read-only; --allow-writes permits it)");
    }
  }

  /** Settings a read-only session may change: they shape query plans and output, not where data comes from. */
  public static final Set<String> SETTABLE = Set.of("spark.sql.shuffle.partitions", "spark.sql.adaptive.enabled",
      "spark.sql.ansi.enabled", "spark.sql.session.timeZone", "spark.sql.autoBroadcastJoinThreshold");

  /** Commands that only read the catalog or a table's metadata, in their parsed and analysed forms. */
  private static final Set<Class<?>> READ_COMMANDS = Set.of(ShowTables.class, ShowTablesCommand.class,
      ShowTablesExtended.class, ShowNamespaces.class, ShowViews.class, ShowViewsCommand.class, ShowColumns.class,
      ShowColumnsCommand.class, ShowDeltaTableColumnsCommand.class, ShowCreateTable.class,
      ShowCreateTableCommand.class, ShowCreateTableAsSerdeCommand.class, ShowTableProperties.class,
      ShowTablePropertiesCommand.class, ShowPartitions.class, ShowPartitionsCommand.class, ShowFunctions.class,
      ShowFunctionsCommand.class, ShowCatalogsCommand.class, ShowCurrentNamespaceCommand.class,
      DescribeRelation.class, DescribeTableCommand.class, DescribeColumn.class, DescribeColumnCommand.class,
      DescribeNamespace.class, DescribeDatabaseCommand.class, DescribeFunction.class,
      DescribeFunctionCommand.class, DescribeDeltaHistory.class, DescribeDeltaHistoryCommand.class,
      DescribeDeltaDetailCommand.class, DescribeQueryCommand.class, ExplainCommand.class,
      SetCatalogAndNamespace.class, SetNamespaceCommand.class, RefreshTable.class, RefreshTableCommand.class,
      SetCommand.class, ResetCommand.class, CreateViewCommand.class);

  /** Parsed query operators that only read what their children produce. */
  private static final Set<Class<?>> QUERY_NODES = Set.of(Project.class, Filter.class, Aggregate.class,
      Join.class, LateralJoin.class, Sort.class, GlobalLimit.class, LocalLimit.class, Offset.class, Tail.class,
      Distinct.class, Union.class, Intersect.class, Except.class, SubqueryAlias.class, UnresolvedWith.class,
      Generate.class, Pivot.class, Unpivot.class, Sample.class, RepartitionByExpression.class, Repartition.class,
      UnresolvedHint.class, WithWindowDefinition.class, RelationTimeTravel.class,
      UnresolvedSubqueryColumnAliases.class, UnresolvedTVFAliases.class, UnresolvedHaving.class,
      PipeOperator.class, UnresolvedInlineTable.class, LocalRelation.class, OneRowRelation.class);

  /** Parsed leaves that name a namespace or a function for a catalog read. */
  private static final Set<Class<?>> NAME_LEAVES = Set.of(CurrentNamespace$.class, UnresolvedNamespace.class,
      UnresolvedFunctionName.class);

  /** Analysed leaves that read no storage, or name what a catalog read describes. */
  private static final Set<Class<?>> INERT_LEAVES = Set.of(LocalRelation.class, OneRowRelation.class,
      Range.class, CTERelationRef.class, LogicalRDD.class, HiveTableRelation.class, ResolvedNamespace.class,
      ResolvedPersistentView.class, ResolvedTempView.class, ResolvedPersistentFunc.class,
      ResolvedNonPersistentFunc.class);

  /** Built-in table-valued functions: they generate rows and read nothing. */
  private static final Set<String> TABLE_FUNCTIONS = Set.of("range", "explode", "explode_outer", "inline",
      "inline_outer", "posexplode", "posexplode_outer", "json_tuple", "stack", "variant_explode",
      "variant_explode_outer", "sql_keywords", "collations", "table_changes");

  /** Functions that call an arbitrary static Java method. */
  private static final Set<String> REFLECTION = Set.of("reflect", "java_method", "try_reflect");

  private final Configuration hadoop;
  private final URI root;

  private ReadOnlySql(Configuration hadoop, URI root) {
    this.hadoop = hadoop;
    this.root = root;
  }

  /** A guard for the lake at {@code lakeRoot} (a local path or a URI, as {@code l2lake.lake-root} takes it). */
  public static ReadOnlySql forLake(SparkSession spark, String lakeRoot) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try {
      return new ReadOnlySql(hadoop, resolve(LakeCatalog.qualified(spark, lakeRoot), hadoop));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot resolve the lake root " + lakeRoot + ": " + e.getMessage(), e);
    }
  }

  /** The lake root the guard compares paths with: qualified, symbolic links resolved. */
  public URI root() {
    return root;
  }

  /** Parses {@code sql} with the session's parser and refuses it unless it only reads; returns the plan. */
  public LogicalPlan check(SparkSession spark, String sql) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      // The message opens with an empty line; its first line with text names the error and its position.
      throw new IllegalArgumentException(e.getMessage().lines().filter(l -> !l.isBlank()).findFirst()
          .orElse("cannot parse"), e);
    }
    checkStatement(plan);
    return plan;
  }

  /** Refuses a parsed statement unless every node of it is a read (see the class description). */
  public void checkStatement(LogicalPlan parsed) {
    new Walk(true).plan(parsed);
  }

  /** Refuses an analysed plan that writes, changes the catalog or reads storage outside the lake. */
  public void checkAnalyzed(LogicalPlan analyzed) {
    new Walk(false).plan(analyzed);
  }

  /** One walk over a plan; {@code parsed} selects the rules for parsed or for analysed plans. */
  private final class Walk {
    private final boolean parsed;
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    Walk(boolean parsed) {
      this.parsed = parsed;
    }

    void plan(LogicalPlan node) {
      if (!seen.add(node)) {
        return;
      }
      if (node instanceof SetCommand set) {
        setting(set);
      } else if (node instanceof CreateViewCommand view) {
        if (view.viewType() != LocalTempView$.MODULE$) {
          throw new Refused("CREATE " + view.viewType() + " " + view.name().unquotedString(),
              "only a session's own temporary view may be created");
        }
      } else if (node instanceof ExplainCommand explain) {
        new Walk(true).plan(explain.logicalPlan());
      } else if (node instanceof DescribeQueryCommand describe) {
        new Walk(true).plan(describe.plan());
      } else if (node instanceof ScriptTransformation) {
        throw new Refused("TRANSFORM ... USING", "it runs a program on the server");
      } else if (parsed) {
        parsedNode(node);
      } else {
        analyzedNode(node);
      }
      for (Expression e : CollectionConverters.asJava(node.expressions())) {
        expression(e);
      }
      for (LogicalPlan child : CollectionConverters.asJava(node.children())) {
        plan(child);
      }
      for (Object inner : CollectionConverters.asJava(node.innerChildren())) {
        if (inner instanceof LogicalPlan p) {
          plan(p);
        }
      }
    }

    private void parsedNode(LogicalPlan node) {
      if (node instanceof UnresolvedRelation r) {
        tableName(CollectionConverters.asJava(r.multipartIdentifier()));
        // A file source reads a 'path' option besides the identifier's path, so the option must stay in the lake.
        for (Map.Entry<String, String> option : r.options().entrySet()) {
          String key = option.getKey().toLowerCase(Locale.ROOT);
          if (key.equals("path") || key.equals("paths")) {
            path(option.getValue(), "the option " + key + " '" + option.getValue() + "'");
          }
        }
      } else if (node instanceof UnresolvedTableOrView t) {
        tableName(CollectionConverters.asJava(t.multipartIdentifier()));
      } else if (node instanceof UnresolvedTable t) {
        tableName(CollectionConverters.asJava(t.multipartIdentifier()));
      } else if (node instanceof UnresolvedPathBasedTable t) {
        path(t.path(), "'" + t.path() + "'");
      } else if (node instanceof UnresolvedPathBasedDeltaTable t) {
        path(t.path(), "'" + t.path() + "'");
      } else if (node instanceof UnresolvedTableValuedFunction f) {
        tableFunction(f);
      } else if (!READ_COMMANDS.contains(node.getClass()) && !QUERY_NODES.contains(node.getClass())
          && !NAME_LEAVES.contains(node.getClass())) {
        throw new Refused(node.nodeName(), "it writes or changes tables, views, functions or settings, or"
            + " is not a plain read");
      }
    }

    private void analyzedNode(LogicalPlan node) {
      if (node instanceof Command) {
        if (!READ_COMMANDS.contains(node.getClass())) {
          throw new Refused(node.nodeName(), "it writes or changes tables, views, functions or settings");
        }
      } else if (node instanceof LogicalRelation r) {
        fileRelation(r);
      } else if (node instanceof DataSourceV2Relation r) {
        table(r.table(), r.identifier().isDefined() && r.catalog().isDefined());
      } else if (node instanceof ResolvedTable r) {
        table(r.table(), true);
      } else if (node.children().isEmpty() && !INERT_LEAVES.contains(node.getClass())) {
        throw new Refused("a read from " + node.nodeName(), "only the lake's tables and paths may be read");
      }
    }

    private void expression(Expression e) {
      if (!seen.add(e)) {
        return;
      }
      String name = e instanceof UnresolvedFunction f ? f.nameParts().last() : e.prettyName();
      if (e instanceof CallMethodViaReflection || REFLECTION.contains(name.toLowerCase(Locale.ROOT))) {
        throw new Refused(name.toLowerCase(Locale.ROOT) + "(...)", "it calls a Java method on the server");
      }
      if (e instanceof SubqueryExpression s) {
        plan(s.plan());
      }
      for (Expression child : CollectionConverters.asJava(e.children())) {
        expression(child);
      }
    }

    private void setting(SetCommand set) {
      if (set.kv().isEmpty()) {
        return;
      }
      String key = set.kv().get()._1();
      boolean assigns = set.kv().get()._2().isDefined();
      if (assigns && !SETTABLE.contains(key)) {
        throw new Refused("SET " + key, "a read-only session may set only " + String.join(", ",
            SETTABLE.stream().sorted().toList()));
      }
    }

    private void tableFunction(UnresolvedTableValuedFunction f) {
      String name = f.name().last().toLowerCase(Locale.ROOT);
      List<Expression> args = CollectionConverters.asJava(f.functionArgs());
      if (name.equals("table_changes_by_path") && !args.isEmpty() && args.get(0) instanceof Literal l
          && l.value() != null) {
        path(l.value().toString(), name + "('" + l.value() + "', ...)");
      } else if (!TABLE_FUNCTIONS.contains(name)) {
        throw new Refused(name + "(...)", "only built-in row generators may be used as tables");
      }
    }

    private void fileRelation(LogicalRelation r) {
      if (r.isStreaming()) {
        throw new Refused("a streaming read", "a read-only session reads tables in batch only");
      }
      if (!(r.relation() instanceof HadoopFsRelation fs)) {
        if (r.catalogTable().isDefined()) {
          return;
        }
        throw new Refused("a read from " + r.relation().getClass().getSimpleName(),
            "only the lake's tables and paths may be read");
      }
      // A catalog table may live anywhere, but only at its own location: a 'path' option read with it may not.
      URI location = null;
      if (r.catalogTable().isDefined() && r.catalogTable().get().storage().locationUri().isDefined()) {
        location = locate(r.catalogTable().get().storage().locationUri().get().toString());
      }
      for (org.apache.hadoop.fs.Path p : CollectionConverters.asJava(fs.location().rootPaths())) {
        if (location == null || !under(location, p.toString())) {
          path(p.toString(), "a read of " + p);
        }
      }
    }

    private void table(Table table, boolean byName) {
      if (table instanceof DeltaTableV2 delta) {
        if (delta.catalogTable().isEmpty()) {
          path(delta.path().toString(), "delta.`" + delta.path() + "`");
        }
      } else if (table instanceof FileTable files) {
        for (org.apache.hadoop.fs.Path p : CollectionConverters.asJava(files.fileIndex().rootPaths())) {
          path(p.toString(), "a read of " + p);
        }
      } else if (!byName) {
        throw new Refused("a read from " + table.name(), "only the lake's tables and paths may be read");
      }
    }
  }

  /** A reference {@code format.`path`} (or {@code spark_catalog.format.`path`}) must name a path in the lake. */
  private void tableName(List<String> parts) {
    List<String> name = parts.size() == 3 && parts.get(0).equalsIgnoreCase("spark_catalog")
        ? parts.subList(1, 3) : parts;
    if (name.size() == 2 && (isDataSource(name.get(0)) || looksLikePath(name.get(1)))) {
      path(name.get(1), name.get(0) + ".`" + name.get(1) + "`");
    }
  }

  private void path(String path, String what) {
    if (!insideLake(path)) {
      throw new Refused(what, "the path is outside the lake root " + root);
    }
  }

  /**
   * Whether {@code path} lies inside the lake root once qualified (a relative path against the default file
   * system's working directory), {@code ..} removed and, on the local file system, symbolic links resolved.
   * Brace globs are never inside: Hadoop expands {@code {a,b}} into separate paths that may lie anywhere.
   */
  boolean insideLake(String path) {
    return under(root, path);
  }

  /** Whether {@code path}, resolved as {@link #resolve} does, is {@code base} or lies below it. */
  private boolean under(URI base, String path) {
    if (path.indexOf('{') >= 0 || path.indexOf('}') >= 0) {
      return false;
    }
    URI p = locate(path);
    if (p == null || !equalsIgnoreCase(p.getScheme(), base.getScheme())
        || !java.util.Objects.equals(p.getAuthority(), base.getAuthority())) {
      return false;
    }
    String b = stripSlashes(base.getPath());
    String q = stripSlashes(p.getPath());
    return q.equals(b) || q.startsWith(b + "/");
  }

  /** {@link #resolve}, or null when the path cannot be resolved (it is then inside nothing). */
  private URI locate(String path) {
    try {
      return resolve(path, hadoop);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Qualifies {@code path}, removes {@code .} and {@code ..}, and resolves local symbolic links. */
  static URI resolve(String path, Configuration hadoop) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    URI u = p.toUri();
    if (u.getScheme() == null) {
      u = p.getFileSystem(hadoop).makeQualified(p).toUri();
    }
    u = u.normalize();
    if (!"file".equalsIgnoreCase(u.getScheme())) {
      return u;
    }
    java.nio.file.Path local = java.nio.file.Path.of(u.getPath()).normalize();
    java.nio.file.Path existing = local;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    java.nio.file.Path real = existing == null ? local
        : existing.toRealPath().resolve(existing.relativize(local)).normalize();
    try {
      return new URI("file", null, real.toString(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static boolean isDataSource(String name) {
    try {
      DataSource.lookupDataSource(name, SQLConf.get());
      return true;
    } catch (Exception | LinkageError e) {
      return false;
    }
  }

  private static boolean looksLikePath(String name) {
    return name.contains("/") || name.contains(":") || name.contains("\\");
  }

  private static boolean equalsIgnoreCase(String a, String b) {
    return a == null ? b == null : a.equalsIgnoreCase(b);
  }

  private static String stripSlashes(String path) {
    String p = path == null ? "" : path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
