package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.fetch.FetchJob;
import io.l2lake.fetch.FetchRequest;
import io.l2lake.lake.LandingZone;
import io.l2lake.lake.Feed;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2lake fetch}: downloads the missing tick days and daily bars from IQConnect's history lookup
 * port into the landing zone. Exit status 1 when a request failed for good.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = "Download missing tick days and daily bars from IQFeed's history lookup port (IQConnect)"
        + " into the landing zone; then run 'ingest'.")
final class FetchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--host", description = "IQConnect host. Default: l2lake.fetch.host (127.0.0.1).")
  String host;

  @Option(names = "--port", description = "History lookup port. Default: l2lake.fetch.port (9100).")
  Integer port;

  @Option(names = "--symbols", split = ",", paramLabel = "SYM",
      description = "Symbols to fetch, comma separated. Default: every symbol already in the bronze tables.")
  List<String> symbols = List.of();

  // Own --from/--to rather than DateRangeOptions: fetch's defaults are a window, not "all dates".
  @Option(names = "--from", paramLabel = "YYYY-MM-DD",
      description = "First trading date. Default: l2lake.fetch.history-days trading days before --to.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD",
      description = "Last trading date. Default and latest: yesterday (US/Eastern).")
  LocalDate to;

  @Option(names = "--feeds", split = ",", paramLabel = "FEED", defaultValue = "ticks,daily",
      description = "What to fetch: ticks (HTT, one request per day, within DTN's ~180 days of tick history)"
          + " and/or daily (HDT, one request per symbol). Default: ${DEFAULT-VALUE}.")
  List<String> feeds;

  @Option(names = "--raw", paramLabel = "DIR",
      description = "Landing zone root (holds iqfeed/). Default: l2lake.raw-root, else <lake>/raw.")
  String raw;

  @Option(names = "--dry-run",
      description = "Print the requests that would be made; connect to nothing, write nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Ask again for days a previous fetch got an answer for (no data included).")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
    if (port != null && (port < 1 || port > 65_535)) {
      throw new IllegalArgumentException("--port must be 1..65535, got " + port);
    }
    List<String> syms = new ArrayList<>();
    for (String s : symbols) {
      String sym = s.trim().toUpperCase(Locale.ROOT);
      if (!LandingZone.validSymbol(sym)) {
        throw new IllegalArgumentException("--symbols: '" + s + "' is not a valid symbol");
      }
      syms.add(sym);
    }
    Set<Feed> feedSet = EnumSet.noneOf(Feed.class);
    for (String f : feeds) {
      Feed feed = Feed.ofDir(f.trim().toLowerCase(Locale.ROOT));
      if (feed != Feed.TICKS && feed != Feed.DAILY) {
        throw new IllegalArgumentException(
            "--feeds: '" + f + "' is not a feed fetch downloads: allowed are ticks, daily");
      }
      feedSet.add(feed);
    }
    L2Config config = common.load();
    L2Config.Fetch server = config.fetch().withServer(host != null ? host : config.fetch().host(),
        port != null ? port : config.fetch().port());
    return LakeWriter.run(config, "fetch", () -> {
      SparkSession spark = Sessions.create(config);
      FetchJob.Result r = FetchJob.run(spark, config, RunContext.create(),
          new FetchJob.Options(raw != null ? raw : config.lake().rawRoot(), server, syms, from, to, feedSet, dryRun,
              force, LocalDate.now(ZoneId.of("America/New_York"))));
      if (dryRun) {
        for (FetchRequest q : r.plan().requests()) {
          System.out.println(q.command("ID") + "    -> " + q.landingPath());
        }
      }
      Summary.printFetch(System.out, r, server.host() + ":" + server.port());
      return r.failed() > 0 ? 1 : 0;
    });
  }
}
