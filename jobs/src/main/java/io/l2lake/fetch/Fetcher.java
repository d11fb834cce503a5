package io.l2lake.fetch;

import io.l2lake.config.L2Config;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Runs history requests against IQConnect and publishes the answers into the landing zone.
 *
 * <ul>
 *   <li><b>Concurrency</b>: a fixed pool of {@code max-concurrent} workers, each with its own lookup
 *       connection (opened on first use, reopened after a cut), takes requests from one list in order.</li>
 *   <li><b>Rate</b>: every attempt, retries included, first takes a token from a bucket filled at
 *       {@code requests-per-second} (capacity one: attempts are spaced evenly over all connections).</li>
 *   <li><b>Retries</b>: a cut answer (connection failed, closed or silent past the read timeout before
 *       {@code !ENDMSG!}) is retried up to {@code retries} times, waiting {@code backoff-ms} before the
 *       first retry and twice as long before each further one; then it is {@code cut_gave_up}.</li>
 *   <li><b>Atomic publish</b>: an answer is streamed to {@code _<name>.part} in its target directory
 *       (ingest ignores names starting with {@code _}) and renamed to its name only once its end line
 *       has arrived; the end line is written too, so ingest sees a complete answer. Anything else
 *       deletes the part file: a cut answer never leaves a file. The rename is Hadoop's, so the
 *       landing zone may be local, HDFS or S3; an existing file of the same name (an earlier,
 *       incomplete download) is replaced: atomically on a local disk, by delete-then-rename where
 *       the file system refuses to rename onto a file.</li>
 *   <li><b>Stops</b>: {@code Invalid symbol.} or another error answer stops the remaining requests for
 *       that symbol (they are reported, not sent). A refused protocol handshake, a connection that
 *       could not be opened in any attempt of a request, or a landing zone that cannot be written
 *       stops all remaining requests.</li>
 * </ul>
 *
 * <p>Cost: bound by IQConnect: requests / {@code requests-per-second} seconds at best. Memory is a
 * line per worker; each published file costs one create and one rename on the landing file system.
 */
