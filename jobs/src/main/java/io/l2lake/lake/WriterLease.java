package io.l2lake.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lake's single-writer lease: {@code <lake>/_locks/writer}, a small properties file naming the run that
 * holds it (run id, command, host, pid, start and last heartbeat). Every command that writes tables takes it
 * before its first write and gives it back when it ends; readers ({@code sql}, {@code serve}, {@code report},
 * {@code status}) never look at it.
 *
 * <p>Taking it is one atomic create, so of two writers starting together exactly one wins: on the local
 * file system a hard link of a fully written temporary file to the lease's name ({@code link(2)} fails when
 * the name exists); on S3 a PUT with {@code If-None-Match: *} ({@link S3ConditionalPut}); on any other
 * Hadoop file system {@code create(path, overwrite=false)}, which is atomic on HDFS. The loser gets a
 * {@link LakeBusyException} naming the holder.
 *
 * <p>The holder rewrites its heartbeat every {@link #HEARTBEAT}. A lease is broken, with a message on
 * standard error, when its holder is provably gone (same host, process no longer alive) or its heartbeat is
 * older than {@link #STALE_AFTER}: a run killed with SIGKILL does not block the next one for long, and a
 * run on another machine is trusted for that long after its last sign of life.
 */
public final class WriterLease implements AutoCloseable {
  /** How often the holder rewrites its heartbeat. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(10);
  /** A heartbeat older than this marks a lease whose holder is gone. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(90);

  /** Who holds a lease, as read from its file. */
  public record Holder(String runId, String command, String host, long pid, Instant started,
      Instant heartbeat) {
    /** One line for messages and {@code status}. */
    public String describe(Instant now) {
      return "run " + runId + " (" + command + ", pid " + pid + " on " + host + ", started " + started
          + ", last heartbeat " + Duration.between(heartbeat, now).toSeconds() + " s ago)";
    }

    String text() {
      return "run_id=" + runId + "\ncommand=" + command + "\nhost=" + host + "\npid=" + pid + "\nstarted="
          + started + "\nheartbeat=" + heartbeat + "\n";
    }

    static Holder parse(String text) {
      Properties p = new Properties();
      try {
        p.load(new java.io.StringReader(text));
        return new Holder(p.getProperty("run_id", "?"), p.getProperty("command", "?"),
            p.getProperty("host", "?"), Long.parseLong(p.getProperty("pid", "-1")),
            Instant.parse(p.getProperty("started")), Instant.parse(p.getProperty("heartbeat")));
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
  }

  /** The place a lease is kept: atomic create, read, rewrite and removal of one small file. */
  interface Store {
    /** Creates the file with {@code text} if no file has its name; false if one has. */
    boolean createNew(String text) throws IOException;

    /** The file's text, or empty when there is none. */
    Optional<String> read() throws IOException;

    /** Replaces the file's text (only its holder calls this). */
    void overwrite(String text) throws IOException;

    /** Removes the file; false if there was none. */
    boolean delete() throws IOException;

    /** Where it is, for messages. */
    String location();
  }

  private final Store store;
  private final ScheduledExecutorService heartbeat;
  private volatile Holder holder;
  private volatile boolean lost;

  private WriterLease(Store store, Holder holder) {
    this.store = store;
    this.holder = holder;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "l2lake-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = HEARTBEAT.toMillis();
    heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** The lease file of the lake at {@code lakeRoot}. */
  public static String path(String lakeRoot) {
    String root = lakeRoot.endsWith("/") ? lakeRoot.substring(0, lakeRoot.length() - 1) : lakeRoot;
    return root + "/_locks/writer";
  }

  /**
   * Takes the lease of the lake at {@code lakeRoot} for run {@code runId} of {@code command}, breaking a
   * stale one.
   *
   * @throws LakeBusyException when a live writer holds it
   */
  public static WriterLease acquire(Configuration hadoop, String lakeRoot, String runId, String command) {
    return acquire(store(hadoop, lakeRoot), runId, command, Instant::now);
  }

  static WriterLease acquire(Store store, String runId, String command, java.util.function.Supplier<Instant> clock) {
    Instant now = clock.get();
    Holder me = new Holder(runId, command, hostName(), ProcessHandle.current().pid(), now, now);
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        if (store.createNew(me.text())) {
          return new WriterLease(store, me);
        }
        Optional<String> text = store.read();
        if (text.isEmpty()) {
          continue; // released between the create and the read: try again
        }
        Holder other = Holder.parse(text.get());
        Instant t = clock.get();
        String why = staleReason(other, t);
        if (why == null) {
          throw new LakeBusyException("the lake is being written by " + other.describe(t) + "; lease "
              + store.location() + ". Wait for that run to end; a lease whose holder is gone is broken "
              + "automatically (" + STALE_AFTER.toSeconds() + " s after its last heartbeat, at once on the same "
              + "host)");
        }
        if (store.read().equals(text) && store.delete()) {
          System.err.println("l2lake: broke the writer lease of "
              + (other == null ? "an unreadable holder" : other.describe(t)) + ": " + why);
        }
      }
      throw new LakeBusyException("could not take the writer lease " + store.location()
          + ": other writers keep taking it");
    } catch (IOException e) {
      throw new UncheckedIOException("writer lease " + store.location() + ": " + e.getMessage(), e);
    }
  }

  /** Why a lease's holder is gone, or null while it may still be writing. */
  static String staleReason(Holder h, Instant now) {
    if (h == null) {
      return "its file is unreadable";
    }
    if (h.host().equals(hostName()) && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true)
        && h.pid() != ProcessHandle.current().pid()) {
      return "process " + h.pid() + " on this host is gone";
    }
    Duration age = Duration.between(h.heartbeat(), now);
    if (age.compareTo(STALE_AFTER) > 0) {
      return "its last heartbeat is " + age.toSeconds() + " s old (limit " + STALE_AFTER.toSeconds() + " s)";
    }
    return null;
  }

  /** The current holder of the lake's lease, if any (for {@code status}; takes nothing). */
  public static Optional<Holder> holder(Configuration hadoop, String lakeRoot) {
    try {
      return store(hadoop, lakeRoot).read().map(Holder::parse);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The holder this lease was taken as. */
  public Holder holder() {
    return holder;
  }

  /** True when a heartbeat found the lease taken over by another run. */
  public boolean lost() {
    return lost;
  }

  private void beat() {
    try {
      Optional<String> text = store.read();
      Holder now = text.map(Holder::parse).orElse(null);
      if (now == null || !now.runId().equals(holder.runId())) {
        lost = true;
        System.err.println("l2lake: the writer lease " + store.location() + " is no longer held by run "
            + holder.runId() + (now == null ? "" : "; it is held by run " + now.runId()));
        heartbeat.shutdown();
        return;
      }
      Holder next = new Holder(holder.runId(), holder.command(), holder.host(), holder.pid(), holder.started(),
          Instant.now());
      store.overwrite(next.text());
      holder = next;
    } catch (IOException | RuntimeException e) {
      System.err.println("l2lake: writer lease heartbeat failed: " + e.getMessage());
    }
  }

  /** Gives the lease back (if it is still this run's). */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(5, TimeUnit.SECONDS);
      Optional<Holder> now = store.read().map(Holder::parse);
      if (now.isPresent() && now.get().runId().equals(holder.runId())) {
        store.delete();
      }
    } catch (IOException e) {
      System.err.println("l2lake: could not release the writer lease " + store.location() + ": "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static Store store(Configuration hadoop, String lakeRoot) {
    Path path = new Path(path(lakeRoot));
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      String scheme = fs.getUri().getScheme();
      if ("file".equals(scheme)) {
        return new LocalStore(java.nio.file.Path.of(fs.makeQualified(path).toUri()));
      }
      if ("s3a".equals(scheme)) {
        return S3ConditionalPut.store(fs, fs.makeQualified(path));
      }
      return new HadoopStore(fs, fs.makeQualified(path));
    } catch (IOException e) {
      throw new UncheckedIOException("writer lease " + path + ": " + e.getMessage(), e);
    }
  }

  /** A lease on the local file system: created by a hard link of a complete temporary file. */
  static final class LocalStore implements Store {
    private final java.nio.file.Path file;

    LocalStore(java.nio.file.Path file) {
      this.file = file;
    }

    @Override
    public boolean createNew(String text) throws IOException {
      Files.createDirectories(file.getParent());
      java.nio.file.Path tmp = Files.createTempFile(file.getParent(), ".writer-", ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.createLink(file, tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    @Override
    public Optional<String> read() throws IOException {
      try {
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }

    @Override
    public void overwrite(String text) throws IOException {
      java.nio.file.Path tmp = Files.createTempFile(file.getParent(), ".writer-", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public boolean delete() throws IOException {
      return Files.deleteIfExists(file);
    }

    @Override
    public String location() {
      return file.toString();
    }
  }

  /** A lease on a Hadoop file system whose {@code create(path, false)} is atomic (HDFS). */
  static class HadoopStore implements Store {
    final FileSystem fs;
    final Path path;

    HadoopStore(FileSystem fs, Path path) {
      this.fs = fs;
      this.path = path;
    }

    @Override
    public boolean createNew(String text) throws IOException {
      try (OutputStream out = fs.create(path, false)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException | FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    public Optional<String> read() throws IOException {
      try (InputStream in = fs.open(path)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (java.io.FileNotFoundException e) {
        return Optional.empty();
      }
    }

    @Override
    public void overwrite(String text) throws IOException {
      try (OutputStream out = fs.create(path, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    }

    @Override
    public boolean delete() throws IOException {
      return fs.delete(path, false);
    }

    @Override
    public String location() {
      return path.toString();
    }
  }
}
