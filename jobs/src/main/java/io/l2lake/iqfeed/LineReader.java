package io.l2lake.iqfeed;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads raw lines as ISO-8859-1 text: a line ends at LF, a CR before it is dropped. A line longer
 * than the limit is still consumed to its end (so line numbers stay true) but only its head is kept
 * and {@link #lastWasTooLong()} says so.
 *
 * <p>Buffers 64 KiB at a time; memory is bounded by the line limit, not by the file.
 */
public final class LineReader implements AutoCloseable {
  private final InputStream in;
  private final int maxLineLength;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  private char[] line;
  private boolean tooLong;
  private long fullLength;
  private boolean binary;

  public LineReader(InputStream in, int maxLineLength) {
    this.in = in;
    this.maxLineLength = maxLineLength;
    this.line = new char[Math.min(maxLineLength, 4096)];
  }

  /** The next line without its terminator, or null at the end of the stream. */
  public String next() throws IOException {
    int len = 0;
    tooLong = false;
    binary = false;
    fullLength = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      byte b = buffer[pos++];
      if (b == '\n') {
        break;
      }
      fullLength++;
      int c = b & 0xFF;
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
        binary = true;
      }
      if (len < maxLineLength) {
        if (len == line.length) {
          line = java.util.Arrays.copyOf(line, Math.min(maxLineLength, line.length * 2));
        }
        line[len++] = (char) c;
      } else {
        tooLong = true;
      }
    }
    if (!tooLong && len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return new String(line, 0, len);
  }

  /** True when the line last returned was cut at the length limit. */
  public boolean lastWasTooLong() {
    return tooLong;
  }

  /** Length in bytes of the line last returned, before any cut. */
  public long lastFullLength() {
    return fullLength;
  }

  /** True when the line last returned holds control bytes other than tab and CR. */
  public boolean lastHadBinary() {
    return binary;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
