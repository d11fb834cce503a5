package io.l2lake.fetch;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake IQConnect history lookup port on 127.0.0.1 (ephemeral port) for tests. It speaks the
 * protocol as the doc describes it: the {@code S,SET PROTOCOL,6.2} handshake, {@code HTT} and {@code
 * HDT} requests checked field by field ({@code E,!SYNTAX_ERROR!} otherwise), answers of {@code
 * <RequestID>,LH,<payload>,} lines ending with {@code <RequestID>,!ENDMSG!,}, and error answers. Each
 * request's answer is scripted per symbol and day (ticks) or per symbol (daily): data, an error text,
 * a cut after some lines on the first attempts (or always), and a delay before each line. Unscripted
 * requests get {@code !NO_DATA!}. It records every request with its arrival time and the most
 * connections and answers it had open at once.
 */
public final class FakeIqConnect implements AutoCloseable {
  private static final DateTimeFormatter WIRE_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  /**
   * How to answer a request.
   *
   * @param payload data lines without RequestID and {@code LH} (each ending with a comma)
   * @param error an error text instead of data ({@code !NO_DATA!}, {@code Invalid symbol.}, ...)
   * @param cutAttempts the first this many attempts are cut
   * @param cutAfterLines lines sent before a cut
   * @param delayMs pause before each line
   */
  public record Answer(List<String> payload, String error, int cutAttempts, int cutAfterLines, long delayMs) {
    public static Answer data(List<String> payload) {
      return new Answer(payload, null, 0, 0, 0);
    }

    public static Answer error(String text) {
      return new Answer(List.of(), text, 0, 0, 0);
    }

    /** The first {@code attempts} answers (Integer.MAX_VALUE: all) close the connection after {@code lines}. */
    Answer cutFirst(int attempts, int lines) {
      return new Answer(payload, error, attempts, lines, delayMs);
    }

    Answer slow(long ms) {
      return new Answer(payload, error, cutAttempts, cutAfterLines, ms);
    }
  }

  /** A request line and when it arrived (System.nanoTime). */
  record Received(String line, long nanos) {}

  private final ServerSocket server;
  private final Map<String, Answer> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private final AtomicInteger answering = new AtomicInteger();
  private final AtomicInteger maxAnswering = new AtomicInteger();
  /** The handshake's answer; an old IQConnect says {@code E,6.2 is not a valid protocol.,}. */
  volatile String protocolAnswer = "S,CURRENT PROTOCOL,6.2,";

  public FakeIqConnect() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "fake-iqconnect-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public void ticks(String symbol, LocalDate day, Answer a) {
    scripts.put("HTT " + symbol + " " + day.format(WIRE_DATE), a);
  }

  public void daily(String symbol, Answer a) {
    scripts.put("HDT " + symbol, a);
  }

  /** Request lines received, in arrival order. */
  public List<String> requests() {
    return received.stream().map(Received::line).toList();
  }

  /** Most connections open at once. */
  int maxOpenConnections() {
    return maxOpen.get();
  }

  /** Most answers being sent at once. */
  int maxAnswersAtOnce() {
    return maxAnswering.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread t = new Thread(() -> serve(s), "fake-iqconnect-" + s.getPort());
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    try (s) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      Writer out = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.ISO_8859_1));
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("S,SET PROTOCOL,")) {
          send(out, protocolAnswer);
          out.flush();
          continue;
        }
        received.add(new Received(line, System.nanoTime()));
        maxAnswering.accumulateAndGet(answering.incrementAndGet(), Math::max);
        try {
          if (!answer(line, out)) {
            return; // cut: closing the socket ends the answer early
          }
        } finally {
          answering.decrementAndGet();
        }
      }
    } catch (IOException e) {
      // the client closed or reset the connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.decrementAndGet();
    }
  }

  /** Answers one request; false when the answer was cut. */
  private boolean answer(String line, Writer out) throws IOException, InterruptedException {
    String[] f = line.split(",", -1);
    String rid;
    String key;
    if (f[0].equals("HTT") && f.length >= 9 && f.length <= 10 && f[2].matches("\\d{8} \\d{6}")
        && f[3].matches("\\d{8} \\d{6}") && f[4].isEmpty() && f[7].equals("1") && !f[8].isEmpty()) {
      rid = f[8];
      key = "HTT " + f[1] + " " + f[2].substring(0, 8);
    } else if (f[0].equals("HDT") && f.length >= 7 && f.length <= 8 && f[2].matches("\\d{8}")
        && f[3].matches("\\d{8}") && f[5].equals("1") && !f[6].isEmpty()) {
      rid = f[6];
      key = "HDT " + f[1];
    } else {
      rid = f[f.length - 1];
      send(out, rid + ",E,!SYNTAX_ERROR!,");
      send(out, rid + ",!ENDMSG!,");
      out.flush();
      return true;
    }
    Answer a = scripts.getOrDefault(key, Answer.error("!NO_DATA!"));
    int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    boolean cut = attempt <= a.cutAttempts();
    if (a.error() != null) {
      send(out, rid + ",E," + a.error() + ",");
    } else {
      List<String> payload = a.payload();
      for (int i = 0; i < payload.size(); i++) {
        if (cut && i == a.cutAfterLines()) {
          out.flush();
          return false;
        }
        if (a.delayMs() > 0) {
          out.flush();
          Thread.sleep(a.delayMs());
        }
        send(out, rid + ",LH," + payload.get(i));
      }
    }
    if (cut) {
      out.flush();
      return false;
    }
    send(out, rid + ",!ENDMSG!,");
    out.flush();
    return true;
  }

  private static void send(Writer out, String line) throws IOException {
    out.write(line);
    out.write("\r\n");
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : new ArrayList<>(sockets)) {
      s.close();
    }
  }
}
