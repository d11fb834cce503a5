package io.l2lake.run;

import io.l2lake.lake.RunContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Names the code a backfill stage ran with: the build version and a digest of the compiled
 * {@code io/l2lake} classes next to this one (a classes directory or the application jar), so that a
 * rebuilt snapshot with changed code counts as a new version while an unchanged rebuild does not.
 *
 * <p>Cost: reads every l2lake class file once per JVM (a few hundred small files).
 */
public final class CodeVersion {
  private static final String PREFIX = "io/l2lake/";
  private static String cached;

  private CodeVersion() {}

  /** For example {@code 0.1.0-SNAPSHOT+3f9a0c1d22e4}. */
  public static synchronized String current() {
    if (cached == null) {
      cached = RunContext.buildVersion() + "+" + classesDigest().substring(0, 12);
    }
    return cached;
  }

  private static String classesDigest() {
    Path location;
    try {
      location = Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException
        | NullPointerException e) {
      // Not a local file (an unusual class loader): the build version alone names the code.
      return "unknown-location";
    }
    MessageDigest sha = sha256();
    try {
      if (Files.isDirectory(location)) {
        List<Path> classes;
        try (Stream<Path> s = Files.walk(location.resolve(PREFIX))) {
          classes = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        for (Path p : classes) {
          add(sha, location.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          List<JarEntry> entries = new ArrayList<>(Collections.list(jar.entries()).stream()
              .filter(e -> e.getName().startsWith(PREFIX) && e.getName().endsWith(".class")).toList());
          entries.sort((a, b) -> a.getName().compareTo(b.getName()));
          for (JarEntry e : entries) {
            try (InputStream in = jar.getInputStream(e)) {
              add(sha, e.getName(), in.readAllBytes());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the l2lake classes at " + location, e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void add(MessageDigest sha, String name, byte[] bytes) {
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(bytes);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
