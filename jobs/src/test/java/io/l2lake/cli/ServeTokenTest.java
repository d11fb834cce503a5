package io.l2lake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The serve token: 32 random bytes, written owner-only, replaced whole, removed only by its own server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServeTokenTest {
  @TempDir Path dir;

  @Test
  void tokensAreThirtyTwoRandomBytesInUrlSafeBase64() {
    String a = ServeToken.generate();
    String b = ServeToken.generate();
    assertTrue(a.matches("[A-Za-z0-9_-]{43}"), a);
    assertEquals(32, Base64.getUrlDecoder().decode(a).length);
    assertNotEquals(a, b);
  }

  @Test
  void theFileIsOwnerOnlyInAnOwnerOnlyDirectory() throws Exception {
    Path file = ServeToken.write(dir.resolve("home/.l2lake/serve-token"), "first");
    assertEquals("first", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));

    // A second start replaces the file whole, leaving no temporary file behind.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    ServeToken.write(file, "second");
    assertEquals("second", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (var files = Files.list(file.getParent())) {
      assertEquals(1, files.count());
    }

    ServeToken.remove(file, "first");
    assertTrue(Files.exists(file), "another server's token stays");
    ServeToken.remove(file, "second");
    assertFalse(Files.exists(file));
  }
}
