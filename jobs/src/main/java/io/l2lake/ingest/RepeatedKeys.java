package io.l2lake.ingest;

/**
 * Whether any de-duplication key of one file's records occurs twice, from 64-bit hashes of the keys
 * in an open-addressing set of longs (16 bytes a key at most).
 *
 * <p>Equal keys have equal hashes, so a repeated key is never missed; two different keys with the same
 * hash also report a repeat, which only sends the file through the batch de-duplication (exact)
 * that it could have skipped. The set holds at most {@link #MAX_KEYS} keys (32 MiB of slots): a file
 * with more is reported as repeating, without looking further, so a task's memory stays bounded
 * whatever the file's size; such a file, too, only goes through the batch de-duplication.
 */
final class RepeatedKeys {
  /** Keys remembered per file, beyond which the file is reported as repeating. */
  static final int MAX_KEYS = 1 << 21;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  /** Slots of the set; 0 marks an empty slot, so a hash of 0 is remembered by {@link #zeroSeen}. */
  private long[] slots = new long[256];
  private int size;
  private boolean zeroSeen;
  private boolean repeated;

  /** The key of a history tick within its file: trading day, market center, tick id. */
  static long tickKey(int epochDay, Integer marketCenter, Long tickId) {
    long h = epochDay;
    h = h * GOLDEN + (marketCenter == null ? Long.MIN_VALUE : marketCenter);
    h = h * GOLDEN + (tickId == null ? Long.MIN_VALUE : tickId);
    return mix(h);
  }

  /** The key of a daily bar within its file: its trading day. */
  static long dayKey(int epochDay) {
    return mix(epochDay);
  }

  /**
   * Records a key hash; true when it was seen before in this file (or, past {@link #MAX_KEYS}, when it
   * may have been).
   */
  boolean add(long hash) {
    if (slots == null) {
      return true;
    }
    if (hash == 0) {
      boolean seen = zeroSeen;
      zeroSeen = true;
      repeated |= seen;
      return seen;
    }
    if (size == MAX_KEYS) {
      slots = null;
      repeated = true;
      return true;
    }
    if ((size + 1) * 2 > slots.length) {
      grow();
    }
    int mask = slots.length - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    while (slots[i] != 0) {
      if (slots[i] == hash) {
        repeated = true;
        return true;
      }
      i = (i + 1) & mask;
    }
    slots[i] = hash;
    size++;
    return false;
  }

  /** True when some key hash was added twice. */
  boolean repeated() {
    return repeated;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long h : old) {
      if (h != 0) {
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = h;
      }
    }
  }

  /** The finaliser of SplitMix64: spreads every input bit over the whole word. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
