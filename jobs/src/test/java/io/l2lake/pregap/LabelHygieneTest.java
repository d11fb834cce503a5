package io.l2lake.pregap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.l2lake.lake.Schemas;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The hygiene flags on hand-made bars: a reversed thin gap, a real gap, a zero-volume day, an absurd open, a hole. */
class LabelHygieneTest {

  @Test
  void suspectedHaltsAndBadPrintsAreFlaggedAndOrdinaryGapsAreNot() {
    List<LocalDate> days = new ArrayList<>(Bars.weekdays(LocalDate.of(2024, 1, 1), 30));
    days.add(days.get(29).plusDays(6)); // day 30: six calendar days after day 29 (within max-gap-days 7)
    days.add(days.get(30).plusDays(1));
    List<Bars.Bar> bars = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      double open = 1.0;
      double high = 1.05;
      double low = 0.95;
      double close = 1.0;
      long volume = 10_000;
      switch (i) {
        case 22 -> { // +30% gap, back below the previous close by the close, on a tenth of the usual volume
          open = 1.3;
          high = 1.3;
          close = 0.98;
          volume = 1_000;
        }
        case 23 -> { // a +30% gap that holds, on heavy volume
          open = 1.3;
          high = 1.3;
          close = 1.25;
          volume = 50_000;
        }
        case 24 -> { // -20% from 1.25 that does not reverse
          open = 1.0;
          close = 1.0;
        }
        case 26 -> volume = 0; // no shares: day 27's previous close is stale
        case 28 -> { // an open 15 times the previous close
          open = 15.0;
          high = 15.0;
        }
        case 29 -> { // +25% gap, fully reversed by the close on a thin volume
          open = 1.25;
          high = 1.25;
          close = 1.0;
          volume = 4_000;
        }
        default -> { }
      }
      bars.add(new Bars.Bar("H", days.get(i), open, high, low, close, volume));
    }
    PregapParams p = PregapParams.defaults();
    List<Row> rows = GapFeatures.build(Bars.frame(bars), null, p).orderBy(Schemas.TRADE_DATE).collectAsList();
    Boolean[][] want = new Boolean[rows.size()][];
    for (int i = 1; i < rows.size(); i++) {
      want[i] = new Boolean[] {false, false};
    }
    want[0] = new Boolean[] {null, null}; // no previous bar: no label, no flag
    want[22] = new Boolean[] {false, true}; // reversed thin gap
    want[27] = new Boolean[] {true, false}; // D-1 traded nothing
    want[28] = new Boolean[] {false, true}; // absurd open
    want[29] = new Boolean[] {false, true}; // reversed thin gap: 4,000 < 0.5 x the 20-bar mean
    want[30] = new Boolean[] {true, false}; // six calendar days since D-1
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      Boolean halt = r.getAs(LabelHygiene.HALT);
      Boolean bad = r.getAs(LabelHygiene.BAD_PRINT);
      if (want[i][0] == null) {
        assertNull(halt, "day " + i);
        assertNull(bad, "day " + i);
      } else {
        assertEquals(want[i][0], halt, "halt, day " + i);
        assertEquals(want[i][1], bad, "bad print, day " + i);
      }
    }
    assertEquals(1, rows.get(23).<Integer>getAs("gap_up_20"), "the real gap stays a gap and is not flagged");
    assertEquals(1, rows.get(24).<Integer>getAs("gap_down_20"));
  }
}
