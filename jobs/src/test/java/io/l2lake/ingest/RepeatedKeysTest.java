package io.l2lake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A file's key hashes: a repeat is always seen, distinct keys are not reported as repeats. */
class RepeatedKeysTest {
  @Test
  void distinctKeysDoNotRepeatThroughManyGrowths() {
    RepeatedKeys keys = new RepeatedKeys();
    Set<Long> hashes = new HashSet<>();
    for (int day = 20_000; day < 20_010; day++) {
      for (int mc : new int[] {5, 19}) {
        for (long id = 1; id <= 20_000; id++) {
          long h = RepeatedKeys.tickKey(day, mc, id);
          hashes.add(h);
          assertFalse(keys.add(h));
        }
      }
    }
    assertEquals(400_000, hashes.size(), "400,000 distinct keys, 400,000 distinct hashes");
    assertFalse(keys.repeated());
    // Every key again is a repeat.
    assertTrue(keys.add(RepeatedKeys.tickKey(20_003, 19, 12_345L)));
    assertTrue(keys.repeated());
  }

  @Test
  void theKeyHoldsDayMarketCenterAndTickId() {
    RepeatedKeys keys = new RepeatedKeys();
    assertFalse(keys.add(RepeatedKeys.tickKey(20_000, 5, 1L)));
    assertFalse(keys.add(RepeatedKeys.tickKey(20_001, 5, 1L)));
    assertFalse(keys.add(RepeatedKeys.tickKey(20_000, 19, 1L)));
    assertFalse(keys.add(RepeatedKeys.tickKey(20_000, null, 1L)));
    assertFalse(keys.add(RepeatedKeys.tickKey(20_000, 5, null)));
    assertFalse(keys.repeated());
    assertTrue(keys.add(RepeatedKeys.tickKey(20_000, null, 1L)));
    assertTrue(keys.repeated());

    RepeatedKeys days = new RepeatedKeys();
    assertFalse(days.add(RepeatedKeys.dayKey(20_000)));
    assertFalse(days.add(RepeatedKeys.dayKey(20_001)));
    assertTrue(days.add(RepeatedKeys.dayKey(20_000)));
  }

  @Test
  void aHashOfZeroIsRememberedToo() {
    RepeatedKeys keys = new RepeatedKeys();
    assertFalse(keys.add(0L));
    assertFalse(keys.repeated());
    assertTrue(keys.add(0L));
    assertTrue(keys.repeated());
  }

  @Test
  void pastTheLimitAFileCountsAsRepeating() {
    RepeatedKeys keys = new RepeatedKeys();
    for (long id = 1; id <= RepeatedKeys.MAX_KEYS; id++) {
      assertFalse(keys.add(RepeatedKeys.tickKey(20_000, 5, id)));
    }
    assertFalse(keys.repeated());
    assertTrue(keys.add(RepeatedKeys.tickKey(20_000, 5, RepeatedKeys.MAX_KEYS + 1L)));
    assertTrue(keys.repeated());
    assertTrue(keys.add(RepeatedKeys.tickKey(20_001, 5, 1L)), "no longer looked at: may repeat");
  }
}
