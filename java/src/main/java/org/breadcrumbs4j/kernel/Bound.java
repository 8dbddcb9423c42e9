// Bound.java — one rank boundary of a ranking unit, exact or provisional (mirrors bc_bound in bc.h).
package org.breadcrumbs4j.kernel;

/**
 * A rank boundary r over keys (bits of |d| as unsigned ints; compare with {@link Integer#compareUnsigned}).
 * An element ranks before the boundary iff key &gt; keyHi, or key == keyHi == keyLo and index &lt; cut.
 * Keys in [keyLo, keyHi] with keyLo &lt; keyHi are undecided (a window; the element is a candidate), and
 * provisionally rank before iff key &gt; the guess held in {@code cut} (an unsigned key in [keyLo, keyHi]).
 *
 * @param keyHi keys above this rank before the boundary (unsigned)
 * @param keyLo keys below this rank after it (unsigned)
 * @param cut   in point mode (keyLo == keyHi) elements with key == keyHi rank before iff index &lt; cut
 */
public record Bound(int keyHi, int keyLo, long cut) {
  /** r = 0: no element ranks before. */
  public static final Bound NONE_BEFORE = new Bound(0xFFFFFFFF, 0xFFFFFFFF, 0);
  /** r = n: every element ranks before. */
  public static final Bound ALL_BEFORE = new Bound(0, 0, Long.MAX_VALUE);

  /** The exact boundary at the element with this key and flat index (that element is the first not before). */
  public static Bound exact(int key, long index) {
    return new Bound(key, key, index);
  }

  /** A provisional window: keys in [keyLo, keyHi] are undecided; provisionally before iff key &gt; guess. */
  public static Bound window(int keyHi, int keyLo, int guess) {
    if (Integer.compareUnsigned(keyLo, keyHi) >= 0) {
      throw new IllegalArgumentException("window needs keyLo < keyHi");
    }
    return new Bound(keyHi, keyLo, guess & 0xFFFFFFFFL);
  }

  /** The provisional guess of a window bound. */
  public int guess() {
    return (int) cut;
  }

  /** True when every element is decided by this bound (point mode). */
  public boolean isPoint() {
    return keyHi == keyLo;
  }
}
