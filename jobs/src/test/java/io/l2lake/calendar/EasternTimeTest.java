package io.l2lake.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EasternTimeTest {
  @Test
  void convertsAcrossDaylightSavingChanges() {
    EasternTime clock = new EasternTime();
    // 2021-03-12 (EST, UTC-5), 2021-03-15 (EDT, UTC-4); 2021-11-05 (EDT), 2021-11-08 (EST).
    assertEquals(LocalDate.of(2021, 3, 12).atTime(14, 30).toEpochSecond(ZoneOffset.UTC) * 1_000_000L,
        clock.toEpochMicros(2021, 3, 12, 9 * 3600 + 30 * 60, 0));
    assertEquals(LocalDate.of(2021, 3, 15).atTime(13, 30).toEpochSecond(ZoneOffset.UTC) * 1_000_000L,
        clock.toEpochMicros(2021, 3, 15, 9 * 3600 + 30 * 60, 0));
    assertEquals(LocalDate.of(2021, 11, 8).atTime(14, 30).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 7,
        clock.toEpochMicros(2021, 11, 8, 9 * 3600 + 30 * 60, 7));
    // On the change days themselves: 01:30 on 2021-11-07 is the first (EDT) occurrence, as java.time.
    assertEquals(micros("2021-11-07T01:30:00"), clock.toEpochMicros(2021, 11, 7, 5400, 0));
    assertEquals(micros("2021-03-14T04:00:00"), clock.toEpochMicros(2021, 3, 14, 4 * 3600, 0));
  }

  @Test
  void agreesWithJavaTimeOnRandomInstants() {
    Random r = new Random(7);
    EasternTime clock = new EasternTime();
    for (int i = 0; i < 20_000; i++) {
      LocalDate d = LocalDate.of(2015, 1, 1).plusDays(r.nextInt(4000));
      int sec = r.nextInt(86_400);
      int micros = r.nextInt(1_000_000);
      String text = d + " " + String.format("%02d:%02d:%02d.%06d", sec / 3600, sec / 60 % 60, sec % 60, micros);
      assertEquals(micros(text.replace(' ', 'T')),
          clock.toEpochMicros(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), sec, micros), text);
    }
  }

  @Test
  void parsesFractionsOfAnyLengthUpToNanoseconds() {
    assertEquals(512347, EasternTime.parseTimeOfDay("09:30:00.512347", 0, 15)[1]);
    assertEquals(500000, EasternTime.parseTimeOfDay("09:30:00.5", 0, 10)[1]);
    assertEquals(123456, EasternTime.parseTimeOfDay("09:30:00.123456789", 0, 18)[1]);
    assertEquals(0, EasternTime.parseTimeOfDay("09:30:00", 0, 8)[1]);
    assertNull(EasternTime.parseTimeOfDay("24:00:00", 0, 8));
    assertNull(EasternTime.parseTimeOfDay("09:30:00.", 0, 9));
    assertNull(EasternTime.parseTimeOfDay("09:3O:00", 0, 8));
  }

  /** The instant of an Eastern wall-clock time ({@code yyyy-MM-ddTHH:mm:ss[.ffffff]}), in microseconds. */
  static long micros(String easternLocal) {
    java.time.Instant t = java.time.LocalDateTime.parse(easternLocal).atZone(java.time.ZoneId.of("America/New_York"))
        .toInstant();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
