// Outcome.java — what one kernel call produced (arrays, or the exception it threw), captured so that two
// backends' runs of the same call can be compared bit for bit in the cross-backend tests.
package org.breadcrumbs4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.breadcrumbs4j.kernel.ChunkStats;
import org.breadcrumbs4j.kernel.NonFiniteException;

/** Values in call order plus the error (exception class, and input/index for non-finite errors). */
public final class Outcome {
  private final List<Object> values = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();
  private String error;

  /** Runs the body, recording a thrown exception instead of propagating it. */
  public static Outcome of(Body body) {
    Outcome o = new Outcome();
    try {
      body.run(o);
    } catch (NonFiniteException e) {
      o.error = "NonFinite(input " + e.input() + ", index " + e.index() + ")";
    } catch (IllegalArgumentException | IllegalStateException e) {
      o.error = e.getClass().getSimpleName();
    }
    return o;
  }

  /** The body of a recorded run. */
  @FunctionalInterface
  public interface Body {
    void run(Outcome o);
  }

  public Outcome add(String label, Object value) {
    labels.add(label);
    values.add(copy(value));
    return this;
  }

  public Outcome stats(String label, ChunkStats s) {
    if (s.hasCounts()) {
      add(label + ".countAbove", s.countAbove);
      add(label + ".countPoint", s.countPoint);
      add(label + ".kept", s.kept);
    }
    add(label + ".counters", new long[] {s.conflicts, s.consensus, s.candidates});
    long stored = Math.min(s.candidates, s.candIndex.length);
    add(label + ".candIndex", Arrays.copyOf(s.candIndex, (int) stored));
    if (s.winCount != null) { // window recording: counts and the stored part of every slot
      add(label + ".winCount", s.winCount);
      for (int slot = 0; slot < s.winCount.length; slot++) {
        int at = slot * s.winCapacity;
        int n = (int) Math.min(s.winCount[slot], s.winCapacity);
        add(label + ".winIndex" + slot, Arrays.copyOfRange(s.winIndex, at, at + n));
        add(label + ".winKey" + slot, Arrays.copyOfRange(s.winKey, at, at + n));
      }
    }
    return this;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < labels.size(); i++) {
      if (values.get(i) instanceof String v) {
        b.append(labels.get(i)).append('=').append(v).append(' ');
      }
    }
    return b.toString();
  }

  public String error() {
    return error;
  }

  private static Object copy(Object v) {
    if (v instanceof byte[] b) {
      return b.clone();
    } else if (v instanceof long[] l) {
      return l.clone();
    } else if (v instanceof int[] i) {
      return i.clone();
    }
    return v;
  }

  /** Asserts that actual equals expected bit for bit, naming the first difference. */
  public static void assertSame(Outcome expected, Outcome actual, String what) {
    assertEquals(expected.error, actual.error, "error of " + what);
    assertEquals(expected.labels, actual.labels, "recorded values of " + what);
    for (int v = 0; v < expected.values.size(); v++) {
      Object e = expected.values.get(v);
      Object a = actual.values.get(v);
      if (!Arrays.deepEquals(new Object[] {e}, new Object[] {a})) {
        fail(what + ": " + expected.labels.get(v) + " differs " + firstDifference(e, a));
      }
    }
  }

  private static String firstDifference(Object e, Object a) {
    if (e instanceof byte[] eb && a instanceof byte[] ab) {
      for (int i = 0; i < Math.min(eb.length, ab.length); i++) {
        if (eb[i] != ab[i]) {
          return "at byte " + i + ": expected " + eb[i] + " but was " + ab[i];
        }
      }
      return "in length: " + eb.length + " vs " + ab.length;
    }
    if (e instanceof long[] el && a instanceof long[] al) {
      return ": expected " + summary(Arrays.toString(el)) + " but was " + summary(Arrays.toString(al));
    }
    if (e instanceof int[] ei && a instanceof int[] ai) {
      return ": expected " + summary(Arrays.toString(ei)) + " but was " + summary(Arrays.toString(ai));
    }
    return ": expected " + e + " but was " + a;
  }

  private static String summary(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
