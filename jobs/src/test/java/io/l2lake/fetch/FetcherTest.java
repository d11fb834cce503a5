package io.l2lake.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.L2Config;
import io.l2lake.fetch.FakeIqConnect.Answer;
import io.l2lake.fetch.Fetcher.Done;
import io.l2lake.fetch.Fetcher.Outcome;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, atomic publication, stops, and the concurrency and rate bounds, against the fake server. */
class FetcherTest {
  static final LocalDate D1 = LocalDate.of(2025, 11, 18);
  static final LocalDate D2 = LocalDate.of(2025, 11, 19);
  static final LocalDate D3 = LocalDate.of(2025, 11, 20);

  @TempDir Path raw;
  FakeIqConnect server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeIqConnect();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private L2Config.Fetch settings(int concurrent, double rate, int retries, int readTimeoutMs) {
    return new L2Config.Fetch("127.0.0.1", server.port(), concurrent, rate, retries, 5, 2_000, readTimeoutMs, 180);
  }

  private List<Done> fetch(L2Config.Fetch s, FetchRequest... requests) throws Exception {
    return new Fetcher(s, FileSystem.getLocal(new Configuration()), raw.toString()).fetch(List.of(requests));
  }

  /** Every file under the landing zone, relative, without checksum side files. */
  private List<String> files() throws Exception {
    try (Stream<Path> s = Files.walk(raw)) {
      return s.filter(Files::isRegularFile).map(p -> raw.relativize(p).toString())
          .filter(p -> !p.endsWith(".crc")).sorted().toList();
    }
  }

