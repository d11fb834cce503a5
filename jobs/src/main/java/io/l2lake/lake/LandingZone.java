package io.l2lake.lake;

import io.l2lake.lake.Feed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the landing zone {@code <raw-root>/iqfeed/<feed>/<SYMBOL>/<file>} (plain or compressed files).
 * A symbol is taken only from the path and must be a plausible ticker; a path that does not fit the
 * layout is reported, never read. Names starting with {@code .} or {@code _} are ignored (Hadoop and
 * editor side files).
 *
 * <p>Cost: one recursive listing on the driver (metadata only, no file contents).
 */
public final class LandingZone {
  /** Upper-case ticker characters; no path separators, so a symbol can never address another path. */
  public static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9._\\-]{0,23}");

  /** A raw file to ingest; {@code relativePath} is relative to the raw root and names it in the lake. */
  public record RawFile(String absolutePath, String relativePath, Feed feed, String symbol,
      boolean symbolValid, long size, long mtime) {}

  /** A listing: files to ingest and paths that do not fit the layout. */
  public record Listing(List<RawFile> files, List<String> unrecognised) {}

  private LandingZone() {}

  public static boolean validSymbol(String s) {
    return SYMBOL.matcher(s).matches() && !s.contains("..");
  }

  public static Listing list(Configuration conf, String rawRoot) {
    List<RawFile> files = new ArrayList<>();
    List<String> unrecognised = new ArrayList<>();
    try {
      Path root = new Path(rawRoot);
      FileSystem fs = root.getFileSystem(conf);
      Path iqfeed = new Path(root, "iqfeed");
      if (!fs.exists(iqfeed)) {
        return new Listing(files, unrecognised);
      }
      String rootPrefix = fs.makeQualified(iqfeed).toString() + "/";
      for (FileStatus st : allFiles(fs, iqfeed)) {
        String qualified = fs.makeQualified(st.getPath()).toString();
        String rel = qualified.startsWith(rootPrefix) ? qualified.substring(rootPrefix.length()) : qualified;
        String[] parts = rel.split("/");
        if (hidden(parts)) {
          continue;
        }
        Feed feed = parts.length == 3 ? Feed.ofDir(parts[0]) : null;
        if (feed == null) {
          unrecognised.add("iqfeed/" + rel);
          continue;
        }
        String symbol = parts[1];
        files.add(new RawFile(qualified, "iqfeed/" + rel, feed, symbol, validSymbol(symbol), st.getLen(),
            st.getModificationTime()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing landing zone " + rawRoot + ": " + e.getMessage(), e);
    }
    files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
    unrecognised.sort(String::compareTo);
    return new Listing(files, unrecognised);
  }

  /**
   * Every file under {@code dir}. On object stores one recursive listing (a paged LIST, no per-directory
   * calls). On the local file system a walk of plain directory listings: Hadoop's recursive listing
   * there builds located statuses, which read each file's permissions by starting a process per file
   * (minutes for a landing zone of 20,000 files).
   */
  static List<FileStatus> allFiles(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    if (!"file".equals(fs.getUri().getScheme())) {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        out.add(it.next());
      }
      return out;
    }
    java.util.ArrayDeque<Path> todo = new java.util.ArrayDeque<>(List.of(dir));
    while (!todo.isEmpty()) {
      for (FileStatus st : fs.listStatus(todo.pop())) {
        if (st.isDirectory()) {
          todo.push(st.getPath());
        } else {
          out.add(st);
        }
      }
    }
    return out;
  }

  private static boolean hidden(String[] parts) {
    for (String p : parts) {
      if (p.startsWith(".") || p.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
