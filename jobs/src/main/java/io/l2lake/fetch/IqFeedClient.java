package io.l2lake.fetch;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A client of IQFeed's history lookup port (IQConnect, port 9100) over a plain socket. {@link
 * #connect()} opens the connection within the connect timeout and does the protocol handshake
 * ({@code S,SET PROTOCOL,6.2}, answered {@code S,CURRENT PROTOCOL,6.2}); {@link #request} sends one
 * request line with a RequestID and streams the answer's data lines to a sink until
 * {@code <RequestID>,!ENDMSG!,}, then says how the answer ended:
 * <ul>
 *   <li>{@link Status#OK}: data lines, then the end line;</li>
 *   <li>{@link Status#NO_DATA}: {@code E,!NO_DATA!} (or an answer without data lines);</li>
 *   <li>{@link Status#INVALID_SYMBOL}: {@code E,Invalid symbol.};</li>
 *   <li>{@link Status#ERROR}: any other error text ({@code !SYNTAX_ERROR!}, {@code Unauthorized user
 *       ID.}, ...), a line that is not part of this answer, or a line over 64 KiB;</li>
 *   <li>{@link Status#CUT}: the connection closed, failed or stayed silent longer than the read
 *       timeout before the end line: the answer is incomplete and the request may be retried.</li>
 * </ul>
 * After anything but a complete answer the connection is closed; the next request needs {@link
 * #connect()} again. One request at a time: IQConnect answers a connection's requests in order, and
 * the fetcher runs one client per thread. Not thread-safe.
 *
 * <p>Cost: one TCP connection; an answer is passed on a line at a time and never held, so memory is
 * one line whatever the answer's size.
 */
public final class IqFeedClient implements AutoCloseable {
  /** The protocol fetch speaks: 6.2 data lines carry the {@code LH} tag after the RequestID. */
  public static final String PROTOCOL = "6.2";
  /** Longest line accepted; IQFeed's lines are a few hundred bytes. */
  static final int MAX_LINE = 1 << 16;

  /** How an answer ended. */
  public enum Status { OK, NO_DATA, INVALID_SYMBOL, ERROR, CUT }

  /**
   * An answer's end.
   *
   * @param lines data lines passed to the sink
   * @param message IQFeed's error text or what went wrong; null for {@link Status#OK}
   */
  public record Answer(Status status, long lines, String message) {}

  /** Receives an answer's data lines, as sent (RequestID first), without their line end. */
  @FunctionalInterface
  public interface LineSink {
    void line(String line) throws IOException;
  }

  /** IQConnect refused the protocol handshake: no connection to it can serve a request. */
  public static final class HandshakeRefused extends IOException {
    private static final long serialVersionUID = 1L;

    HandshakeRefused(String message) {
      super(message);
    }
  }

  private final String host;
  private final int port;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;
  private Socket socket;
  private LineInput in;
  private OutputStream out;

  public IqFeedClient(String host, int port, int connectTimeoutMs, int readTimeoutMs) {
    this.host = host;
    this.port = port;
    this.connectTimeoutMs = connectTimeoutMs;
    this.readTimeoutMs = readTimeoutMs;
  }

  /** {@code host:port}, for messages. */
  public String address() {
    return host + ":" + port;
  }

  public boolean connected() {
    return socket != null;
  }

  /**
   * Opens a connection and sets protocol 6.2 (closing any previous connection first).
   *
   * @throws HandshakeRefused when IQConnect answers with another protocol or an error
   * @throws IOException when the connection cannot be opened or closes or times out in the handshake
   */
  public void connect() throws IOException {
    close();
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
      s.setSoTimeout(readTimeoutMs);
      s.setTcpNoDelay(true);
      LineInput input = new LineInput(s.getInputStream());
      OutputStream output = new BufferedOutputStream(s.getOutputStream());
      send(output, "S,SET PROTOCOL," + PROTOCOL);
      handshake(input);
      socket = s;
      in = input;
      out = output;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void handshake(LineInput input) throws IOException {
    while (true) {
      String line = input.next();
      if (line == null) {
        throw new EOFException("connection closed during the protocol handshake");
      }
      if (line.startsWith("S,CURRENT PROTOCOL,")) {
        String version = stripTrailingComma(line.substring("S,CURRENT PROTOCOL,".length()));
        if (version.equals(PROTOCOL)) {
          return;
        }
        throw new HandshakeRefused("IQConnect at " + address() + " set protocol '" + version + "', fetch needs "
            + PROTOCOL);
      }
      if (line.startsWith("E,")) {
        throw new HandshakeRefused("IQConnect at " + address() + " refused protocol " + PROTOCOL + ": "
            + abbreviate(stripTrailingComma(line.substring(2))));
      }
      // Other system lines are not an answer to the handshake.
    }
  }

  /**
   * Sends {@code command} (a request line carrying {@code requestId}) and passes the answer's data
   * lines to {@code sink} until its end line.
   *
   * @throws IOException only from the sink (the connection is then closed): network problems are
   *     answers with status {@link Status#CUT}
   */
  public Answer request(String command, String requestId, LineSink sink) throws IOException {
    if (socket == null) {
      throw new IllegalStateException("not connected to " + address());
    }
    String prefix = requestId + ",";
    try {
      send(out, command);
    } catch (IOException e) {
      close();
      return new Answer(Status.CUT, 0, "sending the request: " + e.getMessage());
    }
    long lines = 0;
    Status error = null;
    String errorText = null;
    while (true) {
      String line;
      try {
        line = in.next();
      } catch (LineTooLong e) {
        close();
        return new Answer(Status.ERROR, lines, e.getMessage());
      } catch (SocketTimeoutException e) {
        close();
        return new Answer(Status.CUT, lines, "no answer line for " + readTimeoutMs + " ms (read timeout)");
      } catch (IOException e) {
        close();
        return new Answer(Status.CUT, lines, "connection failed: " + e.getMessage());
      }
      if (line == null) {
        close();
        return new Answer(Status.CUT, lines, "connection closed before !ENDMSG! after " + lines + " lines");
      }
      if (!line.startsWith(prefix)) {
        if (line.startsWith("S,")) {
          continue; // a system message between answer lines
        }
        close();
        return new Answer(Status.ERROR, lines, "a line that is not part of the answer to " + requestId + ": "
            + abbreviate(line));
      }
      String rest = line.substring(prefix.length());
      if (rest.startsWith("!ENDMSG!")) {
        if (error != null) {
          return new Answer(error, lines, errorText);
        }
        return lines == 0 ? new Answer(Status.NO_DATA, 0, "an answer without data lines")
            : new Answer(Status.OK, lines, null);
      }
      if (rest.startsWith("E,")) {
        errorText = abbreviate(stripTrailingComma(rest.substring(2)));
        error = classify(errorText);
        continue;
      }
      if (error == null) {
        try {
          sink.line(line);
        } catch (IOException | RuntimeException e) {
          close();
          throw e;
        }
        lines++;
      }
    }
  }

  /** The status of an error answer's text. */
  static Status classify(String text) {
    if (text.equals("!NO_DATA!")) {
      return Status.NO_DATA;
    }
    if (text.toLowerCase(Locale.ROOT).startsWith("invalid symbol")) {
      return Status.INVALID_SYMBOL;
    }
    return Status.ERROR;
  }

  private static void send(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String stripTrailingComma(String s) {
    return s.endsWith(",") ? s.substring(0, s.length() - 1) : s;
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /** Closes the connection, if open. */
  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    in = null;
    out = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing a broken connection: nothing left to do
      }
    }
  }

  /** A line over {@link #MAX_LINE} bytes: not IQFeed's protocol. */
  static final class LineTooLong extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLong() {
      super("an answer line longer than " + MAX_LINE + " bytes");
    }
  }

  /** Latin-1 lines ending in CRLF or LF; a last line without its end is returned as it is. */
  static final class LineInput {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 14];
    private int pos;
    private int len;
    private boolean eof;
    private byte[] line = new byte[256];

    LineInput(InputStream in) {
      this.in = in;
    }

    /** The next line without its end, or null at the end of the stream. */
    String next() throws IOException {
      int n = 0;
      while (true) {
        if (pos == len) {
          if (eof) {
            return null;
          }
          int r = in.read(buf);
          if (r < 0) {
            eof = true;
            return n == 0 ? null : text(n);
          }
          pos = 0;
          len = r;
        }
        byte b = buf[pos++];
        if (b == '\n') {
          return text(n > 0 && line[n - 1] == '\r' ? n - 1 : n);
        }
        if (n == MAX_LINE) {
          throw new LineTooLong();
        }
        if (n == line.length) {
          line = Arrays.copyOf(line, Math.min(MAX_LINE, n * 2));
        }
        line[n++] = b;
      }
    }

    private String text(int n) {
      return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }
  }
}
