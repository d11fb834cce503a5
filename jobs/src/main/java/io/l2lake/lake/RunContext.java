package io.l2lake.lake;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/** Identity of one command run: its id (time-ordered, unique) and the code version that made it. */
public record RunContext(String runId, String codeVersion) {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  /** A fresh run id such as {@code 20261124T223310-3f9a}. */
  public static RunContext create() {
    String id = ID_TIME.format(Instant.now()) + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
    return new RunContext(id, buildVersion());
  }

  /** The project version from the build, or {@code dev} when run from unpackaged classes. */
  public static String buildVersion() {
    try (InputStream in = RunContext.class.getResourceAsStream("/l2lake-version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