  private List<String> fileLines(String relative) throws Exception {
    return Files.readAllLines(raw.resolve(relative), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aCompleteAnswerIsPublishedWithItsEndLine() throws Exception {
    List<String> payload = Answers.ticks(D1, 6);
    server.ticks("ABCD", D1, Answer.data(payload));
    server.daily("ABCD", Answer.data(Answers.dailyBars(List.of(D1, D2, D3))));
    List<Done> done = fetch(settings(2, 100, 2, 2_000), FetchRequest.daily("ABCD", D1, D3),
        FetchRequest.ticks("ABCD", D1));
    assertEquals(List.of(Outcome.OK, Outcome.OK), done.stream().map(Done::outcome).toList());
    assertEquals(List.of("iqfeed/daily/ABCD/ABCD_daily_2025-11-18_2025-11-20.csv",
        "iqfeed/ticks/ABCD/ABCD_2025-11-18.csv"), files());
    Done t = done.get(1);
    assertEquals("iqfeed/ticks/ABCD/ABCD_2025-11-18.csv", t.file());
    assertEquals(6, t.lines());
    assertEquals(1, t.attempts());
    List<String> expected = new ArrayList<>(payload.stream().map(p -> t.requestId() + ",LH," + p).toList());
    expected.add(t.requestId() + ",!ENDMSG!,");
    assertEquals(expected, fileLines(t.file()));
    assertEquals(4, fileLines(done.get(0).file()).size());
  }

  @Test
  void aCutAnswerIsRetriedAndOnlyTheCompleteOneIsPublished() throws Exception {
    server.ticks("ABCD", D2, Answer.data(Answers.ticks(D2, 20)).cutFirst(1, 7));
    Done d = fetch(settings(1, 100, 2, 2_000), FetchRequest.ticks("ABCD", D2)).get(0);
    assertEquals(Outcome.OK, d.outcome());
    assertEquals(2, d.attempts());
    assertEquals(20, d.lines());
    assertEquals(List.of("iqfeed/ticks/ABCD/ABCD_2025-11-19.csv"), files());
    assertEquals(21, fileLines(d.file()).size());
    assertEquals(2, server.requests().size());
  }

  @Test
  void anAlwaysCutAnswerGivesUpAndLeavesNoFile() throws Exception {
    server.ticks("ABCD", D2, Answer.data(Answers.ticks(D2, 20)).cutFirst(Integer.MAX_VALUE, 7));
    Done d = fetch(settings(1, 100, 2, 2_000), FetchRequest.ticks("ABCD", D2)).get(0);
    assertEquals(Outcome.CUT_GAVE_UP, d.outcome());
    assertEquals(3, d.attempts());
    assertNull(d.file());
    assertTrue(d.message().startsWith("cut 3 times"), d.message());
    assertEquals(List.of(), files(), "no part file and no published file");
    assertTrue(Files.isDirectory(raw.resolve("iqfeed/ticks/ABCD")), "the part file was written, then removed");
  }

  @Test
  void anAnswerSilentBeyondTheReadTimeoutCountsAsCut() throws Exception {
    server.ticks("SLOW", D1, Answer.data(Answers.ticks(D1, 3)).slow(100));
    server.ticks("STAL", D1, Answer.data(Answers.ticks(D1, 3)).slow(700));
    List<Done> done = fetch(settings(2, 100, 1, 400), FetchRequest.ticks("SLOW", D1), FetchRequest.ticks("STAL", D1));
    assertEquals(Outcome.OK, done.get(0).outcome());
    assertEquals(Outcome.CUT_GAVE_UP, done.get(1).outcome());
    assertTrue(done.get(1).message().contains("read timeout"), done.get(1).message());
    assertEquals(List.of("iqfeed/ticks/SLOW/SLOW_2025-11-18.csv"), files());
  }

  @Test
  void anInvalidSymbolStopsTheRestOfThatSymbolOnly() throws Exception {
    server.daily("XXXX", Answer.error("Invalid symbol."));
    server.ticks("ABCD", D1, Answer.data(Answers.ticks(D1, 3)));
    server.ticks("SYNT", D1, Answer.error("!SYNTAX_ERROR!"));
    List<Done> done = fetch(settings(1, 100, 2, 2_000), FetchRequest.daily("XXXX", D1, D3),
        FetchRequest.ticks("XXXX", D1), FetchRequest.ticks("ABCD", D1), FetchRequest.ticks("XXXX", D2),
        FetchRequest.ticks("SYNT", D1), FetchRequest.ticks("SYNT", D2));
    assertEquals(List.of(Outcome.INVALID_SYMBOL, Outcome.INVALID_SYMBOL, Outcome.OK, Outcome.INVALID_SYMBOL,
        Outcome.ERROR, Outcome.ERROR), done.stream().map(Done::outcome).toList());
    assertEquals(List.of(1, 0, 1, 0, 1, 0), done.stream().map(Done::attempts).toList());
    assertTrue(done.get(1).message().startsWith("not sent: IQFeed answered F1 (XXXX daily 2025-11-18..2025-11-20)"
        + " with 'Invalid symbol.'"), done.get(1).message());
    assertNull(done.get(1).requestId());
    assertTrue(done.get(5).message().contains("!SYNTAX_ERROR!"), done.get(5).message());
    assertEquals(3, server.requests().size(), "only the first request of each stopped symbol was sent");
    assertEquals(List.of("iqfeed/ticks/ABCD/ABCD_2025-11-18.csv"), files());
  }

  @Test
  void noDataPublishesNothing() throws Exception {
    Done d = fetch(settings(1, 100, 2, 2_000), FetchRequest.ticks("NODA", D1)).get(0);
    assertEquals(Outcome.NO_DATA, d.outcome());
    assertEquals("!NO_DATA!", d.message());
    assertEquals(List.of(), files());
  }

  @Test
  void aRepeatedDownloadReplacesAnOlderFileOfTheSameName() throws Exception {
    Path old = raw.resolve("iqfeed/ticks/ABCD/ABCD_2025-11-18.csv");
    Files.createDirectories(old.getParent());
    Files.writeString(old, "an incomplete answer\r\n");
    server.ticks("ABCD", D1, Answer.data(Answers.ticks(D1, 4)));
    Done d = fetch(settings(1, 100, 2, 2_000), FetchRequest.ticks("ABCD", D1)).get(0);
    assertEquals(Outcome.OK, d.outcome());
    List<String> lines = fileLines(d.file());
    assertEquals(5, lines.size());
    assertTrue(lines.get(4).endsWith(",!ENDMSG!,"));
  }

  @Test
  void concurrencyAndRequestRateStayWithinTheirBounds() throws Exception {
    List<FetchRequest> requests = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String symbol = "S" + i;
      server.ticks(symbol, D1, Answer.data(Answers.ticks(D1, 3)).slow(40));
      requests.add(FetchRequest.ticks(symbol, D1));
    }
    double rate = 10;
    List<Done> done = fetch(settings(3, rate, 0, 2_000), requests.toArray(FetchRequest[]::new));
    assertTrue(done.stream().allMatch(d -> d.outcome() == Outcome.OK));
    assertEquals(3, server.maxOpenConnections(), "one connection per worker, no more");
    assertTrue(server.maxAnswersAtOnce() <= 3, "answers at once: " + server.maxAnswersAtOnce());
    assertTrue(server.maxAnswersAtOnce() >= 2, "the workers did run in parallel");
    // A bucket of one token: n requests span at least (n - 1) / rate seconds. Unlimited, three
    // connections would finish twelve 120 ms answers in about 0.5 s.
    List<FakeIqConnect.Received> r = server.received;
    double span = (r.get(r.size() - 1).nanos() - r.get(0).nanos()) / 1e9;
    assertTrue(span >= (r.size() - 1) / rate * 0.9, "12 requests within " + span + " s");
    for (int i = 2; i < r.size(); i++) {
      double two = (r.get(i).nanos() - r.get(i - 2).nanos()) / 1e9;
      assertTrue(two >= 2 / rate * 0.5, "requests " + (i - 2) + " and " + i + " only " + two + " s apart");
    }
  }

  @Test
  void anUnreachableServerStopsAllRequests() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    L2Config.Fetch s = new L2Config.Fetch("127.0.0.1", closedPort, 1, 100, 1, 5, 500, 500, 180);
    List<Done> done = new Fetcher(s, FileSystem.getLocal(new Configuration()), raw.toString())
        .fetch(List.of(FetchRequest.ticks("ABCD", D1), FetchRequest.ticks("ABCD", D2), FetchRequest.ticks("WXYZ", D1)));
    assertEquals(List.of(Outcome.CUT_GAVE_UP, Outcome.ERROR, Outcome.ERROR),
        done.stream().map(Done::outcome).toList());
    assertNull(done.get(0).requestId(), "nothing was sent");
    assertEquals(2, done.get(0).attempts());
    assertTrue(done.get(2).message().startsWith("not sent: cannot connect to IQConnect at 127.0.0.1:" + closedPort),
        done.get(2).message());
  }
}
