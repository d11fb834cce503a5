package io.l2lake.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.fetch.FakeIqConnect.Answer;
import io.l2lake.fetch.IqFeedClient.Status;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's outcome for each way the lookup port can answer. */
class IqFeedClientTest {
  static final LocalDate DAY = LocalDate.of(2025, 11, 20);

  FakeIqConnect server;
  IqFeedClient client;
  final List<String> lines = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new FakeIqConnect();
    client = new IqFeedClient("127.0.0.1", server.port(), 2_000, 500);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  private IqFeedClient.Answer ticks(String symbol, String id) throws Exception {
    if (!client.connected()) {
      client.connect();
    }
    return client.request(FetchRequest.ticks(symbol, DAY).command(id), id, lines::add);
  }

  @Test
  void aCompleteAnswerStreamsItsLinesAsSent() throws Exception {
    List<String> payload = Answers.ticks(DAY, 5);
    server.ticks("ABCD", DAY, Answer.data(payload));
    IqFeedClient.Answer a = ticks("ABCD", "F1");
    assertEquals(new IqFeedClient.Answer(Status.OK, 5, null), a);
    assertEquals(payload.stream().map(p -> "F1,LH," + p).toList(), lines);
    assertEquals(List.of("HTT,ABCD,20251120 040000,20251120 200000,,,,1,F1"), server.requests());
    assertTrue(client.connected(), "a complete answer keeps the connection");
    // The same connection serves the next request.
    server.daily("ABCD", Answer.data(Answers.dailyBars(List.of(DAY))));
    IqFeedClient.Answer d = client.request(FetchRequest.daily("ABCD", DAY, DAY).command("F2"), "F2", lines::add);
    assertEquals(Status.OK, d.status());
    assertEquals("HDT,ABCD,20251120,20251120,,1,F2", server.requests().get(1));
    assertEquals(1, server.maxOpenConnections());
  }

  @Test
  void errorAnswersAreClassified() throws Exception {
    server.ticks("NODA", DAY, Answer.error("!NO_DATA!"));
    server.ticks("XXXX", DAY, Answer.error("Invalid symbol."));
    server.ticks("UNAU", DAY, Answer.error("Unauthorized user ID."));
    assertEquals(new IqFeedClient.Answer(Status.NO_DATA, 0, "!NO_DATA!"), ticks("NODA", "F1"));
    assertEquals(new IqFeedClient.Answer(Status.INVALID_SYMBOL, 0, "Invalid symbol."), ticks("XXXX", "F2"));
    assertEquals(new IqFeedClient.Answer(Status.ERROR, 0, "Unauthorized user ID."), ticks("UNAU", "F3"));
    // A request the server cannot parse: its RequestID still frames the answer.
    IqFeedClient.Answer bad = client.request("HTT,ABCD,yesterday,F4", "F4", lines::add);
    assertEquals(new IqFeedClient.Answer(Status.ERROR, 0, "!SYNTAX_ERROR!"), bad);
    assertTrue(lines.isEmpty());
    assertTrue(client.connected(), "error answers end normally");
  }

  @Test
  void aConnectionClosedMidAnswerIsACut() throws Exception {
    server.ticks("ABCD", DAY, Answer.data(Answers.ticks(DAY, 10)).cutFirst(1, 4));
    IqFeedClient.Answer a = ticks("ABCD", "F1");
    assertEquals(Status.CUT, a.status());
    assertEquals(4, a.lines());
    assertTrue(a.message().contains("before !ENDMSG!"), a.message());
    assertFalse(client.connected(), "a cut connection is closed");
    // A new connection gets the whole answer.
    lines.clear();
    assertEquals(new IqFeedClient.Answer(Status.OK, 10, null), ticks("ABCD", "F2"));
    assertEquals(10, lines.size());
  }

  @Test
  void aSlowAnswerWithinTheReadTimeoutIsComplete() throws Exception {
    server.ticks("SLOW", DAY, Answer.data(Answers.ticks(DAY, 4)).slow(150)); // read timeout 500 ms
    assertEquals(new IqFeedClient.Answer(Status.OK, 4, null), ticks("SLOW", "F1"));
  }

  @Test
  void silenceBeyondTheReadTimeoutIsACut() throws Exception {
    server.ticks("STAL", DAY, Answer.data(Answers.ticks(DAY, 3)).slow(1_200));
    long start = System.nanoTime();
    IqFeedClient.Answer a = ticks("STAL", "F1");
    assertEquals(Status.CUT, a.status());
    assertTrue(a.message().contains("read timeout"), a.message());
    assertTrue(System.nanoTime() - start < 1_100_000_000L, "gave up at the read timeout");
    assertFalse(client.connected());
  }

  @Test
  void anOldProtocolIsRefusedAtTheHandshake() throws Exception {
    server.protocolAnswer = "E,6.2 is not a valid protocol.,";
    IqFeedClient.HandshakeRefused e = assertThrows(IqFeedClient.HandshakeRefused.class, client::connect);
    assertTrue(e.getMessage().contains("6.2 is not a valid protocol."), e.getMessage());
    server.protocolAnswer = "S,CURRENT PROTOCOL,6.1,";
    e = assertThrows(IqFeedClient.HandshakeRefused.class, client::connect);
    assertTrue(e.getMessage().contains("'6.1'"), e.getMessage());
    assertFalse(client.connected());
  }
}
