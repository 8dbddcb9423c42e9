// Coverage.java — which byte ranges of one output tensor have been written (writer stage), so commit() can
// refuse a checkpoint with holes. Writes usually arrive in order, so this stays one or a few intervals.
package org.breadcrumbs4j.io;

import java.util.Map;
import java.util.TreeMap;

/** A set of disjoint, merged half-open intervals within [0, size). Thread-safe. */
final class Coverage {
  private final long size;
  private final TreeMap<Long, Long> ranges = new TreeMap<>(); // start -> end, disjoint and non-adjacent

  Coverage(long size) {
    this.size = size;
  }

  synchronized void add(long start, long end) {
    if (start >= end) {
      return;
    }
    Map.Entry<Long, Long> before = ranges.floorEntry(start);
    if (before != null && before.getValue() >= start) {
      start = before.getKey();
      end = Math.max(end, before.getValue());
    }
    // absorb every range that starts inside [start, end]
    for (Map.Entry<Long, Long> e = ranges.ceilingEntry(start); e != null && e.getKey() <= end;
        e = ranges.ceilingEntry(start)) {
      end = Math.max(end, e.getValue());
      ranges.remove(e.getKey());
    }
    ranges.put(start, end);
  }

  synchronized boolean complete() {
    return size == 0 || (ranges.size() == 1 && ranges.firstKey() == 0 && ranges.firstEntry().getValue() == size);
  }

  /** The first missing range, as "[a, b)", or null when complete. */
  synchronized String firstHole() {
    long pos = 0;
    for (Map.Entry<Long, Long> e : ranges.entrySet()) {
      if (e.getKey() > pos) {
        return "[" + pos + ", " + e.getKey() + ")";
      }
      pos = e.getValue();
    }
    return pos < size ? "[" + pos + ", " + size + ")" : null;
  }

  synchronized long covered() {
    long n = 0;
    for (Map.Entry<Long, Long> e : ranges.entrySet()) {
      n += e.getValue() - e.getKey();
    }
    return n;
  }
}
