package io.l2lake.lake;

import java.util.Locale;

/** The landing-zone feeds: {@code raw/iqfeed/<feed>/<SYMBOL>/<file>}. */
public enum Feed {
  /** History tick answers (HTT/HTD/HTX), protocol 6.0 to 6.2. */
  TICKS,
  /** Level-1 stream dumps (port 5009). */
  L1,
  /** Market-depth stream dumps (port 9200). */
  DEPTH,
  /** Daily bar answers (HDX/HDT). */
  DAILY;

  /** The directory name in the landing zone. */
  public String dir() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The feed for a landing directory name, or null. */
  public static Feed ofDir(String dir) {
    for (Feed f : values()) {
      if (f.dir().equals(dir)) {
        return f;
      }
    }
    return null;
  }
}
