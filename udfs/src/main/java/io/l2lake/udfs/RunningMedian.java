package io.l2lake.udfs;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.LongConsumer;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The exact lower median of a column of longs: the value at rank ceil(n/2) of the n non-null values
 * seen, so always one of them (of 10, 20, 30, 40 it is 20). Nulls are skipped; no values gives null.
 *
 * <p>Meant for an expanding window ({@code rowsBetween(unboundedPreceding, currentRow)}): Spark keeps
 * one buffer per window partition, adds each row to it and reads the median after every row. The
 * buffer is a max-heap of the lower half and a min-heap of the upper half, so a row costs O(log n) and
 * a read O(1): a symbol-day of n trades costs O(n log n). {@code percentile_approx} in the same frame
 * re-compresses its summary at every read, which made the day quadratic. Neither runs on the GPU
 * inside a window, so the window stays the stage's one CPU operator either way.
 *
 * <p>CPU only, for now: this is a typed {@link Aggregator} (registered with {@code functions.udaf}),
 * and the RAPIDS Accelerator's columnar hook, {@code RapidsUDF}, exists for scalar functions only; an
 * aggregate has no GPU path a project can supply. A GPU version would have to be a different
 * formulation (a sort of each symbol-day's sizes and a rank per row, both built-in expressions),
 * which costs a self-join per day and was not worth it on the CPU. The sync stage's GPU plan
 * (docs/gpu-plan.md) lists this window among its CPU operators.
 */
public final class RunningMedian extends Aggregator<Long, RunningMedian.Halves, Long> {
  private static final long serialVersionUID = 1L;

  @Override
  public Halves zero() {
    return new Halves();
  }

  @Override
  public Halves reduce(Halves halves, Long value) {
    if (value != null) {
      halves.add(value);
    }
    return halves;
  }

  @Override
  public Halves merge(Halves a, Halves b) {
    b.lower.forEach(a::add);
    b.upper.forEach(a::add);
    return a;
  }

  @Override
  public Long finish(Halves halves) {
    return halves.lower.isEmpty() ? null : halves.lower.peek();
  }

  @Override
  public Encoder<Halves> bufferEncoder() {
    return Encoders.javaSerialization(Halves.class);
  }

  @Override
  public Encoder<Long> outputEncoder() {
    return Encoders.LONG();
  }

  /** The values split in two halves; the lower holds ceil(n/2) of them, its largest on top. */
  public static final class Halves implements Serializable {
    private static final long serialVersionUID = 1L;
    final LongHeap lower = new LongHeap(true);
    final LongHeap upper = new LongHeap(false);

    void add(long value) {
      if (lower.isEmpty() || value <= lower.peek()) {
        lower.push(value);
      } else {
        upper.push(value);
      }
      if (lower.size() > upper.size() + 1) {
        upper.push(lower.pop());
      } else if (upper.size() > lower.size()) {
        lower.push(upper.pop());
      }
    }
  }

  /** A binary heap of primitive longs: largest on top when {@code max}, smallest otherwise. */
  static final class LongHeap implements Serializable {
    private static final long serialVersionUID = 1L;
    private final boolean max;
    private long[] values = new long[16];
    private int size;

    LongHeap(boolean max) {
      this.max = max;
    }

    int size() {
      return size;
    }

    boolean isEmpty() {
      return size == 0;
    }

    long peek() {
      if (size == 0) {
        throw new IllegalStateException("empty heap");
      }
      return values[0];
    }

    void push(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!above(value, values[parent])) {
          break;
        }
        values[i] = values[parent];
        i = parent;
      }
      values[i] = value;
    }

    long pop() {
      long top = peek();
      long last = values[--size];
      int i = 0;
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        if (child + 1 < size && above(values[child + 1], values[child])) {
          child++;
        }
        if (!above(values[child], last)) {
          break;
        }
        values[i] = values[child];
        i = child;
      }
      if (size > 0) {
        values[i] = last;
      }
      return top;
    }

    void forEach(LongConsumer action) {
      for (int i = 0; i < size; i++) {
        action.accept(values[i]);
      }
    }

    private boolean above(long a, long b) {
      return max ? a > b : a < b;
    }
  }
}
