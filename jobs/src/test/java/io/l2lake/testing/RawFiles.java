package io.l2lake.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes raw files into a landing zone under a test's temporary directory. */
public final class RawFiles {
  private RawFiles() {}

  /** Writes {@code lines} (CRLF-terminated, as IQFeed does) to iqfeed/feed/symbol/name. */
  public static Path write(Path raw, String feed, String symbol, String name, List<String> lines) {
    Path p = raw.resolve("iqfeed").resolve(feed).resolve(symbol).resolve(name);
    try {
      Files.createDirectories(p.getParent());
      byte[] bytes = (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      if (name.endsWith(".gz")) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
          out.write(bytes);
        }
      } else {
        Files.write(p, bytes);
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a file into iqfeed/feed/symbol/. */
  public static Path copy(Path raw, String feed, String symbol, Path source) {
    Path p = raw.resolve("iqfeed").resolve(feed).resolve(symbol).resolve(source.getFileName());
    try {
      Files.createDirectories(p.getParent());
      Files.copy(source, p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