public final class Fetcher {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Fetcher.class);
  private static final long MAX_BACKOFF_MS = 600_000;

  /** How a request ended, as {@code ops.fetch_log.outcome} records it. */
  public enum Outcome {
    /** The answer was complete and is published. */
    OK,
    /** IQFeed has no data for the request (remembered: not asked again unless forced). */
    NO_DATA,
    /** IQFeed does not know the symbol. */
    INVALID_SYMBOL,
    /** An error answer, a protocol problem, a local write failure, or not sent after a stop. */
    ERROR,
    /** Every attempt's answer was cut. */
    CUT_GAVE_UP;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** True when the request failed for good (the run's exit status says so). */
    public boolean failed() {
      return this == ERROR || this == CUT_GAVE_UP;
    }
  }

  /**
   * A settled request.
   *
   * @param requestId RequestID of the last attempt, null when never sent
   * @param command the last attempt's request line, null when never sent
   * @param lines data lines of the last attempt's answer
   * @param attempts attempts made; 0 when not sent
   * @param file the published file relative to the raw root, or null
   */
  public record Done(FetchRequest request, String requestId, String command, Outcome outcome, long lines,
      int attempts, String file, String message, Instant at) {}

  /** Why requests are no longer sent: for one symbol, or for all. */
  private record Stop(Outcome outcome, String reason) {}

  /** One attempt's result. */
  private record Attempt(IqFeedClient.Status status, long lines, String message, boolean connectFailed) {}

  private final L2Config.Fetch settings;
  private final FileSystem fs;
  private final Path rawRoot;
  private final TokenBucket bucket;
  private final AtomicLong requestIds = new AtomicLong();
  private final Map<String, Stop> stoppedSymbols = new ConcurrentHashMap<>();
  private volatile Stop stopAll;

  /**
   * @param settings server, concurrency, rate, retries and timeouts
   * @param fs the landing zone's file system
   * @param rawRoot the landing zone root (holds {@code iqfeed/})
   */
  public Fetcher(L2Config.Fetch settings, FileSystem fs, String rawRoot) {
    this.settings = settings;
    this.fs = fs;
    this.rawRoot = new Path(rawRoot);
    this.bucket = new TokenBucket(settings.requestsPerSecond(), 1);
  }

  /** Runs the requests and returns one result per request, in the order given. */
  public List<Done> fetch(List<FetchRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    Done[] results = new Done[requests.size()];
    AtomicInteger next = new AtomicInteger();
    int workers = Math.min(settings.maxConcurrent(), requests.size());
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "iqfeed-fetch-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        running.add(pool.submit(() -> work(requests, next, results)));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("fetch worker failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("fetch interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    return Arrays.asList(results);
  }

  /** A worker: one connection, requests taken in order until none is left. */
  private Void work(List<FetchRequest> requests, AtomicInteger next, Done[] results)
      throws InterruptedException {
    try (IqFeedClient client = new IqFeedClient(settings.host(), settings.port(), settings.connectTimeoutMs(),
        settings.readTimeoutMs())) {
      for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
        Done d = settle(client, requests.get(i));
        results[i] = d;
        LOG.info("{}: {}{} ({} lines, {} attempts)", d.request().describe(), d.outcome().code(),
            d.message() == null ? "" : " - " + d.message(), d.lines(), d.attempts());
      }
    }
    return null;
  }

  private Done settle(IqFeedClient client, FetchRequest r) throws InterruptedException {
    Stop stopped = stopAll;
    if (stopped != null) {
      return notSent(r, stopped);
    }
    Stop symbol = stoppedSymbols.get(r.symbol());
    if (symbol != null) {
      return notSent(r, symbol);
    }
    int attempts = 0;
    String sentId = null;
    String sentCommand = null;
    while (true) {
      attempts++;
      String id = "F" + requestIds.incrementAndGet();
      String command = r.command(id);
      Attempt a = attempt(client, r, id, command);
      if (!a.connectFailed()) {
        sentId = id;
        sentCommand = command;
      }
      IqFeedClient.Status status = a.status();
      if (status == IqFeedClient.Status.OK) {
        return new Done(r, id, command, Outcome.OK, a.lines(), attempts, r.landingPath(), null, Instant.now());
      }
      if (status == IqFeedClient.Status.NO_DATA) {
        return new Done(r, id, command, Outcome.NO_DATA, 0, attempts, null, a.message(), Instant.now());
      }
      if (status != IqFeedClient.Status.CUT) {
        Outcome o = status == IqFeedClient.Status.INVALID_SYMBOL ? Outcome.INVALID_SYMBOL : Outcome.ERROR;
        if (stopAll == null) {
          stoppedSymbols.putIfAbsent(r.symbol(), new Stop(o, "IQFeed answered " + id + " (" + r.describe()
              + ") with '" + a.message() + "'"));
        }
        return new Done(r, sentId, sentCommand, o, a.lines(), attempts, null, a.message(), Instant.now());
      }
      Stop all = stopAll;
      if (all != null) {
        return new Done(r, sentId, sentCommand, Outcome.CUT_GAVE_UP,
            a.lines(), attempts, null, "cut (" + a.message() + "), not retried: " + all.reason(), Instant.now());
      }
      if (attempts > settings.retries()) {
        if (sentId == null) {
          stopAll = new Stop(Outcome.ERROR, "cannot connect to IQConnect at " + client.address() + " ("
              + a.message() + ")");
        }
        return new Done(r, sentId, sentCommand, Outcome.CUT_GAVE_UP,
            a.lines(), attempts, null, "cut " + attempts + " times; last: " + a.message(), Instant.now());
      }
      long wait = Math.min(MAX_BACKOFF_MS, (long) settings.backoffMs() << Math.min(attempts - 1, 20));
      LOG.info("{}: answer cut ({}), retry {} of {} in {} ms", r.describe(), a.message(), attempts,
          settings.retries(), wait);
      Thread.sleep(wait);
    }
  }

  private static Done notSent(FetchRequest r, Stop stop) {
    return new Done(r, null, null, stop.outcome(), 0, 0, null, "not sent: " + stop.reason(), Instant.now());
  }

  private Attempt attempt(IqFeedClient client, FetchRequest r, String id, String command)
      throws InterruptedException {
    if (!client.connected()) {
      try {
        client.connect();
      } catch (IqFeedClient.HandshakeRefused e) {
        stopAll = new Stop(Outcome.ERROR, e.getMessage());
        return new Attempt(IqFeedClient.Status.ERROR, 0, e.getMessage(), true);
      } catch (IOException e) {
        return new Attempt(IqFeedClient.Status.CUT, 0, "connecting to " + client.address() + ": " + e, true);
      }
    }
    bucket.acquire();
    Path target = new Path(rawRoot, r.landingPath());
    PartFile part = new PartFile(new Path(target.getParent(), "_" + r.fileName() + ".part"));
    try {
      IqFeedClient.Answer a = client.request(command, id, part::line);
      if (a.status() == IqFeedClient.Status.OK) {
        part.publish(id + ",!ENDMSG!,", target);
      }
      return new Attempt(a.status(), a.lines(), a.message(), false);
    } catch (IOException e) {
      client.close();
      String message = "cannot write " + target + ": " + e.getMessage();
      stopAll = new Stop(Outcome.ERROR, message);
      return new Attempt(IqFeedClient.Status.ERROR, 0, message, false);
    } finally {
      part.discard();
    }
  }

  /** The part file of one attempt: created on the first line, renamed to the target or deleted. */
  private final class PartFile {
    private final Path path;
    private Writer writer;
    private boolean created;
    private boolean published;

    PartFile(Path path) {
      this.path = path;
    }

    void line(String line) throws IOException {
      if (writer == null) {
        created = true;
        writer = new BufferedWriter(new OutputStreamWriter(fs.create(path, true), StandardCharsets.ISO_8859_1),
            1 << 16);
      }
      writer.write(line);
      writer.write("\r\n");
    }

    /** Writes the end line, closes the file and renames it to {@code target}. */
    void publish(String endLine, Path target) throws IOException {
      line(endLine);
      writer.close();
      writer = null;
      if (!fs.rename(path, target)) {
        // HDFS and object stores refuse to rename onto an existing file: replace it.
        if (!(fs.exists(target) && fs.delete(target, false) && fs.rename(path, target))) {
          throw new IOException("rename of " + path + " to " + target + " failed");
        }
      }
      published = true;
    }

    /** Closes and deletes the file unless it was published. */
    void discard() {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException e) {
          LOG.warn("closing {}: {}", path, e.getMessage());
        }
        writer = null;
      }
      if (created && !published) {
        try {
          fs.delete(path, false);
        } catch (IOException e) {
          LOG.warn("could not delete {}: {}", path, e.getMessage());
        }
      }
    }
  }
}
