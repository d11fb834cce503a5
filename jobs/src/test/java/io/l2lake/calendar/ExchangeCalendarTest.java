package io.l2lake.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExchangeCalendarTest {
  @Test
  void holidaysOf2021And2022() {
    List<LocalDate> holidays2021 = LocalDate.of(2021, 1, 1).datesUntil(LocalDate.of(2022, 1, 1))
        .filter(ExchangeCalendar::isHoliday).toList();
    assertEquals(List.of(LocalDate.of(2021, 1, 1), LocalDate.of(2021, 1, 18), LocalDate.of(2021, 2, 15),
        LocalDate.of(2021, 4, 2), LocalDate.of(2021, 5, 31), LocalDate.of(2021, 7, 5),
        LocalDate.of(2021, 9, 6), LocalDate.of(2021, 11, 25), LocalDate.of(2021, 12, 24)), holidays2021);
    // New Year's Day 2022 was a Saturday: no Friday closure; Juneteenth starts in 2022 (Monday 20th).
    assertTrue(ExchangeCalendar.isTradingDay(LocalDate.of(2021, 12, 31)));
    assertFalse(ExchangeCalendar.isTradingDay(LocalDate.of(2022, 6, 20)));
    assertTrue(ExchangeCalendar.isTradingDay(LocalDate.of(2021, 6, 18)));
    // New Year's Day 2023 was a Sunday: closed Monday 2 January.
    assertFalse(ExchangeCalendar.isTradingDay(LocalDate.of(2023, 1, 2)));
  }

  @Test
  void goodFridayAndSpecialClosures() {
    assertEquals(LocalDate.of(2024, 3, 31), ExchangeCalendar.easter(2024));
    assertEquals(LocalDate.of(2025, 4, 20), ExchangeCalendar.easter(2025));
    assertFalse(ExchangeCalendar.isTradingDay(LocalDate.of(2024, 3, 29)));
    assertFalse(ExchangeCalendar.isTradingDay(LocalDate.of(2012, 10, 29)));
    assertFalse(ExchangeCalendar.isTradingDay(LocalDate.of(2025, 1, 9)));
    assertEquals(252, ExchangeCalendar.tradingDays(LocalDate.of(2019, 1, 1), LocalDate.of(2019, 12, 31)).size());
    assertEquals(252, ExchangeCalendar.tradingDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)).size());
  }
}
