package io.l2lake.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret that Spark Connect clients of {@code l2lake serve} present as a bearer token: 32 bytes from
 * {@link SecureRandom} in URL-safe Base64 (no padding), new at every start, kept in a file only its owner may
 * read or write. The file appears whole, with those permissions from its first byte: it is written as an
 * owner-only temporary file in the same directory and renamed over the target.
 */
final class ServeToken {
  private ServeToken() {}

  /** Where {@code serve} writes the token without {@code --token-file}: {@code ~/.l2lake/serve-token}. */
  static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".l2lake", "serve-token");
  }

  /** A new random token. */
  static String generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Writes {@code token} to {@code file} (permissions 600; a missing directory is created with 700) and returns
   * the file's absolute path. A file system without POSIX permissions is refused.
   */
  static Path write(Path file, String token) {
    Path target = file.toAbsolutePath().normalize();
    Path dir = target.getParent();
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(tmp, token, StandardCharsets.US_ASCII);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException("the token file needs a file system with POSIX permissions (owner-only"
          + " access), and " + dir + " has none: choose another place with --token-file");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the token file " + target + ": " + e);
    }
    return target;
  }

  /** Deletes {@code file} if it still holds {@code token} (a later server may have written its own there). */
  static void remove(Path file, String token) {
    try {
      if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.US_ASCII).equals(token)) {
        Files.delete(file);
      }
    } catch (IOException e) {
      // The server is stopping; a token left behind no longer opens anything.
    }
  }
}
